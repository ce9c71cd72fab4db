import { formatAmountInput } from '@finailytics/shared';
import type { RouterOutputs } from '../../lib/trpc';
import type { FormValues } from '../transactions/transaction-form';

export type ReceiptScan = RouterOutputs['transaction']['scanReceipt'];

/** Below this confidence (0–1) a field the scanner filled in is marked for the person to check. */
export const UNSURE_BELOW = 0.6;

/** The drawer's fields a scan can fill in. */
export const RECEIPT_FIELDS = ['title', 'amount', 'date', 'category', 'paymentMethod', 'description'] as const;
export type ReceiptField = (typeof RECEIPT_FIELDS)[number];

/** Why a field is marked: the scanner read it but was not sure, or did not find it at all. */
export type UnsureReason = 'unsure' | 'missing';
export type UnsureFields = Partial<Record<ReceiptField, UnsureReason>>;

export interface FilledDraft {
  values: FormValues;
  unsure: UnsureFields;
  /** Nothing at all was read: the image is probably not a receipt, or too blurred to read. */
  nothingRead: boolean;
}

/**
 * The drawer's starting values from a scan: what the scanner read replaces the defaults, and every
 * field it did not find or was unsure of is listed so the drawer can ask the person to check it.
 * A field the scanner did not find keeps the default (today's date, the usual payment method) rather
 * than a guess; the optional description simply stays empty.
 */
export function fillFromReceipt(scan: ReceiptScan, defaults: FormValues, locale: string): FilledDraft {
  const { draft, confidence } = scan;
  const unsure: UnsureFields = {};
  const mark = (field: ReceiptField, found: boolean, fieldConfidence: number | undefined) => {
    if (!found) unsure[field] = 'missing';
    else if (fieldConfidence !== undefined && fieldConfidence < UNSURE_BELOW) unsure[field] = 'unsure';
  };
  mark('title', draft.title !== null, confidence.title);
  mark('amount', draft.amount !== null, confidence.amount);
  mark('date', draft.date !== null, confidence.date);
  mark('paymentMethod', draft.paymentMethod !== null, confidence.paymentMethod);
  // The category is a suggestion (the person's own for this merchant first, else by keywords): marked only when absent.
  mark('category', draft.category !== null, undefined);

  const values: FormValues = {
    ...defaults,
    type: draft.type,
    title: draft.title ?? defaults.title,
    amount: draft.amount !== null ? formatAmountInput(draft.amount, locale) : defaults.amount,
    date: draft.date ?? defaults.date,
    category: draft.category ?? defaults.category,
    paymentMethod: draft.paymentMethod ?? defaults.paymentMethod,
    description: draft.description ?? defaults.description,
  };
  const nothingRead =
    draft.title === null && draft.amount === null && draft.date === null && draft.paymentMethod === null;
  return { values, unsure, nothingRead };
}

/** What the drawer says under a marked field, in words so the mark never rests on colour alone. */
export function unsureMessage(field: ReceiptField, reason: UnsureReason): string {
  if (reason === 'unsure') return 'Check this: the scanner was not sure it read it right.';
  switch (field) {
    case 'date':
      return "Check this: no date found on the receipt, so today's date is filled in.";
    case 'paymentMethod':
      return 'Check this: the receipt does not say how it was paid.';
    case 'category':
      return 'Choose a category: the scanner had no suggestion.';
    default:
      return 'Not found on the receipt: please fill it in.';
  }
}
