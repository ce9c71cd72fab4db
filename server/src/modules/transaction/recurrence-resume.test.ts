import type { CreateTransactionInput, RecurringInterval } from '@finailytics/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { occurrenceAfter, occurrenceDate } from './recurrence';

/*
 * Where a series resumes when the date it resumes after is not one of its own occurrences: the series
 * was moved, or its interval changed, after occurrences of the old schedule were made.
 */

/** The definition, stepped one occurrence at a time from the first: what the jump estimate must match. */
function steppedAfter(anchor: string, interval: RecurringInterval, after: string): string {
  let k = 1;
  while (occurrenceDate(anchor, interval, k) <= after) k++;
  return occurrenceDate(anchor, interval, k);
}

describe('occurrenceAfter from a date that is not an occurrence', () => {
  it.each([
    ['MONTHLY', '2026-01-20', '2026-03-10', '2026-03-20'],
    ['MONTHLY', '2026-01-20', '2026-03-25', '2026-04-20'],
    ['MONTHLY', '2026-01-31', '2026-03-01', '2026-03-31'],
    ['MONTHLY', '2026-01-31', '2026-02-28', '2026-03-31'],
    ['YEARLY', '2024-02-29', '2026-01-15', '2026-02-28'],
    ['YEARLY', '2020-06-15', '2026-06-14', '2026-06-15'],
    ['YEARLY', '2020-06-15', '2026-06-16', '2027-06-15'],
    ['WEEKLY', '2026-01-01', '2026-03-10', '2026-03-12'],
    ['WEEKLY', '2026-01-01', '2026-01-07', '2026-01-08'],
    ['DAILY', '2026-01-01', '2026-03-10', '2026-03-11'],
  ] as const)('%s from %s, after %s → %s', (interval, anchor, after, expected) => {
    expect(occurrenceAfter(anchor, interval, after)).toBe(expected);
  });

  it('is the first occurrence when `after` is on or before the start date', () => {
    expect(occurrenceAfter('2026-01-20', 'MONTHLY', '2026-01-20')).toBe('2026-02-20');
    expect(occurrenceAfter('2026-01-20', 'MONTHLY', '2025-12-01')).toBe('2026-02-20');
    expect(occurrenceAfter('2026-01-20', 'DAILY', '2026-01-19')).toBe('2026-01-21');
  });

  it('matches stepping from the start, for any start, interval and date after it', () => {
    const day = fc
      .integer({ min: 0, max: 365 * 8 })
      .map((offset) => new Date(Date.UTC(2000, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        day,
        fc.constantFrom<RecurringInterval>('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
        (anchor, after, interval) => {
          expect(occurrenceAfter(anchor, interval, after)).toBe(steppedAfter(anchor, interval, after));
        },
      ),
      { numRuns: 200 },
    );
  });
});

const database = useTestDatabase();

describe('transaction.update of a series with occurrences', () => {
  it('continues a monthly Jan-10 series moved to Jan-20 on Mar-20, after the Mar-10 occurrence', async () => {
    const clock = new ManualClock('2026-03-15T12:00:00.000Z');
    const user = await createUser(database.db, { now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock });
    const rent: CreateTransactionInput = {
      title: 'Rent',
      type: 'EXPENSE',
      amount: 900,
      category: 'Housing',
      date: '2026-01-10',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    };
    const created = await caller.transaction.create(rent);
    expect(created.nextRecurringDate).toBe('2026-04-10');

    const moved = await caller.transaction.update({ id: created.id, date: '2026-01-20' });
    expect(moved.nextRecurringDate).toBe('2026-03-20');
    const { items } = await caller.transaction.list({ sortBy: 'date', sortDir: 'asc' });
    expect(items.map((item) => item.date)).toEqual(['2026-01-20', '2026-02-10', '2026-03-10']);

    // Once Mar-20 is due it is made, and the series goes on from the new day of the month.
    clock.set('2026-03-21T12:00:00.000Z');
    const later = await createTestCaller({ database, user, clock });
    const march = await later.caller.transaction.update({ id: created.id, amount: 950 });
    expect(march.nextRecurringDate).toBe('2026-04-20');
    const after = await later.caller.transaction.list({ sortBy: 'date', sortDir: 'asc' });
    expect(after.items.map((item) => item.date)).toEqual(['2026-01-20', '2026-02-10', '2026-03-10', '2026-03-20']);
  });
});
