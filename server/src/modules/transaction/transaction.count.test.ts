import type { CreateTransactionInput, TransactionFilters, TransactionType, User } from '@finailytics/shared';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactionDailyTotals, transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

/*
 * transaction.list's totalCount comes from the daily rollup when the filters are type, category and
 * dates only, and from the ledger otherwise. Each test compares it with the rows actually stored,
 * filtered here in plain code, for every combination of those filters.
 */

const database = useTestDatabase();

/** The list's filters without its order. */
type Filters = Partial<Omit<TransactionFilters, 'sortBy' | 'sortDir'>>;

type Caller = Awaited<ReturnType<typeof createTestCaller>>['caller'];

async function signedInUser() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock: new ManualClock('2026-03-15T12:00:00.000Z') });
  return { user, caller };
}

function entry(overrides: Partial<CreateTransactionInput> = {}): CreateTransactionInput {
  return { title: 'Groceries', type: 'EXPENSE', amount: 10, category: 'Food', date: '2026-03-05', ...overrides };
}

/** Rows on the range bounds, inside, outside, and several sharing one day, type and category. */
const seed: CreateTransactionInput[] = [
  entry({ title: 'Bread', date: '2026-02-28' }),
  entry({ title: 'Milk', date: '2026-03-01' }),
  entry({ title: 'Cheese', date: '2026-03-05' }),
  entry({ title: 'Apples', date: '2026-03-05' }),
  entry({ title: 'Dinner', date: '2026-03-10', paymentMethod: 'CARD', description: 'Birthday' }),
  entry({ title: 'Snack', date: '2026-03-11' }),
  entry({ title: 'Flat', category: 'Rent', amount: 900, date: '2026-03-01', paymentMethod: 'BANK_TRANSFER' }),
  entry({ title: 'Flat', category: 'Rent', amount: 900, date: '2026-04-01', paymentMethod: 'BANK_TRANSFER' }),
  entry({ title: 'Salary', type: 'INCOME', category: 'Work', amount: 3000, date: '2026-03-05' }),
  entry({ title: 'Refund', type: 'INCOME', category: 'Food', amount: 4, date: '2026-03-10' }),
  entry({ title: 'Bonus', type: 'INCOME', category: 'Work', amount: 500, date: '2026-04-15' }),
];

async function ledger() {
  const owner = await signedInUser();
  for (const input of seed) await owner.caller.transaction.create(input);
  return owner;
}

const typeFilters: Array<TransactionType | undefined> = [undefined, 'INCOME', 'EXPENSE'];
// 'food' differs from 'Food' only in case: the category filter is an exact match.
const categoryFilters: Array<string | undefined> = [undefined, 'Food', 'Rent', 'Work', 'food'];
const rangeFilters: Array<{ from?: string; to?: string }> = [
  {},
  { from: '2026-03-05' },
  { to: '2026-03-05' },
  { from: '2026-03-01', to: '2026-03-10' },
  { from: '2026-03-05', to: '2026-03-05' },
  { from: '2026-04-01', to: '2026-04-30' },
  { from: '2026-05-01' },
];

function everyCombination(): Filters[] {
  return typeFilters.flatMap((type) =>
    categoryFilters.flatMap((category) => rangeFilters.map((range) => ({ type, category, ...range }))),
  );
}

interface StoredRow {
  title: string;
  description: string | null;
  type: string;
  category: string;
  date: string;
  paymentMethod: string;
  isRecurring: boolean;
}

async function storedRows(user: User): Promise<StoredRow[]> {
  return database.db
    .select({
      title: transactions.title,
      description: transactions.description,
      type: transactions.type,
      category: transactions.category,
      date: transactions.date,
      paymentMethod: transactions.paymentMethod,
      isRecurring: transactions.isRecurring,
    })
    .from(transactions)
    .where(eq(transactions.userId, user.id));
}

/** The list's filters applied in plain code to the stored rows. */
function matches(row: StoredRow, filters: Filters): boolean {
  const keyword = filters.keyword?.toLowerCase();
  return (
    (!filters.type || row.type === filters.type) &&
    (!filters.category || row.category === filters.category) &&
    (!filters.from || row.date >= filters.from) &&
    (!filters.to || row.date <= filters.to) &&
    (!filters.paymentMethod || row.paymentMethod === filters.paymentMethod) &&
    (!filters.recurringStatus || row.isRecurring === (filters.recurringStatus === 'RECURRING')) &&
    (!keyword ||
      [row.title, row.category, row.description ?? ''].some((field) => field.toLowerCase().includes(keyword)))
  );
}

/** Every combination whose totalCount differs from the stored rows, with both numbers; empty when all agree. */
async function countMismatches(caller: Caller, user: User, combinations: Filters[]) {
  const rows = await storedRows(user);
  const mismatches: Array<{ filters: Filters; totalCount: number; expected: number }> = [];
  for (const filters of combinations) {
    const { pagination } = await caller.transaction.list({ ...filters, pageSize: 2 });
    const expected = rows.filter((row) => matches(row, filters)).length;
    if (pagination.totalCount !== expected || pagination.totalPages !== Math.ceil(expected / 2)) {
      mismatches.push({ filters, totalCount: pagination.totalCount, expected });
    }
  }
  return mismatches;
}

async function idOf(caller: Caller, title: string): Promise<string> {
  const { items } = await caller.transaction.list({ keyword: title, pageSize: 100 });
  const found = items.find((item) => item.title === title);
  if (!found) throw new Error(`No transaction titled ${title}`);
  return found.id;
}

