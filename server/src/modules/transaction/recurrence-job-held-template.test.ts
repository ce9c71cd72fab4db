import { eq } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { occurrenceDates } from '../../test/ledger';
import { materializeDueRecurringTransactions } from './recurrence.job';

/*
 * A template another process holds (its row locked by another connection's open transaction) is
 * passed by, not waited for: that process is making its occurrences. Another connection is needed,
 * so this runs with DATABASE_URL only (skipped on the embedded database, which runs one transaction at
 * a time).
 */

const database = usePrivateTestDatabase();
const onServer = inject('testDatabaseUrl') !== null;

describe.skipIf(!onServer)('materializeDueRecurringTransactions and a template held elsewhere', () => {
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
