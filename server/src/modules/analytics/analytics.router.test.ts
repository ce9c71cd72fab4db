import type { User } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, income, insertTransactions, type TransactionSeed } from '../../test/ledger';

const database = useTestDatabase();

/** A user in `timezone` holding `seeds`, and a caller for them at the instant `now`. */
async function callerWith(now: string, seeds: TransactionSeed[], timezone = 'UTC') {
  const clock = new ManualClock(now);
  const user: User = await createUser(database.db, { timezone, now: clock.now() });
  await insertTransactions(database.db, user.id, seeds);
  const { caller } = await createTestCaller({ database, user, clock });
  return { caller, user, clock };
}

// March 2026 against February 2026, with rows just outside both months.
const marchDataset = [
  income(1000, '2026-01-31'),
  income(2500, '2026-02-01'),
  expense(1000, '2026-02-28', 'Rent'),
  income(3000, '2026-03-01'),
  expense(1200, '2026-03-02', 'Rent'),
  expense(300.5, '2026-03-10', 'Groceries'),
  expense(99.5, '2026-03-31', 'Dining'),
  expense(50, '2026-04-01', 'Dining'),
];

describe('analytics.summary', () => {
  it('totals this month and compares it with the previous month', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', marchDataset);
    const summary = await caller.analytics.summary({ preset: 'thisMonth' });
    expect(summary).toEqual({
      preset: { value: 'thisMonth', label: 'This Month', from: '2026-03-01', to: '2026-03-31' },
      totalIncome: 3000,
      totalExpenses: 1600,
      availableBalance: 1400,
      transactionCount: 4,
      savingRate: { percentage: 46.67, expenseRatio: 53.33 },
      percentageChange: {
        income: 20,
        expenses: 60,
        balance: -6.67,
        previous: { from: '2026-02-01', to: '2026-02-28', income: 2500, expenses: 1000, balance: 1500 },
      },
    });
  });

  it('compares last month with the month before it, not a shifted window', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', marchDataset);
    const summary = await caller.analytics.summary({ preset: 'lastMonth' });
    expect(summary.preset).toEqual({ value: 'lastMonth', label: 'Last Month', from: '2026-02-01', to: '2026-02-28' });
    expect(summary.totalIncome).toBe(2500);
    expect(summary.totalExpenses).toBe(1000);
    expect(summary.percentageChange?.previous).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      income: 1000,
      expenses: 0,
      balance: 1000,
    });
    expect(summary.percentageChange?.income).toBe(150);
    expect(summary.percentageChange?.balance).toBe(50);
  });

  it('answers null, not 100%, for a change from zero', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', marchDataset);
    const summary = await caller.analytics.summary({ preset: 'lastMonth' });
    expect(summary.percentageChange?.expenses).toBeNull();
  });

  it('measures a balance change against the size of a negative previous balance', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', [
      expense(500, '2026-02-10'),
      income(750, '2026-03-03'),
      expense(500, '2026-03-04'),
    ]);
    const summary = await caller.analytics.summary({ preset: 'thisMonth' });
    expect(summary.availableBalance).toBe(250);
    expect(summary.percentageChange?.previous.balance).toBe(-500);
    expect(summary.percentageChange?.balance).toBe(150);
  });

  it('covers today and the 29 days before for 30days, compared with the 30 days before that', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', [
      income(10, '2026-01-14'),
      income(20, '2026-01-15'),
      income(40, '2026-02-13'),
      income(80, '2026-02-14'),
      income(160, '2026-03-15'),
      income(320, '2026-03-16'),
    ]);
    const summary = await caller.analytics.summary({ preset: '30days' });
    expect(summary.preset).toEqual({ value: '30days', label: 'Last 30 Days', from: '2026-02-14', to: '2026-03-15' });
    expect(summary.totalIncome).toBe(240);
    expect(summary.percentageChange?.previous).toMatchObject({ from: '2026-01-15', to: '2026-02-13', income: 60 });
    expect(summary.percentageChange?.income).toBe(300);
  });

  it('crosses the year edge for lastMonth, last3Months and thisYear in January', async () => {
    const { caller } = await callerWith('2026-01-10T12:00:00Z', [
      income(100, '2025-07-01'),
      income(200, '2025-09-30'),
      income(400, '2025-10-01'),
      income(800, '2025-12-31'),
      income(1600, '2026-01-01'),
    ]);
    const lastMonth = await caller.analytics.summary({ preset: 'lastMonth' });
    expect(lastMonth.preset).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastMonth.percentageChange?.previous).toMatchObject({ from: '2025-11-01', to: '2025-11-30', income: 0 });
    expect(lastMonth.totalIncome).toBe(800);

    const quarter = await caller.analytics.summary({ preset: 'last3Months' });
    expect(quarter.preset).toMatchObject({ label: 'Last 3 Months', from: '2025-10-01', to: '2025-12-31' });
    expect(quarter.totalIncome).toBe(1200);
    expect(quarter.percentageChange?.previous).toMatchObject({ from: '2025-07-01', to: '2025-09-30', income: 300 });
    expect(quarter.percentageChange?.income).toBe(300);

    const year = await caller.analytics.summary({ preset: 'thisYear' });
    expect(year.preset).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(year.totalIncome).toBe(1600);
    expect(year.percentageChange?.previous).toMatchObject({ from: '2025-01-01', to: '2025-12-31', income: 1500 });
  });

  it('knows February has 29 days in a leap year', async () => {
    const { caller } = await callerWith('2024-03-10T12:00:00Z', [income(5, '2024-02-29'), income(7, '2024-03-01')]);
    const summary = await caller.analytics.summary({ preset: 'lastMonth' });
    expect(summary.preset).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
    expect(summary.totalIncome).toBe(5);
  });

  it('puts the month edge where a user in UTC+14 lives', async () => {
    // 10:30 UTC on February 28th is 00:30 on March 1st on Kiritimati.
    const seeds = [expense(40, '2026-02-28'), income(100, '2026-03-01')];
    const kiritimati = await callerWith('2026-02-28T10:30:00Z', seeds, 'Pacific/Kiritimati');
    const summary = await kiritimati.caller.analytics.summary({ preset: 'thisMonth' });
    expect(summary.preset).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });
    expect(summary).toMatchObject({ totalIncome: 100, totalExpenses: 0 });

    const utc = await callerWith('2026-02-28T10:30:00Z', seeds, 'UTC');
    const utcSummary = await utc.caller.analytics.summary({ preset: 'thisMonth' });
    expect(utcSummary.preset).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(utcSummary).toMatchObject({ totalIncome: 0, totalExpenses: 40 });
  });

  it('puts the month edge where a user in UTC−11 lives', async () => {
    // 10:30 UTC on March 1st is still 23:30 on February 28th in Pago Pago.
    const { caller } = await callerWith(
      '2026-03-01T10:30:00Z',
      [expense(40, '2026-02-28'), income(100, '2026-03-01')],
      'Pacific/Pago_Pago',
    );
    const summary = await caller.analytics.summary({ preset: 'thisMonth' });
    expect(summary.preset).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(summary).toMatchObject({ totalIncome: 0, totalExpenses: 40 });
    const days = await caller.analytics.summary({ preset: '30days' });
    expect(days.preset).toMatchObject({ from: '2026-01-30', to: '2026-02-28' });
  });

  it('answers zeros and nulls for a period without transactions', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', []);
    const summary = await caller.analytics.summary({ from: '2026-05-01', to: '2026-05-10' });
    expect(summary).toEqual({
      preset: { value: 'custom', label: 'Custom', from: '2026-05-01', to: '2026-05-10' },
      totalIncome: 0,
      totalExpenses: 0,
      availableBalance: 0,
      transactionCount: 0,
      savingRate: { percentage: null, expenseRatio: null },
      percentageChange: {
        income: null,
        expenses: null,
        balance: null,
        previous: { from: '2026-04-21', to: '2026-04-30', income: 0, expenses: 0, balance: 0 },
      },
    });
  });

  it('spans every transaction for allTime, with no comparison', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', marchDataset);
    const summary = await caller.analytics.summary({ preset: 'allTime' });
    expect(summary.preset).toEqual({ value: 'allTime', label: 'All Time', from: '2026-01-31', to: '2026-04-01' });
    expect(summary).toMatchObject({
      totalIncome: 6500,
      totalExpenses: 2650,
      availableBalance: 3850,
      transactionCount: 8,
    });
    expect(summary.percentageChange).toBeNull();
  });

  it('spans just today for allTime without transactions', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', [], 'Pacific/Kiritimati');
    const summary = await caller.analytics.summary({ preset: 'allTime' });
    expect(summary.preset).toMatchObject({ from: '2026-03-16', to: '2026-03-16' });
    expect(summary.transactionCount).toBe(0);
  });

  it("never counts another user's transactions", async () => {
    const first = await callerWith('2026-03-15T12:00:00Z', [income(10, '2026-03-02'), expense(4, '2026-03-02')]);
    const second = await callerWith('2026-03-15T12:00:00Z', [income(1000, '2026-03-02'), expense(1, '2026-03-02')]);
    const [a, b] = await Promise.all([
      first.caller.analytics.summary({ preset: 'allTime' }),
      second.caller.analytics.summary({ preset: 'allTime' }),
    ]);
    expect(a).toMatchObject({ totalIncome: 10, totalExpenses: 4, transactionCount: 2 });
    expect(b).toMatchObject({ totalIncome: 1000, totalExpenses: 1, transactionCount: 2 });
  });

  it('refuses an unknown preset', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', []);
    // @ts-expect-error an unknown preset, as a hand-written client might send
    await expect(caller.analytics.summary({ preset: 'lastDecade' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses a range whose start is after its end', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', []);
    await expect(caller.analytics.summary({ from: '2026-03-02', to: '2026-03-01' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('refuses a date that does not exist', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', []);
    await expect(caller.analytics.summary({ from: '2026-02-01', to: '2026-02-30' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('refuses a caller without a token', async () => {
    const { caller } = await createTestCaller({ database });
    await expect(caller.analytics.summary({ preset: 'thisMonth' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('analytics.chart', () => {
  it('returns every day of last month, zero-filled', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', marchDataset);
    const chart = await caller.analytics.chart({ preset: 'lastMonth' });
    expect(chart.granularity).toBe('day');
    expect(chart.points).toHaveLength(28);
    expect(chart.points[0]).toEqual({ date: '2026-02-01', income: 2500, expenses: 0 });
    expect(chart.points[1]).toEqual({ date: '2026-02-02', income: 0, expenses: 0 });
    expect(chart.points[27]).toEqual({ date: '2026-02-28', income: 0, expenses: 1000 });
    expect(chart).toMatchObject({ totalIncomeCount: 1, totalExpenseCount: 1 });
  });

  it('has one bucket per calendar day across a daylight-saving change', async () => {
    // New York springs forward on 2026-03-08; 03:30 UTC on the 9th is 23:30 on the 8th there.
    const { caller } = await callerWith(
      '2026-03-09T03:30:00Z',
      [expense(8, '2026-03-08'), expense(9, '2026-03-09')],
      'America/New_York',
    );
    const chart = await caller.analytics.chart({ preset: '30days' });
    expect(chart.preset).toMatchObject({ from: '2026-02-07', to: '2026-03-08' });
    expect(chart.points).toHaveLength(30);
    expect(chart.points.slice(-3)).toEqual([
      { date: '2026-03-06', income: 0, expenses: 0 },
      { date: '2026-03-07', income: 0, expenses: 0 },
      { date: '2026-03-08', income: 0, expenses: 8 },
    ]);
  });

  it('has one bucket per calendar day when the clocks fall back', async () => {
    const { caller } = await callerWith(
      '2026-11-02T12:00:00Z',
      [expense(1, '2026-10-25'), expense(2, '2026-10-26'), expense(3, '2026-11-01')],
      'Europe/London',
    );
    const chart = await caller.analytics.chart({ from: '2026-10-24', to: '2026-11-01' });
    expect(chart.points.map((point) => point.date)).toEqual([
      '2026-10-24',
      '2026-10-25',
      '2026-10-26',
      '2026-10-27',
      '2026-10-28',
      '2026-10-29',
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
    ]);
    expect(chart.points.map((point) => point.expenses)).toEqual([0, 1, 2, 0, 0, 0, 0, 0, 3]);
  });

  it('switches to ISO weeks for a year, dating the first week by the range start', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', [
      income(100, '2026-01-01'),
      income(1, '2026-01-04'),
      income(2, '2026-01-05'),
      expense(7, '2026-12-31'),
    ]);
    const chart = await caller.analytics.chart({ preset: 'thisYear' });
    expect(chart.granularity).toBe('week');
    expect(chart.points).toHaveLength(53);
    expect(chart.points[0]).toEqual({ date: '2026-01-01', income: 101, expenses: 0 });
    expect(chart.points[1]).toEqual({ date: '2026-01-05', income: 2, expenses: 0 });
    expect(chart.points[52]).toEqual({ date: '2026-12-28', income: 0, expenses: 7 });
  });

  it('switches to months beyond a year', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', [income(5, '2024-11-20'), expense(3, '2026-03-01')]);
    const chart = await caller.analytics.chart({ preset: 'allTime' });
    expect(chart.granularity).toBe('month');
    expect(chart.points).toHaveLength(17);
    expect(chart.points[0]).toEqual({ date: '2024-11-20', income: 5, expenses: 0 });
    expect(chart.points[1]).toEqual({ date: '2024-12-01', income: 0, expenses: 0 });
    expect(chart.points[16]).toEqual({ date: '2026-03-01', income: 0, expenses: 3 });
  });

  it('returns a zero point for every day of an empty range', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', []);
    const chart = await caller.analytics.chart({ from: '2026-12-30', to: '2027-01-02' });
    expect(chart).toEqual({
      preset: { value: 'custom', label: 'Custom', from: '2026-12-30', to: '2027-01-02' },
      granularity: 'day',
      points: [
        { date: '2026-12-30', income: 0, expenses: 0 },
        { date: '2026-12-31', income: 0, expenses: 0 },
        { date: '2027-01-01', income: 0, expenses: 0 },
        { date: '2027-01-02', income: 0, expenses: 0 },
      ],
      totalIncomeCount: 0,
      totalExpenseCount: 0,
    });
  });
});

describe('analytics.expenseBreakdown', () => {
  it('shows the top three categories and Others, percentages summing to 100', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', [
      expense(1200, '2026-03-02', 'Rent'),
      expense(300.5, '2026-03-10', 'Groceries'),
      expense(99.5, '2026-03-11', 'Dining'),
      expense(40, '2026-03-12', 'Transport'),
      expense(10, '2026-03-13', 'Books'),
      income(5000, '2026-03-01', 'Salary'),
      expense(999, '2026-04-01', 'Travel'),
    ]);
    const breakdown = await caller.analytics.expenseBreakdown({ preset: 'thisMonth' });
    expect(breakdown).toEqual({
      preset: { value: 'thisMonth', label: 'This Month', from: '2026-03-01', to: '2026-03-31' },
      totalSpent: 1650,
      breakdown: [
        { name: 'Rent', value: 1200, percentage: 73 },
        { name: 'Groceries', value: 300.5, percentage: 18 },
        { name: 'Dining', value: 99.5, percentage: 6 },
        {
          name: 'Others',
          value: 50,
          percentage: 3,
          // Others' 3 points split by largest remainder: 3·40/50 = 2 r20, 3·10/50 = 0 r30, the spare point to Books.
          folded: {
            categories: [
              { name: 'Transport', value: 40, percentage: 2, count: 1 },
              { name: 'Books', value: 10, percentage: 1, count: 1 },
            ],
            rest: null,
          },
        },
      ],
    });
  });

  it('gives the spare point to the first of equal shares', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', [
      expense(100, '2026-03-02', 'Coffee'),
      expense(100, '2026-03-02', 'Books'),
      expense(100, '2026-03-02', 'Apps'),
    ]);
    const breakdown = await caller.analytics.expenseBreakdown({ preset: 'thisMonth' });
    expect(breakdown.breakdown).toEqual([
      { name: 'Apps', value: 100, percentage: 34 },
      { name: 'Books', value: 100, percentage: 33 },
      { name: 'Coffee', value: 100, percentage: 33 },
    ]);
  });

  it('is empty for a period without expenses', async () => {
    const { caller } = await callerWith('2026-03-15T12:00:00Z', [income(10, '2026-03-02')]);
    const breakdown = await caller.analytics.expenseBreakdown({ preset: 'thisMonth' });
    expect(breakdown).toMatchObject({ totalSpent: 0, breakdown: [] });
  });
});

describe('cost bounds: analytics.chart', () => {
  it('answers the whole supported range, 1900–2100, in 201 yearly points', async () => {
    const { caller } = await callerWith('2026-06-01T12:00:00Z', [
      income(100, '1900-01-01'),
      expense(40, '2100-12-31'),
      income(5, '2026-05-05'),
    ]);
    const chart = await caller.analytics.chart({ from: '1900-01-01', to: '2100-12-31' });
    expect(chart.granularity).toBe('year');
    expect(chart.points).toHaveLength(201);
    expect(chart.points.length).toBeLessThanOrEqual(300);
    expect(chart.points[0]).toEqual({ date: '1900-01-01', income: 100, expenses: 0 });
    expect(chart.points.find((point) => point.date === '2026-01-01')).toEqual({
      date: '2026-01-01',
      income: 5,
      expenses: 0,
    });
    expect(chart.points.at(-1)).toEqual({ date: '2100-01-01', income: 0, expenses: 40 });
  });

  it('buckets by quarter past 300 months and by month up to it, keeping days and weeks for short ranges', async () => {
    const { caller } = await callerWith('2026-06-01T12:00:00Z', [income(30, '1990-02-14')]);
    const quarters = await caller.analytics.chart({ from: '1990-01-01', to: '2026-12-31' });
    expect(quarters.granularity).toBe('quarter');
    expect(quarters.points).toHaveLength(37 * 4);
    expect(quarters.points[0]).toEqual({ date: '1990-01-01', income: 30, expenses: 0 });
    expect(quarters.points[1]?.date).toBe('1990-04-01');
    const months = await caller.analytics.chart({ from: '2001-01-01', to: '2025-12-31' });
    expect(months.granularity).toBe('month');
    expect(months.points).toHaveLength(300);
    expect((await caller.analytics.chart({ from: '2026-01-01', to: '2026-04-02' })).granularity).toBe('day');
    expect((await caller.analytics.chart({ from: '2026-01-01', to: '2026-12-31' })).granularity).toBe('week');
  });

  it('refuses a custom range outside 1900–2100', async () => {
    const { caller } = await callerWith('2026-06-01T12:00:00Z', []);
    await expect(caller.analytics.chart({ from: '0100-01-01', to: '9999-12-31' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