describe('transaction.list totalCount', () => {
  it('is 0 on an empty ledger, whatever the filters', async () => {
    const { caller, user } = await signedInUser();
    expect(await countMismatches(caller, user, everyCombination())).toEqual([]);
    expect((await caller.transaction.list({})).pagination).toEqual({
      page: 1,
      pageSize: 20,
      totalCount: 0,
      totalPages: 0,
    });
  });

  it('matches the stored rows after inserts, a recurring series catching up and a duplicate', async () => {
    const { caller, user } = await ledger();
    // Another user's rows on the same days and categories count for them only.
    const other = await signedInUser();
    for (const input of seed.slice(0, 5)) await other.caller.transaction.create(input);
    await caller.transaction.create(
      entry({ title: 'Gym', category: 'Health', date: '2026-01-05', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    await caller.transaction.duplicate({ id: await idOf(caller, 'Cheese') });
    expect((await caller.transaction.list({})).pagination.totalCount).toBe(seed.length + 4);
    expect(await countMismatches(caller, user, everyCombination())).toEqual([]);
  });

  it('matches the stored rows after updates that move rows to another day', async () => {
    const { caller, user } = await ledger();
    await caller.transaction.update({ id: await idOf(caller, 'Milk'), date: '2026-04-20' });
    await caller.transaction.update({ id: await idOf(caller, 'Bonus'), date: '2026-03-05' });
    expect(await countMismatches(caller, user, everyCombination())).toEqual([]);
  });

  it('matches the stored rows after updates that move rows to another category', async () => {
    const { caller, user } = await ledger();
    await caller.transaction.update({ id: await idOf(caller, 'Apples'), category: 'Rent' });
    await caller.transaction.update({ id: await idOf(caller, 'Salary'), category: 'food' });
    expect(await countMismatches(caller, user, everyCombination())).toEqual([]);
  });

  it('matches the stored rows after updates that move rows to another type', async () => {
    const { caller, user } = await ledger();
    await caller.transaction.update({ id: await idOf(caller, 'Refund'), type: 'EXPENSE' });
    await caller.transaction.update({ id: await idOf(caller, 'Snack'), type: 'INCOME' });
    expect(await countMismatches(caller, user, everyCombination())).toEqual([]);
  });

  it('matches the stored rows after one update changes day, category and type at once, and one changes only the amount', async () => {
    const { caller, user } = await ledger();
    await caller.transaction.update({
      id: await idOf(caller, 'Dinner'),
      date: '2026-04-01',
      category: 'Work',
      type: 'INCOME',
    });
    await caller.transaction.update({ id: await idOf(caller, 'Bread'), amount: 99, title: 'Baguette' });
    expect(await countMismatches(caller, user, everyCombination())).toEqual([]);
  });

  it('matches the stored rows after a delete and a bulk delete, including the last row of a day', async () => {
    const { caller, user } = await ledger();
    await caller.transaction.delete({ id: await idOf(caller, 'Bread') });
    await caller.transaction.bulkDelete({
      ids: [await idOf(caller, 'Cheese'), await idOf(caller, 'Salary'), await idOf(caller, 'Bonus')],
    });
    expect((await caller.transaction.list({})).pagination.totalCount).toBe(seed.length - 4);
    expect(await countMismatches(caller, user, everyCombination())).toEqual([]);
  });

  it('matches the stored rows after an import', async () => {
    const { caller, user } = await ledger();
    const rows = Array.from({ length: 40 }, (_, index) => ({
      title: `Imported ${index}`,
      type: index % 3 === 0 ? ('INCOME' as const) : ('EXPENSE' as const),
      amount: 1 + index,
      category: ['Food', 'Rent', 'Work', 'Travel'][index % 4] ?? 'Food',
      date: `2026-03-${String(1 + (index % 12)).padStart(2, '0')}`,
    }));
    expect(await caller.transaction.import({ rows })).toEqual({ importedCount: 40, skippedCount: 0 });
    expect(await countMismatches(caller, user, everyCombination())).toEqual([]);
  });

  it('counts exactly with keyword, payment method and recurrence filters, alone and with the others', async () => {
    const { caller, user } = await ledger();
    await caller.transaction.create(
      entry({ title: 'Gym', category: 'Health', date: '2026-02-10', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    const others: Filters[] = [
      { keyword: 'flat' },
      { keyword: 'birthday' },
      { keyword: 'food' },
      { paymentMethod: 'CARD' },
      { paymentMethod: 'BANK_TRANSFER' },
      { recurringStatus: 'RECURRING' },
      { recurringStatus: 'NON_RECURRING' },
    ];
    const combinations = others.flatMap((filters) =>
      everyCombination().map((combination) => ({ ...combination, ...filters })),
    );
    expect(await countMismatches(caller, user, combinations)).toEqual([]);
  });

  it('reads type, category and date counts from the daily rollup and counts other filters on the ledger', async () => {
    const { caller, user } = await ledger();
    const totalCount = async (filters: Filters) => (await caller.transaction.list(filters)).pagination.totalCount;
    // A rollup that disagreed with the ledger would show in the first kind of count only.
    const skewRollup = (by: number) =>
      database.db
        .update(transactionDailyTotals)
        .set({ transactionCount: sql`${transactionDailyTotals.transactionCount} + ${by}` })
        .where(eq(transactionDailyTotals.userId, user.id));
    await skewRollup(100);
    try {
      // Cheese and Apples share the one rollup row of 2026-03-05, EXPENSE, Food.
      expect(await totalCount({ type: 'EXPENSE', category: 'Food', from: '2026-03-05', to: '2026-03-05' })).toBe(102);
      expect(await totalCount({ keyword: 'flat' })).toBe(2);
      expect(await totalCount({ paymentMethod: 'CARD' })).toBe(1);
      expect(await totalCount({ recurringStatus: 'NON_RECURRING' })).toBe(seed.length);
    } finally {
      await skewRollup(-100);
    }
  });
});
