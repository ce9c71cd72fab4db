import { describe, expect, it } from 'vitest';
import { previousPeriod, resolveDateRange } from './date-range';

const noBounds = async () => ({ first: null, last: null });

describe('previousPeriod', () => {
  it('is the same number of days just before a custom span', async () => {
    const range = await resolveDateRange({ from: '2026-01-11', to: '2026-01-20' }, '2026-02-01', noBounds);
    expect(previousPeriod(range)).toEqual({ from: '2026-01-01', to: '2026-01-10' });
  });

  it('is null when the span before would start before year 1', async () => {
    const range = await resolveDateRange({ from: '2026-01-01', to: '9999-12-31' }, '2026-02-01', noBounds);
    expect(previousPeriod(range)).toBeNull();
  });
});

describe('the lastWeek preset', () => {
  it('is the last complete Monday–Sunday week, the one before it the week earlier', async () => {
    // Tuesday 2026-12-01: last week ran from Monday 23 to Sunday 29 November.
    const range = await resolveDateRange({ preset: 'lastWeek' }, '2026-12-01', noBounds);
    expect(range).toMatchObject({ value: 'lastWeek', label: 'Last Week', from: '2026-11-23', to: '2026-11-29' });
    expect(previousPeriod(range)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
  });

  it('on a Sunday is the week that ended a week ago, not the one still running', async () => {
    const range = await resolveDateRange({ preset: 'lastWeek' }, '2026-11-29', noBounds);
    expect(range).toMatchObject({ from: '2026-11-16', to: '2026-11-22' });
  });

  it('on a Monday is the week that ended yesterday', async () => {
    const range = await resolveDateRange({ preset: 'lastWeek' }, '2026-11-30', noBounds);
    expect(range).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
  });
});
