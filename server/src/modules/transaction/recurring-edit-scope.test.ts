import type { CreateTransactionInput, User } from '@finailytics/shared';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { materializeDueRecurringTransactions } from './recurrence.job';

// The scheduler walks every user's templates, so these tests keep a database of their own.
const database = usePrivateTestDatabase();

const rent: CreateTransactionInput = {
  title: 'Rent',
  type: 'EXPENSE',
  amount: 950,
  category: 'Housing',
  date: '2026-01-10',
  paymentMethod: 'BANK_TRANSFER',
  isRecurring: true,
  recurringInterval: 'MONTHLY',
};

/** A monthly rent since January 10th, seen on June 15th: the template and five occurrences exist. */
async function rentSeries(overrides: Partial<CreateTransactionInput> = {}) {
  const clock = new ManualClock('2026-06-15T12:00:00.000Z');
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const template = await caller.transaction.create({ ...rent, ...overrides });
  const rows = await seriesRows(user);
  const byDate = (date: string) => {
    const row = rows.find((candidate) => candidate.date === date);
    if (!row) throw new Error(`no transaction on ${date}`);
    return row;
  };
  return { clock, user, caller, template, byDate };
}

/** The user's rows as stored, by date: what each test compares. */
async function seriesRows(user: User) {
  return database.db
    .select({
      id: transactions.id,
      date: transactions.date,
      title: transactions.title,
      amountCents: transactions.amountCents,
      category: transactions.category,
      templateId: transactions.templateId,
      isRecurring: transactions.isRecurring,
      recurringInterval: transactions.recurringInterval,
      nextRecurringDate: transactions.nextRecurringDate,
      recurringEndDate: transactions.recurringEndDate,
    })
    .from(transactions)
    .where(eq(transactions.userId, user.id))
    .orderBy(asc(transactions.date));
}

const amounts = async (user: User) => (await seriesRows(user)).map((row) => [row.date, row.amountCents / 100]);

describe('transaction.update scope "this"', () => {
  it('changes one occurrence and leaves its siblings and the schedule alone', async () => {
    const { user, caller, template, byDate } = await rentSeries();
    const march = byDate('2026-03-10');

    const saved = await caller.transaction.update({ id: march.id, amount: 1000, scope: 'this' });

    expect(saved).toMatchObject({ amount: 1000, templateId: template.id, isRecurring: false });
    expect(await amounts(user)).toEqual([
      ['2026-01-10', 950],
      ['2026-02-10', 950],
      ['2026-03-10', 1000],
      ['2026-04-10', 950],
      ['2026-05-10', 950],
      ['2026-06-10', 950],
    ]);
    expect(byDate('2026-01-10').nextRecurringDate).toBe('2026-07-10');
    await expect(caller.transaction.get({ id: template.id })).resolves.toEqual(template);
  });

  it('is what an update without a scope does', async () => {
    const { user, caller, byDate } = await rentSeries();
    await caller.transaction.update({ id: byDate('2026-05-10').id, title: 'Rent, paid late' });
    const titles = (await seriesRows(user)).map((row) => row.title);
    expect(titles).toEqual(['Rent', 'Rent', 'Rent', 'Rent', 'Rent, paid late', 'Rent']);
  });

  it('on a template changes the pattern: occurrences made later take it, those already made do not', async () => {
    const { user, caller, clock, template } = await rentSeries();
    await caller.transaction.update({ id: template.id, amount: 990, scope: 'this' });
    clock.set('2026-07-15T12:00:00.000Z');
    await materializeDueRecurringTransactions({ db: database.db, clock });
    expect((await amounts(user)).map(([, amount]) => amount)).toEqual([990, 950, 950, 950, 950, 950, 990]);
  });
});

