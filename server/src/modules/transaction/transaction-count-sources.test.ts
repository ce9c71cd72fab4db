import type { TransactionFilters } from '@finailytics/shared';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactionDailyTotals } from '../../db/schema';
import { useTestDatabase } from '../../test/database';
import { signedInWithAccounts } from '../../test/ledger-accounts';

/*
 * Where transaction.list's totalCount comes from, filter by filter, on a ledger of seven rows: five
 * plain ones on four days and two transfer legs, which the daily rollup leaves out. The
 * every-combination checks are in transaction.count.test.ts; these are the few cases that tell each
 * source and each condition apart.
 */

const database = useTestDatabase();

type Filters = Partial<Omit<TransactionFilters, 'sortBy' | 'sortDir'>>;

async function ledger() {
  const signedIn = await signedInWithAccounts(database);
  const { caller, main, savings, card } = signedIn;
  const expense = { type: 'EXPENSE' as const, amount: 10 };
  await caller.transaction.create({ ...expense, title: 'Bread', category: 'Food', date: '2026-03-01' });
  await caller.transaction.create({
    ...expense,
    title: 'Milk',
    category: 'Food',
    date: '2026-03-05',
    paymentMethod: 'CARD',
    accountId: card.id,
  });
  await caller.transaction.create({ ...expense, title: 'Rent', category: 'Rent', date: '2026-03-05' });
  await caller.transaction.create({
    title: 'Salary',
    type: 'INCOME',
    amount: 3000,
    category: 'Work',
    date: '2026-03-08',
  });
  await caller.transaction.create({
    ...expense,
    title: 'Gym',
    category: 'Health',
    date: '2026-03-09',
    isRecurring: true,
    recurringInterval: 'MONTHLY',
  });
  // Two legs on 5 March: an EXPENSE in the main account and an INCOME in savings, both "Transfer".
  await caller.transaction.transfer({
    fromAccountId: main.id,
    toAccountId: savings.id,
    amount: 50,
    date: '2026-03-05',
  });
  const totalCount = async (filters: Filters) => (await caller.transaction.list(filters)).pagination.totalCount;
  return { ...signedIn, totalCount };
}

describe('transaction.list totalCount sources', () => {
  it('counts each filter the rollup answers, the transfer legs included', async () => {
    const { totalCount } = await ledger();
    expect(await totalCount({})).toBe(7);
    expect(await totalCount({ type: 'EXPENSE' })).toBe(5);
    expect(await totalCount({ type: 'INCOME' })).toBe(2);
    expect(await totalCount({ category: 'Food' })).toBe(2);
    expect(await totalCount({ category: 'Transfer' })).toBe(2);
    expect(await totalCount({ from: '2026-03-05' })).toBe(6);
    expect(await totalCount({ to: '2026-03-05' })).toBe(5);
    expect(await totalCount({ from: '2026-03-05', to: '2026-03-05' })).toBe(4);
    expect(await totalCount({ type: 'EXPENSE', category: 'Food', to: '2026-03-01' })).toBe(1);
  });

  it('takes type, category and date counts from the rollup, and every other filter from the ledger', async () => {
    const { user, card, totalCount } = await ledger();
    // 100 more on each of the user's five rollup rows: a count read from the rollup shows it.
    await database.db
      .update(transactionDailyTotals)
      .set({ transactionCount: sql`${transactionDailyTotals.transactionCount} + 100` })
      .where(eq(transactionDailyTotals.userId, user.id));
    expect(await totalCount({})).toBe(507);
    expect(await totalCount({ type: 'INCOME' })).toBe(102);
    expect(await totalCount({ category: 'Food' })).toBe(202);
    expect(await totalCount({ from: '2026-03-08' })).toBe(202);
    expect(await totalCount({ to: '2026-03-01' })).toBe(101);

    expect(await totalCount({ keyword: 'milk' })).toBe(1);
    expect(await totalCount({ paymentMethod: 'CARD' })).toBe(1);
    expect(await totalCount({ recurringStatus: 'RECURRING' })).toBe(1);
    expect(await totalCount({ recurringStatus: 'NON_RECURRING' })).toBe(6);
    expect(await totalCount({ accountId: card.id })).toBe(1);
    // One filter the rollup cannot answer sends the whole count to the ledger.
    expect(await totalCount({ type: 'EXPENSE', keyword: 'rent' })).toBe(1);
  });
});
