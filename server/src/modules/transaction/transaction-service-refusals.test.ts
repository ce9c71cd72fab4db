import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

/*
 * The words of each refusal the ledger gives, which the web shows as they are, and the schedule
 * fields a one-off transaction drops.
 */

const database = useTestDatabase();

async function signedIn() {
  const clock = new ManualClock('2026-03-15T12:00:00.000Z');
  const user = await createUser(database.db, { now: clock.now() });
  return (await createTestCaller({ database, user, clock })).caller;
}

describe('transaction refusals', () => {
  it('say "Transaction not found" for an unknown id, whichever procedure takes it', async () => {
    const caller = await signedIn();
    const id = '00000000-0000-4000-8000-000000000000';
    const notFound = { code: 'NOT_FOUND', message: 'Transaction not found' };
    await expect(caller.transaction.get({ id })).rejects.toMatchObject(notFound);
    await expect(caller.transaction.update({ id, title: 'x' })).rejects.toMatchObject(notFound);
    await expect(caller.transaction.duplicate({ id })).rejects.toMatchObject(notFound);
    await expect(caller.transaction.delete({ id })).rejects.toMatchObject(notFound);
  });

  it('name the clash when an occurrence is moved onto a date its series already has', async () => {
    const caller = await signedIn();
    await caller.transaction.create({
      title: 'Rent',
      type: 'EXPENSE',
      amount: 900,
      category: 'Housing',
      date: '2026-01-10',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    });
    const { items } = await caller.transaction.list({ keyword: 'Rent', sortBy: 'date', sortDir: 'asc' });
    const march = items.find((item) => item.date === '2026-03-10');
    await expect(caller.transaction.update({ id: march?.id ?? '', date: '2026-02-10' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'This recurring series already has a transaction on that date',
    });
  });
});

describe('a one-off transaction', () => {
  it('keeps none of the schedule fields sent with it', async () => {
    const caller = await signedIn();
    const created = await caller.transaction.create({
      title: 'Gift',
      type: 'EXPENSE',
      amount: 25,
      category: 'Gifts',
      date: '2026-03-01',
      isRecurring: false,
      recurringInterval: 'DAILY',
      recurringEndDate: '2026-12-31',
    });
    expect(created).toMatchObject({
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
    });
    expect((await caller.transaction.list({ keyword: 'Gift' })).items).toHaveLength(1);
  });
});