describe('transaction.update scope "future" on an occurrence', () => {
  it('splits the series: earlier rows stay, this one starts a new series, later ones move to it', async () => {
    const { user, caller, template, byDate } = await rentSeries();
    const april = byDate('2026-04-10');

    const saved = await caller.transaction.update({
      id: april.id,
      title: 'Rent (new flat)',
      amount: 1000,
      category: 'Home',
      scope: 'future',
    });

    expect(saved).toMatchObject({
      id: april.id,
      date: '2026-04-10',
      title: 'Rent (new flat)',
      amount: 1000,
      category: 'Home',
      paymentMethod: 'BANK_TRANSFER',
      templateId: null,
      isRecurring: true,
      recurringInterval: 'MONTHLY',
      nextRecurringDate: '2026-07-10',
      recurringEndDate: null,
    });
    const rows = await seriesRows(user);
    const old = { title: 'Rent', amountCents: 95_000, category: 'Housing' };
    const edited = { title: 'Rent (new flat)', amountCents: 100_000, category: 'Home' };
    expect(rows).toEqual([
      {
        ...old,
        id: template.id,
        date: '2026-01-10',
        templateId: null,
        isRecurring: true,
        recurringInterval: 'MONTHLY',
        // Ends the day before the split, and has nothing left to make.
        recurringEndDate: '2026-04-09',
        nextRecurringDate: null,
      },
      expect.objectContaining({ ...old, date: '2026-02-10', templateId: template.id }),
      expect.objectContaining({ ...old, date: '2026-03-10', templateId: template.id }),
      expect.objectContaining({ ...edited, id: april.id, date: '2026-04-10', templateId: null }),
      expect.objectContaining({ ...edited, date: '2026-05-10', templateId: april.id, isRecurring: false }),
      expect.objectContaining({ ...edited, date: '2026-06-10', templateId: april.id, isRecurring: false }),
    ]);
  });

  it('gives the scheduler the next occurrence once, on the new series and never on the old', async () => {
    const { user, caller, clock, template, byDate } = await rentSeries();
    const april = byDate('2026-04-10');
    await caller.transaction.update({ id: april.id, amount: 1000, scope: 'future' });

    clock.set('2026-07-15T12:00:00.000Z');
    // Twice: the second run finds nothing left to make for this user.
    await materializeDueRecurringTransactions({ db: database.db, clock });
    await materializeDueRecurringTransactions({ db: database.db, clock });
    expect((await seriesRows(user)).filter((row) => row.date > '2026-06-30').map((row) => row.date)).toEqual([
      '2026-07-10',
    ]);
    const rows = await seriesRows(user);
    expect(rows.filter((row) => row.templateId === template.id).map((row) => row.date)).toEqual([
      '2026-02-10',
      '2026-03-10',
    ]);
    expect(rows.at(-1)).toMatchObject({ date: '2026-07-10', templateId: april.id, amountCents: 100_000 });
    expect(rows.find((row) => row.id === april.id)?.nextRecurringDate).toBe('2026-08-10');
  });

  it('makes a due occurrence once when the scheduler runs during the split', async () => {
    const { user, clock, template, byDate } = await rentSeries();
    const april = byDate('2026-04-10');
    // July 10th is due for both: the split's own catch-up and the scheduler race for it.
    clock.set('2026-07-15T12:00:00.000Z');
    const { caller } = await createTestCaller({ database, user, clock });
    await Promise.all([
      caller.transaction.update({ id: april.id, amount: 1000, scope: 'future' }),
      materializeDueRecurringTransactions({ db: database.db, clock }),
    ]);
    await materializeDueRecurringTransactions({ db: database.db, clock });

    const rows = await seriesRows(user);
    expect(rows.map((row) => [row.date, row.templateId, row.amountCents / 100])).toEqual([
      ['2026-01-10', null, 950],
      ['2026-02-10', template.id, 950],
      ['2026-03-10', template.id, 950],
      ['2026-04-10', null, 1000],
      ['2026-05-10', april.id, 1000],
      ['2026-06-10', april.id, 1000],
      ['2026-07-10', april.id, 1000],
    ]);
    expect(rows.find((row) => row.id === april.id)?.nextRecurringDate).toBe('2026-08-10');
  });

  it('changes the totals by exactly the edit', async () => {
    const { caller, byDate } = await rentSeries();
    const range = { from: '2026-01-01', to: '2026-06-30' };
    const before = await caller.transaction.totals(range);
    const summaryBefore = await caller.analytics.summary(range);
    expect(before).toMatchObject({ count: 6, expenses: 5700 });

    await caller.transaction.update({ id: byDate('2026-04-10').id, amount: 1000.5, scope: 'future' });

    // April, May and June: three rows, 50.50 more each.
    expect(await caller.transaction.totals(range)).toEqual({ ...before, expenses: 5851.5, net: before.net - 151.5 });
    expect((await caller.analytics.summary(range)).totalExpenses).toBe(summaryBefore.totalExpenses + 151.5);
  });

  it('passes on only what changed, so an occurrence changed on its own keeps that change', async () => {
    const { user, caller, byDate } = await rentSeries();
    await caller.transaction.update({ id: byDate('2026-06-10').id, amount: 975 });

    // The drawer sends every field; April's amount goes as it already was.
    await caller.transaction.update({ id: byDate('2026-04-10').id, title: 'Flat', amount: 950, scope: 'future' });

    const rows = (await seriesRows(user)).map((row) => [row.date, row.title, row.amountCents / 100]);
    expect(rows.slice(3)).toEqual([
      ['2026-04-10', 'Flat', 950],
      ['2026-05-10', 'Flat', 950],
      ['2026-06-10', 'Flat', 975],
    ]);
  });

  it('carries an edited interval into the new series, resuming after the last occurrence it took over', async () => {
    const { user, caller, byDate } = await rentSeries();
    const april = byDate('2026-04-10');
    const saved = await caller.transaction.update({ id: april.id, recurringInterval: 'WEEKLY', scope: 'future' });
    // Weekly from April 10th, resuming after June 10th (the last one made): the 12th is made at once.
    expect(saved).toMatchObject({ recurringInterval: 'WEEKLY', nextRecurringDate: '2026-06-19' });
    const rows = await seriesRows(user);
    expect(rows.map((row) => row.date)).toEqual([
      '2026-01-10',
      '2026-02-10',
      '2026-03-10',
      '2026-04-10',
      '2026-05-10',
      '2026-06-10',
      '2026-06-12',
    ]);
    expect(rows.at(-1)).toMatchObject({ templateId: april.id });
  });

  it('keeps the old end date for the new series and puts the new one on the old', async () => {
    const { user, caller, byDate } = await rentSeries({ recurringEndDate: '2026-12-31' });
    const may = byDate('2026-05-10');
    const saved = await caller.transaction.update({ id: may.id, amount: 1010, scope: 'future' });
    expect(saved).toMatchObject({ recurringEndDate: '2026-12-31', nextRecurringDate: '2026-07-10' });
    expect((await seriesRows(user))[0]).toMatchObject({ recurringEndDate: '2026-05-09', nextRecurringDate: null });
  });

  it('with recurrence turned off, ends the series before it and keeps the later rows with the edit', async () => {
    const { user, caller, template, byDate } = await rentSeries();
    const may = byDate('2026-05-10');
    const saved = await caller.transaction.update({ id: may.id, isRecurring: false, amount: 10, scope: 'future' });
    expect(saved).toMatchObject({ isRecurring: false, recurringInterval: null, nextRecurringDate: null });
    const rows = await seriesRows(user);
    expect(rows.slice(4).map((row) => [row.amountCents / 100, row.templateId])).toEqual([
      [10, null],
      [10, may.id],
    ]);
    expect(rows[0]).toMatchObject({ id: template.id, recurringEndDate: '2026-05-09', nextRecurringDate: null });
  });

  it('refuses to move the occurrence onto or past the next one of its series', async () => {
    const { user, caller, byDate } = await rentSeries();
    const before = await seriesRows(user);
    const error = await errorOf(
      caller.transaction.update({ id: byDate('2026-04-10').id, date: '2026-05-10', scope: 'future' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('2026-05-10');
    expect(await seriesRows(user)).toEqual(before);
  });

  it('can be undone after deleting the new series: its occurrences link back to it', async () => {
    const { user, caller, byDate } = await rentSeries();
    const april = byDate('2026-04-10');
    await caller.transaction.update({ id: april.id, amount: 1000, scope: 'future' });
    const split = await seriesRows(user);

    const { undoId } = await caller.transaction.delete({ id: april.id });
    expect((await seriesRows(user)).filter((row) => row.templateId === april.id)).toEqual([]);
    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 1 });

    expect(await seriesRows(user)).toEqual(split);
  });

  it("answers NOT_FOUND for another user's occurrence and changes nothing", async () => {
    const { user, byDate } = await rentSeries();
    const before = await seriesRows(user);
    const intruder = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user: intruder });
    for (const scope of ['this', 'future'] as const) {
      const error = await errorOf(caller.transaction.update({ id: byDate('2026-04-10').id, amount: 1, scope }));
      expect(error.code).toBe('NOT_FOUND');
    }
    expect(await seriesRows(user)).toEqual(before);
  });
});

