import { OTHERS_FOLDED_MAX } from '@finailytics/shared';
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

  it("splits any number of points, here Others' own share among its categories", () => {
    // 11 points over 200, 200, 800 (total 1200): 1 r1000, 1 r1000, 7 r400. Floors 9, two spare points: the two r1000.
    expect(largestRemainderPercentages([200, 200, 800], 11)).toEqual([2, 2, 7]);
    // 10 points over 6667, 3332, 1: 6 r6670, 3 r3320, 0 r10; the spare point to the 6667.
    expect(largestRemainderPercentages([6667, 3332, 1], 10)).toEqual([7, 3, 0]);
    expect(largestRemainderPercentages([5, 5], 0)).toEqual([0, 0]);
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
      {
        name: 'Others',
        value: 5,
        percentage: 42,
        // 42 points over five equal 1s: 8 r2 each, floors 40, the two spare points to the first two by name.
        folded: {
          categories: [
            { name: 'Apps', value: 1, percentage: 9, count: 1 },
            { name: 'Books', value: 1, percentage: 9, count: 1 },
            { name: 'Coffee', value: 1, percentage: 8, count: 1 },
            { name: 'Gifts', value: 1, percentage: 8, count: 1 },
            { name: 'Transport', value: 1, percentage: 8, count: 1 },
          ],
          rest: null,
        },
      },
    ]);
  });

  it("lists Others' categories in exact cents, with their counts, adding up to Others' percentage", async () => {
    const clock = new ManualClock('2026-03-15T12:00:00Z');
    const user = await createUser(database.db, { now: clock.now() });
    await insertTransactions(database.db, user.id, [
      expense(500, '2026-03-02', 'Rent'),
      expense(250, '2026-03-03', 'Groceries'),
      expense(150, '2026-03-04', 'Dining'),
      expense(33.33, '2026-03-05', 'Coffee'),
      expense(33.34, '2026-03-20', 'Coffee'),
      expense(33.32, '2026-03-06', 'Books'),
      expense(0.01, '2026-03-07', 'Apps'),
      // Outside the month: neither in Others nor in its counts.
      expense(70, '2026-04-01', 'Apps'),
    ]);
    const { caller } = await createTestCaller({ database, user, clock });
    const breakdown = await caller.analytics.expenseBreakdown({ preset: 'thisMonth' });
    expect(breakdown.totalSpent).toBe(1000);
    const percentages = breakdown.breakdown.map((item) => item.percentage);
    expect(percentages).toEqual([50, 25, 15, 10]);
    // 10 points over 6667, 3332 and 1 cents: 6 r6670, 3 r3320, 0 r10; the spare point to Coffee.
    expect(breakdown.breakdown[3]).toEqual({
      name: 'Others',
      value: 100,
      percentage: 10,
      folded: {
        categories: [
          { name: 'Coffee', value: 66.67, percentage: 7, count: 2 },
          { name: 'Books', value: 33.32, percentage: 3, count: 1 },
          { name: 'Apps', value: 0.01, percentage: 0, count: 1 },
        ],
        rest: null,
      },
    });
  });

  it('has no Others entry, and nothing folded, with three categories or fewer', async () => {
    const clock = new ManualClock('2026-03-15T12:00:00Z');
    const user = await createUser(database.db, { now: clock.now() });
    await insertTransactions(database.db, user.id, [
      expense(2, '2026-03-02', 'Rent'),
      expense(1, '2026-03-02', 'Apps'),
    ]);
    const { caller } = await createTestCaller({ database, user, clock });
    const breakdown = await caller.analytics.expenseBreakdown({ preset: 'thisMonth' });
    expect(breakdown.breakdown).toEqual([
      { name: 'Rent', value: 2, percentage: 67 },
      { name: 'Apps', value: 1, percentage: 33 },
    ]);
  });
});

describe('cost bounds: analytics.expenseBreakdown', () => {
  it(`lists at most ${OTHERS_FOLDED_MAX} of Others' categories and sums the rest in one line`, async () => {
    const clock = new ManualClock('2026-03-15T12:00:00Z');
    const user = await createUser(database.db, { now: clock.now() });
    // 54 small categories of 2.00 each (C01 in two expenses of 1.00), behind 600, 200 and 92: 1000.00 in all.
    const small = Array.from({ length: 54 }, (_, index) => `C${String(index + 1).padStart(2, '0')}`);
    await insertTransactions(database.db, user.id, [
      expense(600, '2026-03-02', 'Rent'),
      expense(200, '2026-03-02', 'Groceries'),
      expense(92, '2026-03-02', 'Dining'),
      expense(1, '2026-03-03', 'C01'),
      expense(1, '2026-03-04', 'C01'),
      ...small.slice(1).map((category) => expense(2, '2026-03-05', category)),
    ]);
    const { caller } = await createTestCaller({ database, user, clock });
    const breakdown = await caller.analytics.expenseBreakdown({ preset: 'thisMonth' });
    // Of 100000 cents: 60 r0, 20 r0, 9 r20000, 10 r80000; the spare point to Others.
    expect(breakdown.breakdown.map((item) => [item.name, item.value, item.percentage])).toEqual([
      ['Rent', 600, 60],
      ['Groceries', 200, 20],
      ['Dining', 92, 9],
      ['Others', 108, 11],
    ]);
    const folded = breakdown.breakdown[3]?.folded;
    expect(folded?.categories).toHaveLength(OTHERS_FOLDED_MAX);
    // 11 points over fifty 200s and the rest's 800 (of 10800): all floors 0, remainders 2200 and 8800.
    // The rest takes one spare point, the first ten categories by name the other ten.
    expect(folded?.categories.slice(0, 11)).toEqual([
      { name: 'C01', value: 2, percentage: 1, count: 2 },
      ...small.slice(1, 10).map((name) => ({ name, value: 2, percentage: 1, count: 1 })),
      { name: 'C11', value: 2, percentage: 0, count: 1 },
    ]);
    expect(folded?.categories.at(-1)).toEqual({ name: 'C50', value: 2, percentage: 0, count: 1 });
    expect(folded?.rest).toEqual({ categoryCount: 4, value: 8, percentage: 1, count: 4 });
    const foldedPoints = (folded?.categories ?? []).reduce((sum, category) => sum + category.percentage, 0);
    expect(foldedPoints + (folded?.rest?.percentage ?? 0)).toBe(11);
  });
});
