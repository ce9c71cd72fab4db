import { useEffect, useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { ReceiptScanner } from './ReceiptScanner';
import { ReceiptThumbnail } from './ReceiptThumbnail';
import type { ReceiptScan } from './receipt-draft';
import type { ReceiptDraft } from './use-receipt-draft';
import './receipts.css';

interface DrawerReceiptProps {
  receipt: ReceiptDraft;
  /** The transaction's title as typed, to name the receipt. */
  title: string;
  /** A saved transaction: a scan attaches its image and leaves the fields alone. */
  editing: boolean;
  /** A new transaction's scan, to fill the form from. */
  onScanned: (scan: ReceiptScan) => void;
}

/** The top of the transaction drawer: the attached receipt with Remove, or a scanner to start from (or attach) one. */
export function DrawerReceipt({ receipt, title, editing, onScanned }: DrawerReceiptProps) {
  const box = useRef<HTMLDivElement>(null);
  const scannedHere = useRef(false);
  // After a scan in the drawer, the keyboard goes on at the first field to check (or the first field).
  useEffect(() => {
    if (!scannedHere.current || !receipt.receiptId) return;
    scannedHere.current = false;
    const form = box.current?.closest('form');
    (form?.querySelector<HTMLElement>('[data-unsure]') ?? form?.querySelector<HTMLElement>('.input'))?.focus();
  }, [receipt.receiptId]);

  if (!receipt.receiptId) {
    return editing ? (
      <ReceiptScanner compact attachOnly locale={receipt.locale} onScanned={receipt.attach} />
    ) : (
      <ReceiptScanner
        compact
        locale={receipt.locale}
        onScanned={(scan) => {
          scannedHere.current = true;
          onScanned(scan);
        }}
      />
    );
  }
  const toCheck = Object.keys(receipt.unsure).length;
  return (
    <div className="receipt-attached" ref={box}>
      <ReceiptThumbnail receiptId={receipt.receiptId} title={title} />
      <div className="receipt-attached-text">
        <strong>Receipt attached</strong>
        {receipt.filled ? (
          <span role="status" className="muted">
            {receipt.nothingRead
              ? 'Nothing could be read from this image.'
              : toCheck === 0
                ? 'Filled in from the receipt.'
                : `Filled in from the receipt: check the ${toCheck === 1 ? 'marked field' : `${toCheck} marked fields`}.`}
          </span>
        ) : (
          <span className="muted">Select the picture to see it full size.</span>
        )}
        <Button size="sm" variant="ghost" className="receipt-remove" onClick={receipt.detach}>
          Remove receipt
        </Button>
      </div>
      {receipt.nothingRead ? (
        <div className="receipt-attached-wide">
          <Alert kind="warning">
            The scanner found no shop, total or date on this image. Fill in the transaction yourself, or remove the
            image and scan a sharper photo.
          </Alert>
        </div>
      ) : null}
      {receipt.text ? (
        <details className="receipt-text receipt-attached-wide">
          <summary>Text read from the receipt</summary>
          <pre>{receipt.text}</pre>
        </details>
      ) : null}
    </div>
  );
}
