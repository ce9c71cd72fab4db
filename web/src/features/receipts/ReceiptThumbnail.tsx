import { useState } from 'react';
import { Icon } from '../../components/ui/Icon';
import { ReceiptViewer } from './ReceiptViewer';
import { useReceiptImage } from './receipt-image';
import './receipts.css';

/** A small picture of the receipt; a click (or Enter) opens it full size. */
export function ReceiptThumbnail({ receiptId, title }: { receiptId: string; title: string }) {
  const image = useReceiptImage(receiptId, 'thumb');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="receipt-thumb"
        aria-label="Open the receipt full size"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {image.url ? (
          <img src={image.url} alt="" />
        ) : (
          <span className={image.error ? 'receipt-thumb-missing' : 'skeleton'} aria-hidden="true">
            {image.error ? <Icon name="receipt" size={22} /> : null}
          </span>
        )}
      </button>
      <ReceiptViewer open={open} receiptId={receiptId} title={title} onClose={() => setOpen(false)} />
    </>
  );
}
