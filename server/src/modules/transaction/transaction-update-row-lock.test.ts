import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema/transactions';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

/*
 * An edit reads the row it changes under a row lock, so it decides from the row as it will be written
 * over, never from a version another transaction is replacing. On a PostgreSQL server the other
 * transaction runs on another pooled connection and the edit really waits for it; the embedded
 * database runs one transaction at a time, so there the edit simply starts after it.
 */

const database = useTestDatabase();

describe('transaction.update waits for a concurrent change to the same row', () => {
  it('recomputes the schedule from the committed row: a series stopped meanwhile gets no next date', async () => {
    const clock = new ManualClock('2026-03-15T12:00:00.000Z');
    const user = await createUser(database.db, { now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock });
    const template = await caller.transaction.create({
      title: 'Gym',
      type: 'EXPENSE',
      amount: 39,
      category: 'Health',
      date: '2026-04-01',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    });
    expect(template.nextRecurringDate).toBe('2026-05-01');

    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let stopped: () => void = () => {};
    const stopWritten = new Promise<void>((resolve) => {
      stopped = resolve;
    });
    // Another session stops the series and keeps its transaction open while the edit starts.
    const stop = database.db.transaction(async (tx) => {
      await tx
        .update(transactions)
        .set({ isRecurring: false, recurringInterval: null, nextRecurringDate: null, recurringEndDate: null })
        .where(eq(transactions.id, template.id));
      stopped();
      await released;
    });
    await stopWritten;
    const edit = caller.transaction.update({ id: template.id, date: '2026-04-03' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await stop;

    const saved = await edit;
    expect(saved).toMatchObject({ date: '2026-04-03', isRecurring: false, nextRecurringDate: null });
    const [row] = await database.db
      .select({ isRecurring: transactions.isRecurring, nextRecurringDate: transactions.nextRecurringDate })
      .from(transactions)
      .where(eq(transactions.id, template.id));
    expect(row).toEqual({ isRecurring: false, nextRecurringDate: null });
  });
});
