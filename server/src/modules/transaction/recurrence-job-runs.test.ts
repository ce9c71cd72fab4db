import type { CreateTransactionInput } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { transactions, users } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { nextRecurringDate, occurrenceDates } from '../../test/ledger';
import { concurrentDatabases } from '../../test/lock-wait';
import { materializeDueRecurringTransactions, materializeUserTemplates } from './recurrence.job';

// A run walks every due template in the database, so each test starts from an empty ledger.
const database = usePrivateTestDatabase();
afterEach(async () => {
  await database.db.delete(transactions);
});

/** A new user's series created on its start date, so nothing is due until a run's clock moves on. */
async function seriesOf(template: Partial<CreateTransactionInput> & { date: string }) {
  const clock = new ManualClock(`${template.date}T12:00:00.000Z`);
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const created = await caller.transaction.create({
    title: 'Rent',
    type: 'EXPENSE',
    amount: 950,
    category: 'Housing',
    isRecurring: true,
    recurringInterval: 'MONTHLY',
    ...template,
  });
  return { user, template: created };
}

describe('materializeDueRecurringTransactions', () => {
  it('answers how many templates it advanced and how many occurrences it made', async () => {
    await seriesOf({ date: '2026-01-10', recurringInterval: 'WEEKLY' });
    await seriesOf({ date: '2026-01-08' });
    const clock = new ManualClock('2026-02-08T12:00:00Z');
    expect(await materializeDueRecurringTransactions({ db: database.db, clock })).toEqual({
      templates: 2,
      occurrences: 5,
    });
  });

  it('passes over a template due tomorrow in UTC and counts nothing', async () => {
    const { user, template } = await seriesOf({ date: '2026-03-10' });
    const clock = new ManualClock('2026-04-09T12:00:00Z');
    expect(await materializeDueRecurringTransactions({ db: database.db, clock })).toEqual({
      templates: 0,
      occurrences: 0,
    });
    expect(await occurrenceDates(database.db, user.id)).toEqual([]);
    expect(await nextRecurringDate(database.db, template.id)).toBe('2026-04-10');
  });

  it('counts days in UTC for a time zone the runtime does not know', async () => {
    const { user } = await seriesOf({ date: '2026-03-01' });
    // A zone name stored by an older runtime that this one no longer knows.
    await database.db.update(users).set({ timezone: 'Mars/Olympus_Mons' }).where(eq(users.id, user.id));
    await materializeDueRecurringTransactions({ db: database.db, clock: new ManualClock('2026-03-31T23:30:00Z') });
    expect(await occurrenceDates(database.db, user.id)).toEqual([]);
    await materializeDueRecurringTransactions({ db: database.db, clock: new ManualClock('2026-04-01T00:30:00Z') });
    expect(await occurrenceDates(database.db, user.id)).toEqual(['2026-04-01']);
  });

  it('gives one template at most 200 batches a run and carries the rest to the next run', async () => {
    const { user, template } = await seriesOf({ date: '2026-01-01', recurringInterval: 'DAILY' });
    const clock = new ManualClock('2026-08-01T12:00:00Z');
    const run = () => materializeDueRecurringTransactions({ db: database.db, clock }, { batchSize: 1 });

    expect(await run()).toEqual({ templates: 1, occurrences: 200 });
    expect(await nextRecurringDate(database.db, template.id)).toBe('2026-07-21');
    // July 21 to August 1.
    expect(await run()).toEqual({ templates: 1, occurrences: 12 });
    expect(await occurrenceDates(database.db, user.id)).toHaveLength(212);
  });

  it('names the templates that failed, goes on with the others and counts them in its error', async () => {
    const failing = [
      await seriesOf({ date: '2026-01-10', recurringInterval: 'WEEKLY' }),
      await seriesOf({ date: '2026-01-10', recurringInterval: 'WEEKLY', title: 'Rates' }),
    ];
    const failingIds = failing.map((series) => series.template.id).sort();
    const working = await seriesOf({ date: '2026-01-10', recurringInterval: 'WEEKLY', title: 'Gym' });
    const crash = new Error('process killed');
    const clock = new ManualClock('2026-02-08T12:00:00Z');
    // One template per page, so the walk has to move past the failed ones by its cursor.
    const error = await materializeDueRecurringTransactions(
      { db: database.db, clock },
      {
        pageSize: 1,
        beforeCommit: (templateId) => {
          if (failingIds.includes(templateId)) throw crash;
        },
      },
    ).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toEqual([crash, crash]);
    expect((error as AggregateError).message).toBe(
      `Recurring transactions: 2 template(s) failed (${failingIds.join(', ')}); 4 occurrence(s) created for 1 other template(s)`,
    );
    for (const series of failing) expect(await occurrenceDates(database.db, series.user.id)).toEqual([]);
    expect(await occurrenceDates(database.db, working.user.id)).toEqual([
      '2026-01-17',
      '2026-01-24',
      '2026-01-31',
      '2026-02-07',
    ]);
  });
});

describe('materializeUserTemplates', () => {
  it('creates at most four batches of occurrences by default', async () => {
    const { user } = await seriesOf({ date: '2020-01-01', recurringInterval: 'DAILY' });
    const now = new Date('2026-01-01T12:00:00Z');

    const first = await database.db.transaction((tx) => materializeUserTemplates(tx, user.id, '2026-01-01', now));
    expect(first).toEqual({ created: 2000, complete: false });
    expect(await occurrenceDates(database.db, user.id)).toHaveLength(2000);
  });
});

/*
 * A template another process holds (its row locked by another connection's open transaction) is
 * passed by, not waited for: that process is making its occurrences. Another connection is needed:
 * the embedded database has one and runs one transaction at a time, so this runs with DATABASE_URL.
 */

const servers = concurrentDatabases();

describe.each(servers)('materializeDueRecurringTransactions and a template held elsewhere', () => {
  it('passes it by without waiting, and makes its occurrences on the next run', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user, clock: new ManualClock('2026-01-01T12:00:00Z') });
    const template = await caller.transaction.create({
      title: 'Rent',
      type: 'EXPENSE',
      amount: 950,
      category: 'Housing',
      date: '2026-01-01',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    });
    const clock = new ManualClock('2026-03-15T12:00:00Z');

    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held: () => void = () => {};
    const isHeld = new Promise<void>((resolve) => {
      held = resolve;
    });
    const holder = database.db.transaction(async (tx) => {
      await tx.select({ id: transactions.id }).from(transactions).where(eq(transactions.id, template.id)).for('update');
      held();
      await released;
    });
    try {
      await isHeld;
      const waited = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 3000));
      const run = materializeDueRecurringTransactions({ db: database.db, clock });
      expect(await Promise.race([run, waited])).toEqual({ templates: 0, occurrences: 0 });
    } finally {
      release();
      await holder;
    }
    expect(await occurrenceDates(database.db, user.id)).toEqual([]);

    expect(await materializeDueRecurringTransactions({ db: database.db, clock })).toEqual({
      templates: 1,
      occurrences: 2,
    });
    expect(await occurrenceDates(database.db, user.id)).toEqual(['2026-02-01', '2026-03-01']);
  });
});