describe('transaction.update scope "future" on a long series', () => {
  it('rewrites every later occurrence, more than one statement holds', async () => {
    const { user, caller, clock, byDate } = await rentSeries({ date: '2026-01-01', recurringInterval: 'DAILY' });
    // The save made the first 100 days; the scheduler makes the rest, up to June 15th.
    await materializeDueRecurringTransactions({ db: database.db, clock });
    const split = (await seriesRows(user)).find((row) => row.date === '2026-01-10');
    if (!split) throw new Error('no January 10th');
    expect(byDate('2026-01-01').id).not.toBe(split.id);

    await caller.transaction.update({ id: split.id, amount: 10, scope: 'future' });

    const rows = await seriesRows(user);
    expect(rows).toHaveLength(166);
    const moved = rows.filter((row) => row.templateId === split.id);
    expect(moved).toHaveLength(156);
    expect(moved.every((row) => row.amountCents === 1000 && row.date > '2026-01-10')).toBe(true);
    expect(rows.filter((row) => row.date < '2026-01-10').every((row) => row.amountCents === 95_000)).toBe(true);

    // And the whole new series at once, from its template.
    await caller.transaction.update({ id: split.id, amount: 11, scope: 'future' });
    const again = await seriesRows(user);
    expect(again.filter((row) => row.date >= '2026-01-10').every((row) => row.amountCents === 1100)).toBe(true);
  });
});

