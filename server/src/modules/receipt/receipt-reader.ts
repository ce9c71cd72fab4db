import type { PaymentMethod } from '@finailytics/shared';

/**
 * What a reader found on a receipt. A field it could not find is null: the draft the user sees must never
 * present a guess as a fact. `amountCents` is the total paid (not the subtotal, the cash tendered or the change);
 * `date` is `YYYY-MM-DD`; `title` is the merchant's name as printed.
 */
export interface ReceiptFields {
  title: string | null;
  amountCents: number | null;
  date: string | null;
  paymentMethod: PaymentMethod | null;
  description: string | null;
}

/**
 * A reading with a confidence between 0 and 1 for each field (0 when the field is null) and `overall`, the mean
 * of the four field confidences. `text` is the recognised text, for the user to check the draft against.
 */
export interface ReceiptReading {
  fields: ReceiptFields;
  confidence: { title: number; amount: number; date: number; paymentMethod: number; overall: number };
  text: string;
}

/**
 * Reads a receipt image. The offline reader is the default; a hosted vision model can implement the same
 * interface and be chosen by configuration without touching the procedure.
 *
 * `locale` is the user's BCP-47 locale: it decides ambiguous dates (03/04/2026) and decimal commas.
 */
export interface ReceiptReader {
  read(image: Uint8Array, context: { locale: string }): Promise<ReceiptReading>;
  close(): Promise<void>;
}

export { createOfflineReceiptReader } from './offline-reader';
