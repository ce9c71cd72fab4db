import { z } from 'zod';

/**
 * The calendar days the app accepts anywhere a date comes in: transaction dates, recurring end
 * dates, list and export filters, analytics and report ranges. Earlier or later dates are typing
 * mistakes, and each one would cost something: a series started in 1800 has centuries of
 * occurrences to catch up, a chart over ten thousand years has millions of points. The web's date
 * inputs take the same pair as `min`/`max`.
 */
export const SUPPORTED_DATE_RANGE = { min: '1900-01-01', max: '2100-12-31' } as const;

export function isRealCalendarDate(value: string): boolean {
  const [year = 0, month = 0, day = 0] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A 'YYYY-MM-DD' day that exists and lies in SUPPORTED_DATE_RANGE ('YYYY-MM-DD' strings order like dates). */
export function supportedDateSchema(messages: { required?: string; invalid?: string } = {}) {
  return z
    .string(messages.required ? { error: messages.required } : undefined)
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date must be YYYY-MM-DD')
    .refine(isRealCalendarDate, messages.invalid ?? 'Date does not exist')
    .refine(
      (value) => value >= SUPPORTED_DATE_RANGE.min,
      `Date must be in ${SUPPORTED_DATE_RANGE.min.slice(0, 4)} or later`,
    )
    .refine(
      (value) => value <= SUPPORTED_DATE_RANGE.max,
      `Date must be in ${SUPPORTED_DATE_RANGE.max.slice(0, 4)} or earlier`,
    );
}
