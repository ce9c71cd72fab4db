import { sql } from 'drizzle-orm';
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
    // Checked before anything reads the stored row's schedule.
    await expect(
      caller.transaction.update({ id, isRecurring: true, recurringInterval: 'MONTHLY' }),
    ).rejects.toMatchObject(notFound);
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

describe('transaction.update', () => {
  it('reports a failed write that is not a date clash as the failure it is', async () => {
    await database.db.execute(sql`
      create or replace function refuse_doomed_edit() returns trigger language plpgsql as $$
      begin
        if new.title like 'Doomed%' then raise exception 'edit refused'; end if;
        return new;
      end $$`);
    await database.db.execute(sql`
      create or replace trigger refuse_doomed_edit before update on transactions
      for each row execute function refuse_doomed_edit()`);
    const caller = await signedIn();
    const created = await caller.transaction.create({
      title: 'Lunch',
      type: 'EXPENSE',
      amount: 12,
      category: 'Food',
      date: '2026-03-01',
    });
    await expect(caller.transaction.update({ id: created.id, title: 'Doomed lunch' })).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
    });
  });

  it('leaves a field given as undefined as it is', async () => {
    const caller = await signedIn();
    const created = await caller.transaction.create({
      title: 'Rent',
      type: 'EXPENSE',
      amount: 900,
      category: 'Housing',
      date: '2026-01-10',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    });
    const updated = await caller.transaction.update({
      id: created.id,
      title: 'Rent flat 2',
      date: undefined,
      recurringInterval: undefined,
      isRecurring: undefined,
    });
    expect(updated).toMatchObject({
      title: 'Rent flat 2',
      date: '2026-01-10',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
      nextRecurringDate: '2026-04-10',
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
