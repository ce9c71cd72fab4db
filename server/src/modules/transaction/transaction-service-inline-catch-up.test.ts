import type { CreateTransactionInput } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { onWakeJob, type WakeableJob } from '../../jobs/wake';
import { addDays } from '../../lib/calendar';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { INLINE_OCCURRENCES } from './transaction.service';

/*
 * A write makes at most INLINE_OCCURRENCES of a series' due occurrences itself and wakes the
 * scheduler only when more are due; a series it completes wakes nothing.
 */

const database = useTestDatabase();

async function signedIn() {
  const clock = new ManualClock('2026-03-15T12:00:00.000Z');
  const user = await createUser(database.db, { now: clock.now() });
  const { caller } = await createTestCaller({ database, user, clock });
  const rowCount = async () =>
    (await database.db.select({ id: transactions.id }).from(transactions).where(eq(transactions.userId, user.id)))
      .length;
  return { caller, rowCount };
}

const daily = (date: string): CreateTransactionInput => ({
  title: 'Coffee',
  type: 'EXPENSE',
  amount: 3,
  category: 'Dining',
  date,
  isRecurring: true,
  recurringInterval: 'DAILY',
});

async function wokenDuring<T>(write: () => Promise<T>): Promise<{ result: T; woken: WakeableJob[] }> {
  const woken: WakeableJob[] = [];
  const stop = onWakeJob((job) => woken.push(job));
  try {
    return { result: await write(), woken };
  } finally {
    stop();
  }
}

describe('a write catching a daily series up', () => {
  it('makes INLINE_OCCURRENCES of a longer backlog and wakes the scheduler for the rest', async () => {
    const { caller, rowCount } = await signedIn();
    const start = addDays('2026-03-15', -(INLINE_OCCURRENCES + 20));
    const { result, woken } = await wokenDuring(() => caller.transaction.create(daily(start)));
    expect(woken).toEqual(['recurring-transactions']);
    expect(await rowCount()).toBe(1 + INLINE_OCCURRENCES);
    expect(result.nextRecurringDate).toBe(addDays(start, INLINE_OCCURRENCES + 1));
  });

  it('completes a shorter backlog itself and wakes nothing', async () => {
    const { caller, rowCount } = await signedIn();
    const { result, woken } = await wokenDuring(() => caller.transaction.create(daily('2026-03-05')));
    expect(woken).toEqual([]);
    expect(await rowCount()).toBe(11);
    expect(result.nextRecurringDate).toBe('2026-03-16');
  });

  it('on an update that moves the series back, also stops at INLINE_OCCURRENCES and wakes the scheduler', async () => {
    const { caller, rowCount } = await signedIn();
    const template = await caller.transaction.create(daily('2026-03-15'));
    const start = addDays('2026-03-15', -(INLINE_OCCURRENCES + 20));
    const { result, woken } = await wokenDuring(() => caller.transaction.update({ id: template.id, date: start }));
    expect(woken).toEqual(['recurring-transactions']);
    expect(await rowCount()).toBe(1 + INLINE_OCCURRENCES);
    expect(result.nextRecurringDate).toBe(addDays(start, INLINE_OCCURRENCES + 1));
  });
});

describe('a one-off write', () => {
  it('wakes nothing', async () => {
    const { caller } = await signedIn();
    const { woken } = await wokenDuring(() =>
      caller.transaction.create({ ...daily('2026-03-01'), isRecurring: false, recurringInterval: undefined }),
    );
    expect(woken).toEqual([]);
  });
});
