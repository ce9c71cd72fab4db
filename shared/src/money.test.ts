import { describe, expect, it } from 'vitest';
import { amountSchema, fromCents, hasAtMostTwoDecimals, toCents } from './money';

describe('toCents', () => {
  it('is exact for amounts whose binary form is not', () => {
    expect(toCents(0.29)).toBe(29);
    expect(toCents(1.005 * 100) / 100).toBe(100.5);
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(1_000_000_000)).toBe(100_000_000_000);
  });

  it('round-trips through fromCents', () => {
    for (const cents of [1, 29, 1999, 123456789, 100_000_000_000]) {
      expect(toCents(fromCents(cents))).toBe(cents);
    }
  });
});

describe('amountSchema', () => {
  it('accepts positive amounts with up to two decimals', () => {
    expect(amountSchema.parse(12.34)).toBe(12.34);
    expect(amountSchema.parse(0.01)).toBe(0.01);
  });

  it('refuses a third decimal, zero, negatives and more than a billion', () => {
    expect(hasAtMostTwoDecimals(0.1 + 0.2)).toBe(false);
    expect(amountSchema.safeParse(1.234).success).toBe(false);
    expect(amountSchema.safeParse(0).success).toBe(false);
    expect(amountSchema.safeParse(-5).success).toBe(false);
    expect(amountSchema.safeParse(1_000_000_000.01).success).toBe(false);
    expect(amountSchema.safeParse(Number.NaN).success).toBe(false);
  });
});
