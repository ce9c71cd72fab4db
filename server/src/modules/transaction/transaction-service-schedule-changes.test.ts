import type { CreateTransactionInput } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

/*
 * Which edits of a recurring template recompute where the series goes on: a changed date, interval or
 * end date, or recurrence turned on; any other edit leaves the schedule exactly where it was.
 */

const database = useTestDatabase();

async function signedIn() {
  const clock = new ManualClock('2026-03-15T12:00:00.000Z');
  const user = await createUser(database.db, { now: clock.now() });
  const { caller } = await createTestCaller({ database, user, clock });
  const datesOf = async (title: string) =>
    (await caller.transaction.list({ keyword: title, sortBy: 'date', sortDir: 'asc' })).items.map((item) => item.date);
  return { caller, datesOf };
}

const rent = (overrides: Partial<CreateTransactionInput> = {}): CreateTransactionInput => ({
  title: 'Rent',
  type: 'EXPENSE',
  amount: 900,
  category: 'Housing',
  date: '2026-01-10',
  isRecurring: true,
  recurringInterval: 'MONTHLY',
  ...overrides,
});

describe('transaction.update of a recurring template', () => {
  it('keeps the schedule on an edit that is not about it: a deleted occurrence is not made again', async () => {
    const { caller, datesOf } = await signedIn();
    const template = await caller.transaction.create(rent());
    const { items } = await caller.transaction.list({ keyword: 'Rent', sortBy: 'date', sortDir: 'asc' });
    const march = items.find((item) => item.date === '2026-03-10');
    await caller.transaction.delete({ id: march?.id ?? '' });

    const renamed = await caller.transaction.update({ id: template.id, title: 'Rent flat 2', amount: 950 });
    expect(renamed.nextRecurringDate).toBe('2026-04-10');
    expect(await datesOf('Rent')).toEqual(['2026-01-10', '2026-02-10']);
  });

  it('goes on after a later end date, making the occurrences the old end date had cut off', async () => {
    const { caller, datesOf } = await signedIn();
    const template = await caller.transaction.create(
      rent({ date: '2026-01-01', recurringInterval: 'WEEKLY', recurringEndDate: '2026-01-20' }),
    );
    expect(template.nextRecurringDate).toBeNull();
    expect(await datesOf('Rent')).toEqual(['2026-01-01', '2026-01-08', '2026-01-15']);

    const extended = await caller.transaction.update({ id: template.id, recurringEndDate: '2026-02-05' });
    expect(extended.nextRecurringDate).toBeNull();
    expect(await datesOf('Rent')).toEqual([
      '2026-01-01',
      '2026-01-08',
      '2026-01-15',
      '2026-01-22',
      '2026-01-29',
      '2026-02-05',
    ]);
  });

  it('moved past its occurrences, goes on from the new date, not from the last occurrence', async () => {
    const { caller, datesOf } = await signedIn();
    const template = await caller.transaction.create(rent());
    const moved = await caller.transaction.update({ id: template.id, date: '2026-03-12' });
    expect(moved.nextRecurringDate).toBe('2026-04-12');
    expect(await datesOf('Rent')).toEqual(['2026-02-10', '2026-03-10', '2026-03-12']);
  });

  it('turned on for a past one-off, makes the occurrences due since its date', async () => {
    const { caller, datesOf } = await signedIn();
    const oneOff = await caller.transaction.create(rent({ isRecurring: false, recurringInterval: undefined }));
    expect(await datesOf('Rent')).toEqual(['2026-01-10']);

    const recurring = await caller.transaction.update({
      id: oneOff.id,
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    });
    expect(recurring).toMatchObject({
      isRecurring: true,
      recurringInterval: 'MONTHLY',
      nextRecurringDate: '2026-04-10',
    });
    expect(await datesOf('Rent')).toEqual(['2026-01-10', '2026-02-10', '2026-03-10']);
  });

  it('turned off, forgets its interval, next date and end date', async () => {
    const { caller } = await signedIn();
    const template = await caller.transaction.create(rent({ recurringEndDate: '2026-12-31' }));
    const ended = await caller.transaction.update({ id: template.id, isRecurring: false });
    expect(ended).toMatchObject({
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
    });
  });
});
