import { z } from 'zod';

/** Largest amount a single transaction may carry, in major units. */
export const MAX_AMOUNT = 1_000_000_000;

/**
 * Amounts travel as decimal numbers with at most two decimals and live as integer cents everywhere
 * else. `toCents` is exact for every such number: 0.29 * 100 is 28.999…, and rounding restores 29.
 */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** True when the number has no more than two decimals (0.1 + 0.2 does not qualify). */
export function hasAtMostTwoDecimals(amount: number): boolean {
  return Number.isFinite(amount) && toCents(amount) / 100 === amount;
}

export const amountSchema = z
  .number({ error: 'Amount must be a number' })
  .positive('Amount must be greater than 0')
  .max(MAX_AMOUNT, `Amount must be at most ${MAX_AMOUNT.toLocaleString('en-US')}`)
  .refine(hasAtMostTwoDecimals, 'Amount can have at most 2 decimals');
