import type { ReceiptFields } from '../../src/modules/receipt/receipt-reader';
import type { ReceiptTruth } from './set';

export const FIELDS = ['total', 'date', 'merchant', 'paymentMethod'] as const;
export type Field = (typeof FIELDS)[number];

export interface FieldMiss {
  field: Field;
  expected: string;
  read: string;
  /** The recognised line most like the printed one, to tell a misread from a wrong choice. */
  ocrLine: string | null;
}

/**
 * Merchant names are compared after lower-casing, removing accents and dropping every space: a reader
 * that returns "CORNER BEAN CAFE" or "Corner  Bean Café" for "Corner Bean Cafe" is right; one that
 * returns "Corner Bean" or "Comer Bean Cafe" is not.
 */
export function normalizeMerchant(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[‘’`]/g, "'").toLowerCase().replace(/\s+/g, '');
}

export function formatCents(cents: number | null): string {
  if (cents === null) return 'null';
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${(absolute % 100).toString().padStart(2, '0')}`;
}

/** Edit distance with one row of memory; both strings are cut to 200 characters to bound the cost. */
function editDistance(a: string, b: string): number {
  const left = a.slice(0, 200);
  const right = b.slice(0, 200);
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

function squeeze(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The line of the recognised text closest to a printed line (at most the first 200 lines are looked at). */
export function nearestLine(text: string, printed: string): string | null {
  const target = squeeze(printed);
  let best: { line: string; distance: number } | null = null;
  for (const line of text.split('\n').slice(0, 200)) {
    const candidate = squeeze(line);
    if (!candidate) continue;
    const distance = editDistance(candidate, target) / Math.max(candidate.length, target.length);
    if (!best || distance < best.distance) best = { line: line.trim(), distance };
  }
  return best && best.distance < 0.75 ? best.line : null;
}

/** The fields a reading got wrong, each with what was expected and the recognised line behind it. */
export function scoreReading(truth: ReceiptTruth, fields: ReceiptFields, text: string): FieldMiss[] {
  const misses: FieldMiss[] = [];
  if (fields.amountCents !== truth.totalCents) {
    misses.push({
      field: 'total',
      expected: formatCents(truth.totalCents),
      read: formatCents(fields.amountCents),
      ocrLine: nearestLine(text, truth.printed.total),
    });
  }
  if (fields.date !== truth.date) {
    misses.push({
      field: 'date',
      expected: truth.date,
      read: fields.date ?? 'null',
      ocrLine: nearestLine(text, truth.printed.date),
    });
  }
  if (fields.title === null || normalizeMerchant(fields.title) !== normalizeMerchant(truth.merchant)) {
    misses.push({
      field: 'merchant',
      expected: truth.merchant,
      read: fields.title ?? 'null',
      ocrLine: nearestLine(text, truth.printed.merchant),
    });
  }
  // A receipt without a payment line is right only when the reader says null: it must not guess.
  if (fields.paymentMethod !== truth.paymentMethod) {
    misses.push({
      field: 'paymentMethod',
      expected: truth.paymentMethod ?? 'null',
      read: fields.paymentMethod ?? 'null',
      ocrLine: truth.printed.payment === null ? null : nearestLine(text, truth.printed.payment),
    });
  }
  return misses;
}
