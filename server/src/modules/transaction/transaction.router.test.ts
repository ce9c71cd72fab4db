import type { CreateTransactionInput, User } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

const database = useTestDatabase();

const clock = () => new ManualClock('2026-03-15T12:00:00.000Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function signedInUser(overrides: { timezone?: string } = {}) {
  const user = await createUser(database.db, overrides);
  const { caller } = await createTestCaller({ database, user, clock: clock() });
  return { user, caller };
}

function expense(overrides: Partial<CreateTransactionInput> = {}): CreateTransactionInput {
  return { title: 'Groceries', type: 'EXPENSE', amount: 42.5, category: 'Food', date: '2026-03-10', ...overrides };
}

async function rowCount(user: User): Promise<number> {
  const rows = await database.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(eq(transactions.userId, user.id));
  return rows.length;
}

describe('transaction.create', () => {
  it('stores the transaction and returns it in the wire format with defaults applied', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense({ title: '  Groceries  ', category: ' Food ' }));
    expect(created).toEqual({
      id: expect.any(String),
      title: 'Groceries',
      description: null,
      type: 'EXPENSE',
      amount: 42.5,
      category: 'Food',
      date: '2026-03-10',
      paymentMethod: 'CASH',
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
      templateId: null,
      receiptId: null,
      accountId: expect.any(String),
      transferId: null,
      clearedAt: null,
      createdAt: '2026-03-15T12:00:00.000Z',
      updatedAt: '2026-03-15T12:00:00.000Z',
    });
  });

  it('keeps amounts exact in integer cents', async () => {
    const { caller, user } = await signedInUser();
    const created = await caller.transaction.create(expense({ amount: 0.29 }));
    const [row] = await database.db
      .select({ amountCents: transactions.amountCents })
      .from(transactions)
      .where(eq(transactions.userId, user.id));
    expect(row?.amountCents).toBe(29);
    expect(created.amount).toBe(0.29);
  });

  it('refuses an amount with three decimals, zero and more than a billion', async () => {
    const { caller } = await signedInUser();
    for (const amount of [1.234, 0, 1_000_000_000.01]) {
      await expect(caller.transaction.create(expense({ amount }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
  });

  it('accepts the largest amount', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense({ amount: 1_000_000_000 }));
    expect(created.amount).toBe(1_000_000_000);
  });

  it('refuses a description over 1,000 characters', async () => {
    const { caller } = await signedInUser();
    await expect(caller.transaction.create(expense({ description: 'd'.repeat(1001) }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const created = await caller.transaction.create(expense({ description: 'd'.repeat(1000) }));
    expect(created.description).toHaveLength(1000);
  });

  it('refuses a date that does not exist', async () => {
    const { caller } = await signedInUser();
    await expect(caller.transaction.create(expense({ date: '2026-02-30' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('refuses a recurring transaction without an interval', async () => {
    const { caller, user } = await signedInUser();
    await expect(caller.transaction.create(expense({ isRecurring: true }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await rowCount(user)).toBe(0);
  });

  it('refuses a title over 255 characters and a category over 50', async () => {
    const { caller } = await signedInUser();
    await expect(caller.transaction.create(expense({ title: 'x'.repeat(256) }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(caller.transaction.create(expense({ category: 'x'.repeat(51) }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('schedules the next occurrence of a recurring transaction', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(
      expense({ date: '2026-03-14', isRecurring: true, recurringInterval: 'MONTHLY', recurringEndDate: '2026-12-31' }),
    );
    expect(created).toMatchObject({
      isRecurring: true,
      recurringInterval: 'MONTHLY',
      nextRecurringDate: '2026-04-14',
      recurringEndDate: '2026-12-31',
    });
  });

  it('creates the occurrences already due when a series starts in the past', async () => {
    const { caller } = await signedInUser();
    const template = await caller.transaction.create(
      expense({ title: 'Rent', date: '2026-01-15', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    expect(template.nextRecurringDate).toBe('2026-04-15');
    const list = await caller.transaction.list({ sortBy: 'date', sortDir: 'asc' });
    // Occurrences keep the series' title and point at its template.
    expect(list.items.map((item) => [item.title, item.date, item.templateId])).toEqual([
      ['Rent', '2026-01-15', null],
      ['Rent', '2026-02-15', template.id],
      ['Rent', '2026-03-15', template.id],
    ]);
  });

  it('ignores an interval sent with a one-off transaction', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense({ isRecurring: false, recurringInterval: 'DAILY' }));
    expect(created.recurringInterval).toBeNull();
    expect(created.nextRecurringDate).toBeNull();
  });
});

describe('transaction.list', () => {
  async function ledger() {
    const { caller, user } = await signedInUser();
    await caller.transaction.create(
      expense({ title: 'Salary', type: 'INCOME', amount: 3000, category: 'Work', date: '2026-03-01' }),
    );
    await caller.transaction.create(expense({ title: 'Coffee', amount: 3.2, category: 'Food', date: '2026-03-05' }));
    await caller.transaction.create(
      expense({
        title: 'Train',
        amount: 12,
        category: 'Travel',
        date: '2026-02-20',
        paymentMethod: 'CARD',
        description: 'Monthly pass',
      }),
    );
    await caller.transaction.create(
      expense({
        title: 'Gym',
        amount: 30,
        category: 'Health',
        date: '2026-03-02',
        isRecurring: true,
        recurringInterval: 'YEARLY',
      }),
    );
    return { caller, user };
  }

  it("pages the caller's transactions newest first by default", async () => {
    const { caller } = await ledger();
    const page = await caller.transaction.list({ pageSize: 3 });
    expect(page.items.map((item) => item.title)).toEqual(['Coffee', 'Gym', 'Salary']);
    expect(page.pagination).toEqual({ page: 1, pageSize: 3, totalCount: 4, totalPages: 2 });
    const second = await caller.transaction.list({ pageSize: 3, page: 2 });
    expect(second.items.map((item) => item.title)).toEqual(['Train']);
  });

  it('returns an empty page past the end', async () => {
    const { caller } = await ledger();
    const page = await caller.transaction.list({ page: 9 });
    expect(page.items).toEqual([]);
    expect(page.pagination.totalCount).toBe(4);
  });

  it('sorts by amount, title and creation time in both directions', async () => {
    const { caller } = await ledger();
    const byAmount = await caller.transaction.list({ sortBy: 'amount', sortDir: 'asc' });
    expect(byAmount.items.map((item) => item.amount)).toEqual([3.2, 12, 30, 3000]);
    const byTitle = await caller.transaction.list({ sortBy: 'title', sortDir: 'desc' });
    expect(byTitle.items.map((item) => item.title)).toEqual(['Train', 'Salary', 'Gym', 'Coffee']);
    const byCreation = await caller.transaction.list({ sortBy: 'createdAt', sortDir: 'asc' });
    expect(byCreation.items).toHaveLength(4);
  });

  it('breaks ties on the id so pages never repeat or skip a row', async () => {
    const { caller } = await signedInUser();
    for (let index = 0; index < 7; index++) {
      await caller.transaction.create(expense({ title: `Same day ${index}`, date: '2026-03-01' }));
    }
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const result = await caller.transaction.list({ pageSize: 2, page });
      seen.push(...result.items.map((item) => item.id));
    }
    expect(new Set(seen).size).toBe(7);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('filters by type, category, payment method, recurrence and date range', async () => {
    const { caller } = await ledger();
    const titles = async (filters: Parameters<typeof caller.transaction.list>[0]) =>
      (await caller.transaction.list(filters)).items.map((item) => item.title);
    expect(await titles({ type: 'INCOME' })).toEqual(['Salary']);
    expect(await titles({ category: 'Food' })).toEqual(['Coffee']);
    expect(await titles({ paymentMethod: 'CARD' })).toEqual(['Train']);
    expect(await titles({ recurringStatus: 'RECURRING' })).toEqual(['Gym']);
    expect(await titles({ recurringStatus: 'NON_RECURRING', sortBy: 'title', sortDir: 'asc' })).toEqual([
      'Coffee',
      'Salary',
      'Train',
    ]);
    expect(await titles({ from: '2026-03-01', to: '2026-03-02', sortBy: 'date', sortDir: 'asc' })).toEqual([
      'Salary',
      'Gym',
    ]);
  });

  it('treats empty filter strings as no filter', async () => {
    const { caller } = await ledger();
    const page = await caller.transaction.list({ keyword: '  ', category: '', from: '' });
    expect(page.pagination.totalCount).toBe(4);
  });

  it('refuses a range whose start is after its end', async () => {
    const { caller } = await ledger();
    await expect(caller.transaction.list({ from: '2026-03-02', to: '2026-03-01' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('matches the keyword in title, category and description, ignoring case', async () => {
    const { caller } = await ledger();
    const titles = async (keyword: string) =>
      (await caller.transaction.list({ keyword, sortBy: 'title', sortDir: 'asc' })).items.map((item) => item.title);
    expect(await titles('cOfF')).toEqual(['Coffee']);
    expect(await titles('travel')).toEqual(['Train']);
    expect(await titles('monthly PASS')).toEqual(['Train']);
  });

  it('never matches across two fields', async () => {
    const { caller } = await ledger();
    // "Coffee" + "Food": the join between fields is not searchable text.
    const page = await caller.transaction.list({ keyword: 'eeFood' });
    expect(page.items).toEqual([]);
  });

  it('treats %, _, \\ and regex characters in the keyword as plain text', async () => {
    const { caller } = await signedInUser();
    for (const title of ['100% juice', '1000 juice', 'a_b', 'axb', 'back\\slash', 'backslash', 'a.*b', 'aXXb', '(x)']) {
      await caller.transaction.create(expense({ title }));
    }
    const titles = async (keyword: string) =>
      (await caller.transaction.list({ keyword })).items.map((item) => item.title).sort();
    expect(await titles('%')).toEqual(['100% juice']);
    expect(await titles('a_b')).toEqual(['a_b']);
    expect(await titles('\\')).toEqual(['back\\slash']);
    expect(await titles('.*')).toEqual(['a.*b']);
    expect(await titles('(x')).toEqual(['(x)']);
    expect(await titles('[')).toEqual([]);
  });

  it('refuses a page size over 100 and a page below 1', async () => {
    const { caller } = await ledger();
    await expect(caller.transaction.list({ pageSize: 101 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.transaction.list({ page: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("shows only the caller's transactions", async () => {
    const { caller } = await ledger();
    const other = await signedInUser();
    await other.caller.transaction.create(expense({ title: 'Not yours' }));
    const page = await caller.transaction.list({ keyword: 'yours' });
    expect(page.items).toEqual([]);
    expect((await other.caller.transaction.list({})).pagination.totalCount).toBe(1);
  });
});

describe('transaction.get', () => {
  it("returns the caller's transaction", async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense());
    expect(await caller.transaction.get({ id: created.id })).toEqual(created);
  });

  it("answers NOT_FOUND for another user's transaction and for an unknown id", async () => {
    const owner = await signedInUser();
    const created = await owner.caller.transaction.create(expense());
    const intruder = await signedInUser();
    await expect(intruder.caller.transaction.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(owner.caller.transaction.get({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('transaction.update', () => {
  it('changes only the given fields', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense({ description: 'weekly shop' }));
    const updated = await caller.transaction.update({ id: created.id, amount: 19.99, title: 'Market' });
    expect(updated).toMatchObject({ title: 'Market', amount: 19.99, description: 'weekly shop', category: 'Food' });
    expect(await caller.transaction.get({ id: created.id })).toEqual(updated);
  });

  it('clears the description with null', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense({ description: 'note' }));
    const updated = await caller.transaction.update({ id: created.id, description: null });
    expect(updated.description).toBeNull();
  });

  it("refuses another user's transaction and leaves it unchanged", async () => {
    const owner = await signedInUser();
    const created = await owner.caller.transaction.create(expense());
    const intruder = await signedInUser();
    await expect(intruder.caller.transaction.update({ id: created.id, title: 'Mine now' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await owner.caller.transaction.get({ id: created.id })).title).toBe('Groceries');
  });

  it('refuses turning on recurrence without an interval', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense());
    await expect(caller.transaction.update({ id: created.id, isRecurring: true })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Recurring interval is required for a recurring transaction',
    });
  });

  it('turning recurrence off ends the series', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(
      expense({ date: '2026-03-14', isRecurring: true, recurringInterval: 'WEEKLY' }),
    );
    const updated = await caller.transaction.update({ id: created.id, isRecurring: false });
    expect(updated).toMatchObject({ isRecurring: false, recurringInterval: null, nextRecurringDate: null });
  });

  it('a changed schedule resumes after the occurrences already created', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(
      expense({ title: 'Rent', date: '2026-01-10', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    // Feb 10 and Mar 10 exist; weekly from Jan 10 resumes after Mar 10 (on Mar 14, already due).
    const updated = await caller.transaction.update({ id: created.id, recurringInterval: 'WEEKLY' });
    expect(updated.nextRecurringDate).toBe('2026-03-21');
    const list = await caller.transaction.list({ sortBy: 'date', sortDir: 'asc' });
    expect(list.items.map((item) => item.date)).toEqual(['2026-01-10', '2026-02-10', '2026-03-10', '2026-03-14']);
  });

  it('refuses moving an occurrence onto a date its series already has', async () => {
    const { caller } = await signedInUser();
    await caller.transaction.create(
      expense({ title: 'Rent', date: '2026-01-10', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    const { items } = await caller.transaction.list({ keyword: 'Rent', sortBy: 'date', sortDir: 'asc' });
    const [february, march] = items.filter((item) => item.templateId !== null);
    expect([february?.date, march?.date]).toEqual(['2026-02-10', '2026-03-10']);
    await expect(caller.transaction.update({ id: march?.id ?? '', date: '2026-02-10' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await caller.transaction.get({ id: march?.id ?? '' })).date).toBe('2026-03-10');
  });

  it('refuses an end date before the date', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(
      expense({ date: '2026-03-14', isRecurring: true, recurringInterval: 'WEEKLY' }),
    );
    await expect(caller.transaction.update({ id: created.id, recurringEndDate: '2026-03-01' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('transaction.duplicate', () => {
  it('copies the transaction as a one-off titled "Duplicate - …"', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(
      expense({ title: 'Gym', date: '2026-03-14', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    const copy = await caller.transaction.duplicate({ id: created.id });
    expect(copy).toMatchObject({
      title: 'Duplicate - Gym',
      amount: created.amount,
      category: created.category,
      date: created.date,
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
    });
    expect(copy.id).not.toBe(created.id);
  });

  it('keeps a long title within 255 characters', async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense({ title: 't'.repeat(255) }));
    const copy = await caller.transaction.duplicate({ id: created.id });
    expect(copy.title).toHaveLength(255);
    expect(copy.title.startsWith('Duplicate - ttt')).toBe(true);
  });

  it("refuses another user's transaction and creates nothing", async () => {
    const owner = await signedInUser();
    const created = await owner.caller.transaction.create(expense());
    const intruder = await signedInUser();
    await expect(intruder.caller.transaction.duplicate({ id: created.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await rowCount(intruder.user)).toBe(0);
    expect(await rowCount(owner.user)).toBe(1);
  });
});

describe('transaction.delete', () => {
  it("deletes the caller's transaction", async () => {
    const { caller } = await signedInUser();
    const created = await caller.transaction.create(expense());
    await expect(caller.transaction.delete({ id: created.id })).resolves.toEqual({
      id: created.id,
      undoId: expect.stringMatching(UUID),
    });
    await expect(caller.transaction.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("refuses another user's transaction and keeps it", async () => {
    const owner = await signedInUser();
    const created = await owner.caller.transaction.create(expense());
    const intruder = await signedInUser();
    await expect(intruder.caller.transaction.delete({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await rowCount(owner.user)).toBe(1);
  });
});

describe('transaction.bulkDelete', () => {
  it('deletes every selected transaction and reports how many', async () => {
    const { caller, user } = await signedInUser();
    const a = await caller.transaction.create(expense());
    const b = await caller.transaction.create(expense());
    await caller.transaction.create(expense());
    await expect(caller.transaction.bulkDelete({ ids: [a.id, b.id, a.id] })).resolves.toEqual({
      deletedCount: 2,
      undoId: expect.stringMatching(UUID),
    });
    expect(await rowCount(user)).toBe(1);
  });

  it('deletes nothing when one id belongs to someone else', async () => {
    const owner = await signedInUser();
    const theirs = await owner.caller.transaction.create(expense());
    const intruder = await signedInUser();
    const mine = await intruder.caller.transaction.create(expense());
    await expect(intruder.caller.transaction.bulkDelete({ ids: [mine.id, theirs.id] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await rowCount(owner.user)).toBe(1);
    expect(await rowCount(intruder.user)).toBe(1);
  });

  it('refuses an empty selection and more than 1,000 ids', async () => {
    const { caller } = await signedInUser();
    await expect(caller.transaction.bulkDelete({ ids: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const ids = Array.from({ length: 1001 }, () => crypto.randomUUID());
    await expect(caller.transaction.bulkDelete({ ids })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('transaction.categories', () => {
  it("lists the caller's categories with counts, most used first", async () => {
    const { caller } = await signedInUser();
    await caller.transaction.create(expense({ category: 'Food' }));
    await caller.transaction.create(expense({ category: 'Food' }));
    await caller.transaction.create(expense({ category: 'Rent' }));
    const other = await signedInUser();
    await other.caller.transaction.create(expense({ category: 'Secret' }));
    expect(await caller.transaction.categories()).toEqual([
      { category: 'Food', count: 2 },
      { category: 'Rent', count: 1 },
    ]);
  });

  it('follows edits and deletions', async () => {
    const { caller } = await signedInUser();
    const first = await caller.transaction.create(expense({ category: 'Food' }));
    const second = await caller.transaction.create(expense({ category: 'Food' }));
    await caller.transaction.update({ id: first.id, category: 'Dining' });
    await caller.transaction.delete({ id: second.id });
    expect(await caller.transaction.categories()).toEqual([{ category: 'Dining', count: 1 }]);
  });
});

describe('transaction procedures', () => {
  it('refuse a caller who is not signed in', async () => {
    const { caller } = await createTestCaller({ database });
    await expect(caller.transaction.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answer NOT_FOUND for an unknown id, whichever procedure takes it', async () => {
    const { caller } = await signedInUser();
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(caller.transaction.get({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.transaction.update({ id, title: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.transaction.duplicate({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.transaction.delete({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.transaction.bulkDelete({ ids: [id] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('go with the user when the account is deleted', async () => {
    const { caller, user } = await signedInUser();
    await caller.transaction.create(expense());
    await caller.user.delete({ password: 'correct horse battery' });
    expect(await rowCount(user)).toBe(0);
  });
});
