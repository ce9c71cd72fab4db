import { createHash } from 'node:crypto';
import type { StatementRow } from '@finailytics/shared';

/*
 * The id an import remembers a statement row by, so importing an overlapping statement again skips
 * what it already took. The bank's FITID when it gives one. Otherwise a hash of what the row says
 * plus its position among identical rows in the same file: two £3.50 coffees at the same shop on the
 * same day are two transactions (positions 0 and 1), and the next statement that repeats that day
 * yields the same two ids, not a third.
 */

/** The payee as compared: case, accents and punctuation dropped, spaces collapsed. */
export function normalisePayee(payee: string): string {
  return payee
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function statementRowSourceIds(rows: readonly StatementRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    if (row.fitId) return `fitid:${row.fitId}`;
    const key = `${row.date}|${row.amountCents}|${normalisePayee(row.payee)}`;
    const position = seen.get(key) ?? 0;
    seen.set(key, position + 1);
    return `hash:${createHash('sha256').update(`${key}|${position}`).digest('hex').slice(0, 32)}`;
  });
}
