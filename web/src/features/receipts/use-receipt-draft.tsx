import type { Transaction } from '@finailytics/shared';
import { type ReactNode, useState } from 'react';
import { Icon } from '../../components/ui/Icon';
import type { FormValues } from '../transactions/transaction-form';
import {
  type FilledDraft,
  fillFromReceipt,
  type ReceiptField,
  type ReceiptScan,
  type UnsureFields,
  unsureMessage,
} from './receipt-draft';

interface ReceiptDraftOptions {
  transaction: Transaction | null;
  /** A scan made before the drawer opened (the page's Scan receipt), to start from. */
  scan: ReceiptScan | null;
  locale: string;
  /** The drawer's own starting values, which a scan fills in. */
  defaults: () => FormValues;
}

export type ReceiptDraft = ReturnType<typeof useReceiptDraft>;

/**
 * The receipt side of the transaction drawer: which stored image is attached, which fields the
 * scanner was unsure of (until the person edits them), and the text it read.
 */
export function useReceiptDraft({ transaction, scan, locale, defaults }: ReceiptDraftOptions) {
  const [start] = useState<FilledDraft>(() =>
    scan ? fillFromReceipt(scan, defaults(), locale) : { values: defaults(), unsure: {}, nothingRead: false },
  );
  const savedReceiptId = transaction?.receiptId ?? null;
  const [receiptId, setReceiptId] = useState<string | null>(scan?.receiptId ?? savedReceiptId);
  const [unsure, setUnsure] = useState<UnsureFields>(start.unsure);
  const [nothingRead, setNothingRead] = useState(start.nothingRead);
  const [text, setText] = useState<string | null>(scan?.text ?? null);
  /** The fields came from the scan (rather than the image being attached to what was typed or saved). */
  const [filled, setFilled] = useState(scan !== null);

  const note = (field: ReceiptField): ReactNode => {
    const reason = unsure[field];
    if (!reason) return null;
    return (
      <span className="receipt-unsure">
        <Icon name="alert" size={13} /> {unsureMessage(field, reason)}
      </span>
    );
  };

  return {
    initialValues: start.values,
    /** The person's locale, for the amounts filled in and for the scanner's reading of dates. */
    locale,
    receiptId,
    unsure,
    nothingRead,
    text,
    filled,
    /** Fills the form from a scan made in the drawer; what the scanner did not find keeps what is typed. */
    fill(next: ReceiptScan, current: FormValues): FormValues {
      const draft = fillFromReceipt(next, current, locale);
      setReceiptId(next.receiptId);
      setUnsure(draft.unsure);
      setNothingRead(draft.nothingRead);
      setText(next.text);
      setFilled(true);
      return draft.values;
    },
    /** Attaches a scan's image to a saved transaction without touching its fields. */
    attach(next: ReceiptScan) {
      setReceiptId(next.receiptId);
      setText(next.text);
      setFilled(false);
    },
    /** The person changed the field: it is theirs now, no longer the scanner's guess. */
    checked(field: keyof FormValues) {
      if (field in unsure) setUnsure(({ [field as ReceiptField]: _, ...rest }) => rest);
    },
    detach() {
      setReceiptId(null);
      setUnsure({});
      setNothingRead(false);
      setText(null);
      setFilled(false);
    },
    /** The field's hint with the scanner's note after it, when there is one. */
    hint(field: ReceiptField, hint?: ReactNode): ReactNode {
      const fieldNote = note(field);
      if (!fieldNote) return hint;
      return hint ? (
        <>
          {hint} {fieldNote}
        </>
      ) : (
        fieldNote
      );
    },
    /** Marks the input itself, for the border that goes with the note. */
    mark(field: ReceiptField): { 'data-unsure'?: true } {
      return unsure[field] ? { 'data-unsure': true } : {};
    },
    /** What create sends: the attached receipt, if any. */
    createInput(): { receiptId?: string } {
      return receiptId ? { receiptId } : {};
    },
    /** What update sends: the receipt only when it changed (null detaches it). */
    updateInput(): { receiptId?: string | null } {
      return receiptId !== savedReceiptId ? { receiptId } : {};
    },
  };
}
