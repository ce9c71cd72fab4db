import { CHART_MAX_POINTS } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { chartGranularity, endOfMonth, presetInfo, previousPeriod, resolveDateRange } from './date-range';

/* The days each preset covers, the period before it, and the chart's bucket size at each threshold. */

const noBounds = async () => ({ first: null, last: null });
const bounds = (first: string | null, last: string | null) => async () => ({ first, last });

// Thursday 15 February of a leap year.
const TODAY = '2024-02-15';

describe('each preset on 15 February 2024', () => {
  it.each([
    ['30days', 'Last 30 Days', '2024-01-17', '2024-02-15', { days: 30 }, '2023-12-18', '2024-01-16'],
    ['thisMonth', 'This Month', '2024-02-01', '2024-02-29', { months: 1 }, '2024-01-01', '2024-01-31'],
    ['lastMonth', 'Last Month', '2024-01-01', '2024-01-31', { months: 1 }, '2023-12-01', '2023-12-31'],
    ['last3Months', 'Last 3 Months', '2023-11-01', '2024-01-31', { months: 3 }, '2023-08-01', '2023-10-31'],
    ['thisYear', 'This Year', '2024-01-01', '2024-12-31', { months: 12 }, '2023-01-01', '2023-12-31'],
    ['lastYear', 'Last Year', '2023-01-01', '2023-12-31', { months: 12 }, '2022-01-01', '2022-12-31'],
  ] as const)(
    '%s is %s: %s to %s, after %s to %s',
    async (preset, label, from, to, length, previousFrom, previousTo) => {
      const range = await resolveDateRange({ preset }, TODAY, noBounds);
      expect(range).toEqual({ value: preset, label, from, to, length });
      expect(previousPeriod(range)).toEqual({ from: previousFrom, to: previousTo });
      expect(presetInfo(range)).toEqual({ value: preset, label, from, to });
    },
  );

  it('a custom span is its own days, the period before it as many days', async () => {
    const range = await resolveDateRange({ from: '2024-02-10', to: '2024-02-15' }, TODAY, noBounds);
    expect(range).toEqual({
      value: 'custom',
      label: 'Custom',
      from: '2024-02-10',
      to: '2024-02-15',
      length: { days: 6 },
    });
    expect(previousPeriod(range)).toEqual({ from: '2024-02-04', to: '2024-02-09' });
  });
});

describe('the allTime preset', () => {
  it('runs from the first transaction to today, and has no period before it', async () => {
    const range = await resolveDateRange({ preset: 'allTime' }, TODAY, bounds('2019-06-30', '2024-01-02'));
    expect(range).toEqual({ value: 'allTime', label: 'All Time', from: '2019-06-30', to: TODAY, length: null });
    expect(previousPeriod(range)).toBeNull();
  });

  it('reaches to a last transaction after today', async () => {
    const range = await resolveDateRange({ preset: 'allTime' }, TODAY, bounds('2023-03-01', '2024-05-31'));
    expect(range).toMatchObject({ from: '2023-03-01', to: '2024-05-31' });
  });

  it('starts today when every transaction is in the future', async () => {
    const range = await resolveDateRange({ preset: 'allTime' }, TODAY, bounds('2024-03-01', '2024-03-05'));
    expect(range).toMatchObject({ from: TODAY, to: '2024-03-05' });
  });

  it('is just today without transactions', async () => {
    const range = await resolveDateRange({ preset: 'allTime' }, TODAY, noBounds);
    expect(range).toMatchObject({ from: TODAY, to: TODAY });
  });
});

describe('previousPeriod near year 1', () => {
  it('may start on 1 January of year 1', async () => {
    const range = await resolveDateRange({ from: '0001-01-11', to: '0001-01-20' }, TODAY, noBounds);
    expect(previousPeriod(range)).toEqual({ from: '0001-01-01', to: '0001-01-10' });
  });

  it('is null when it would start in year 0', async () => {
    const range = await resolveDateRange({ from: '0001-01-05', to: '0001-01-20' }, TODAY, noBounds);
    expect(previousPeriod(range)).toBeNull();
  });
});

describe('endOfMonth', () => {
  it.each([
    ['2023-02-10', '2023-02-28'],
    ['2024-02-01', '2024-02-29'],
    ['2026-04-30', '2026-04-30'],
    ['2026-12-05', '2026-12-31'],
  ])('of %s is %s', (date, end) => {
    expect(endOfMonth(date)).toBe(end);
  });
});

describe('chartGranularity', () => {
  it.each([
    ['2026-01-01', '2026-01-01', 'day'],
    ['2026-01-01', '2026-04-02', 'day'], // 92 days
    ['2026-01-01', '2026-04-03', 'week'], // 93 days
    ['2026-01-01', '2027-01-06', 'week'], // 371 days
    ['2026-01-01', '2027-01-07', 'month'], // 372 days
    ['2000-01-01', '2024-12-31', 'month'], // 300 months
    ['2000-01-01', '2025-01-01', 'quarter'], // 301 months
    ['2000-02-01', '2025-01-31', 'month'], // 300 months, not starting in January
    ['1950-01-01', '2024-12-31', 'quarter'], // 300 quarters
    ['1950-01-01', '2025-01-01', 'year'], // 301 quarters
    ['1950-03-31', '2025-02-01', 'year'], // 301 quarters, from a quarter's last month
  ] as const)('of %s to %s is %s', (from, to, granularity) => {
    expect(CHART_MAX_POINTS).toBe(300);
    expect(chartGranularity({ from, to })).toBe(granularity);
  });
});
