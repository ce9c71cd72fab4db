import { z } from 'zod';
import type { PaymentMethod } from './transaction';

export const RECEIPT_LIMITS = {
  /** Bytes of the decoded image, as the file on disk measures. */
  imageMaxBytes: 5 * 1024 * 1024,
  /** Unattached scans are pruned this long after the scan (or after being detached). */
  unattachedHours: 24,
} as const;

/** The image types a scan accepts; the server checks the bytes, not the declared type. */
export const RECEIPT_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

const DATA_URL_PREFIX = /^data:image\/(png|jpeg|webp);base64,/;
/** Base64 grows the bytes by 4/3; the prefix adds at most a few dozen characters. */
const DATA_URL_MAX_LENGTH = Math.ceil(RECEIPT_LIMITS.imageMaxBytes / 3) * 4 + 64;

/** A locale such as en-US, de-DE or en-GB: it decides 03/04/2026 and decimal commas on the receipt. */
const localeSchema = z
  .string()
  .max(35, 'Locale must be at most 35 characters')
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Locale must be a BCP 47 tag such as en-US');

export const scanReceiptSchema = z.object({
  image: z
    .string({ error: 'Image is required' })
    .max(DATA_URL_MAX_LENGTH, 'The image must be at most 5 MB')
    .refine((value) => DATA_URL_PREFIX.test(value.slice(0, 40)), 'The image must be a PNG, JPEG or WebP data URL'),
  /** The user's locale; without it the server reads ambiguous dates day first (month first for US time zones). */
  locale: localeSchema.optional(),
});
export type ScanReceiptInput = z.input<typeof scanReceiptSchema>;

/** A transaction filled in from a receipt. A field the reader could not find is null. */
export interface ReceiptDraft {
  title: string | null;
  type: 'EXPENSE';
  /** The total paid, a decimal like every amount on the wire. */
  amount: number | null;
  /** YYYY-MM-DD. */
  date: string | null;
  /** The user's most frequent category for this merchant, else one suggested by keywords. */
  category: string | null;
  paymentMethod: PaymentMethod | null;
  description: string | null;
}

/**
 * How sure the reader is of each field, 0 to 1 (0 for a field not found), and `overall`, the mean of the
 * four. Below about 0.6 a field is worth a second look; the web marks those.
 */
export interface ReceiptConfidence {
  title: number;
  amount: number;
  date: number;
  paymentMethod: number;
  overall: number;
}

export interface ScanReceiptResult {
  /** The stored image; pass it as `receiptId` to transaction.create or update to attach it. */
  receiptId: string;
  draft: ReceiptDraft;
  confidence: ReceiptConfidence;
  /** The recognised text, for the user to check the draft against. */
  text: string;
}

export const RECEIPT_IMAGE_SIZES = ['full', 'thumb'] as const;
export type ReceiptImageSize = (typeof RECEIPT_IMAGE_SIZES)[number];

/** Where a receipt's image is served to its owner (with the access token as a Bearer header). */
export function receiptImagePath(receiptId: string, size: ReceiptImageSize = 'full'): string {
  return `/api/receipts/${encodeURIComponent(receiptId)}${size === 'thumb' ? '?size=thumb' : ''}`;
}
