import { describe, expect, it } from 'vitest';
import { percentageChange, savingRate } from './analytics.service';

/* The ratios the summary shows, on the functions that compute them; values worked out by hand. */

describe('percentageChange', () => {
  it('is the change relative to the previous value, in percent', () => {
    expect(percentageChange(150, 100)).toBe(50);
    expect(percentageChange(50, 100)).toBe(-50);
    expect(percentageChange(100, 100)).toBe(0);
  });

  it('rounds to two decimals', () => {
    // 100 → 133: +33 %; 300 → 400: +33.333… %; 300 → 200: −33.333… %; 3 → 5: +66.666… %.
    expect(percentageChange(133, 100)).toBe(33);
    expect(percentageChange(400, 300)).toBe(33.33);
    expect(percentageChange(200, 300)).toBe(-33.33);
    expect(percentageChange(5, 3)).toBe(66.67);
  });

  it('measures against the size of a negative previous value', () => {
    // From −100 to 50 is a rise of 150 on a base of 100; from −100 to −150 a fall of 50.
    expect(percentageChange(50, -100)).toBe(150);
    expect(percentageChange(-150, -100)).toBe(-50);
  });

  it('is null from zero, whatever the new value', () => {
    expect(percentageChange(100, 0)).toBeNull();
    expect(percentageChange(0, 0)).toBeNull();
    expect(percentageChange(-5, 0)).toBeNull();
  });
});

describe('savingRate', () => {
  it('gives the share of income kept and the share spent, two decimals', () => {
    expect(savingRate(300_000, 160_000)).toEqual({ percentage: 46.67, expenseRatio: 53.33 });
    expect(savingRate(100_000, 25_000)).toEqual({ percentage: 75, expenseRatio: 25 });
  });

  it('goes negative when more was spent than earned', () => {
    expect(savingRate(100_000, 150_000)).toEqual({ percentage: -50, expenseRatio: 150 });
  });

  it('is null without income, even with expenses', () => {
    expect(savingRate(0, 5_000)).toEqual({ percentage: null, expenseRatio: null });
    expect(savingRate(0, 0)).toEqual({ percentage: null, expenseRatio: null });
  });

  it('keeps a cent of income as income', () => {
    expect(savingRate(1, 0)).toEqual({ percentage: 100, expenseRatio: 0 });
  });
});
