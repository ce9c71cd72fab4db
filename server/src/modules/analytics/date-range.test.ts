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
