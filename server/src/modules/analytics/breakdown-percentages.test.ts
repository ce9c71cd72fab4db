import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, insertTransactions } from '../../test/ledger';
import { largestRemainderPercentages } from './analytics.service';

/*
 * Largest remainder: every share gets floor(100·v/total); the points still missing to 100 go one each
 * to the largest remainders, ties to the larger amount, then to the earlier slot. The expected values
 * below are worked out by hand from that rule.
 */

describe('largestRemainderPercentages', () => {
  it('breaks a remainder tie by amount, then by position (3, 2, 2 and Others of 5 → 25/17/16/42)', () => {
    // total 12: 300/12 = 25 r0; 200/12 = 16 r8 (twice); 500/12 = 41 r8. Floors 98, 2 points missing:
    // the r8 tie goes to Others (amount 5 > 2), then to the first 2.
    expect(largestRemainderPercentages([3, 2, 2, 5])).toEqual([25, 17, 16, 42]);
  });

  it('breaks a tie of equal amounts by position', () => {
    // 100/3 = 33 r1 each, 1 point missing: the first slot.
    expect(largestRemainderPercentages([1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('gives the points to the largest remainders, whatever their amounts', () => {
    // total 7: 100/7 = 14 r2; 200/7 = 28 r4; 400/7 = 57 r1. Floors 99: the point goes to the 2 (r4).
    expect(largestRemainderPercentages([1, 2, 4])).toEqual([14, 29, 57]);
    // total 6: 100/6 = 16 r4; 500/6 = 83 r2. Floors 99: the point goes to the 1 (r4), not to the larger 5.
    expect(largestRemainderPercentages([1, 5])).toEqual([17, 83]);
  });

  it('gives more than one point when several are missing, and none to an exact share', () => {
    // total 9: 200/9 = 22 r2 (×4), 100/9 = 11 r1. Floors 99: one point, to the first of the four r2.
    expect(largestRemainderPercentages([2, 2, 2, 2, 1])).toEqual([23, 22, 22, 22, 11]);
    // total 7 in 7 equal parts: 14 r2 each, floors 98, two points: the first two.
    expect(largestRemainderPercentages([5, 5, 5, 5, 5, 5, 5])).toEqual([15, 15, 14, 14, 14, 14, 14]);
    expect(largestRemainderPercentages([1, 3])).toEqual([25, 75]);
  });

  it('is all zeros when nothing was spent, and empty for no slots', () => {
    expect(largestRemainderPercentages([0, 0])).toEqual([0, 0]);
    expect(largestRemainderPercentages([])).toEqual([]);
  });
});

const database = useTestDatabase();

describe('analytics.expenseBreakdown percentages', () => {
  it('gives 25/17/16/42 for amounts 3, 2, 2 and five 1s', async () => {
    const clock = new ManualClock('2026-03-15T12:00:00Z');
    const user = await createUser(database.db, { now: clock.now() });
    await insertTransactions(database.db, user.id, [
      expense(3, '2026-03-02', 'Rent'),
      expense(2, '2026-03-03', 'Dining'),
      expense(2, '2026-03-04', 'Groceries'),
      ...['Apps', 'Books', 'Coffee', 'Gifts', 'Transport'].map((category) => expense(1, '2026-03-05', category)),
    ]);
    const { caller } = await createTestCaller({ database, user, clock });
    const breakdown = await caller.analytics.expenseBreakdown({ preset: 'thisMonth' });
    expect(breakdown.totalSpent).toBe(12);
    expect(breakdown.breakdown).toEqual([
      { name: 'Rent', value: 3, percentage: 25 },
      { name: 'Dining', value: 2, percentage: 17 },
      { name: 'Groceries', value: 2, percentage: 16 },
      { name: 'Others', value: 5, percentage: 42 },
    ]);
  });
});