describe('transaction.update scope "future" on a template', () => {
  it('changes the whole series, each row keeping its date', async () => {
    const { user, caller, clock, template } = await rentSeries();
    const saved = await caller.transaction.update({ id: template.id, amount: 990, category: 'Home', scope: 'future' });
    expect(saved).toMatchObject({ amount: 990, nextRecurringDate: '2026-07-10', recurringEndDate: null });
    const rows = await seriesRows(user);
    expect(rows.map((row) => [row.date, row.amountCents / 100, row.category])).toEqual([
      ['2026-01-10', 990, 'Home'],
      ['2026-02-10', 990, 'Home'],
      ['2026-03-10', 990, 'Home'],
      ['2026-04-10', 990, 'Home'],
      ['2026-05-10', 990, 'Home'],
      ['2026-06-10', 990, 'Home'],
    ]);
    expect(rows.slice(1).every((row) => row.templateId === template.id)).toBe(true);

    clock.set('2026-07-15T12:00:00.000Z');
    await materializeDueRecurringTransactions({ db: database.db, clock });
    expect((await seriesRows(user)).at(-1)).toMatchObject({ date: '2026-07-10', amountCents: 99_000 });
  });

  it('on a one-off transaction is the same as "this"', async () => {
    const { caller } = await rentSeries();
    const coffee = await caller.transaction.create({
      title: 'Coffee',
      type: 'EXPENSE',
      amount: 3.5,
      category: 'Food',
      date: '2026-06-01',
    });
    await expect(caller.transaction.update({ id: coffee.id, amount: 4, scope: 'future' })).resolves.toMatchObject({
      amount: 4,
      isRecurring: false,
      templateId: null,
    });
  });
});
