import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { errorMessage } from '../../lib/errors';
import { ReceiptImageError, useReceiptImage } from './receipt-image';
import './receipts.css';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

interface ReceiptViewerProps {
  open: boolean;
  receiptId: string;
  /** The transaction's title, to name the image and the download. */
  title: string;
  onClose: () => void;
}

/**
 * The receipt at full size in a dialog: fitted to the window first (a whole receipt at a glance),
 * actual size on demand to read the small print, and a download of the stored image.
 */
export function ReceiptViewer({ open, receiptId, title, onClose }: ReceiptViewerProps) {
  const image = useReceiptImage(open ? receiptId : null, 'full');
  const [actualSize, setActualSize] = useState(false);
  const name = title.trim() || 'Receipt';
  return (
    <Dialog open={open} onClose={onClose} title={`Receipt · ${name}`} variant="modal-wide">
      <div className="receipt-viewer-toolbar">
        <Button size="sm" aria-pressed={actualSize} disabled={!image.url} onClick={() => setActualSize(!actualSize)}>
          {actualSize ? 'Fit to window' : 'Actual size'}
        </Button>
        {image.url ? (
          <a
            className="btn btn-secondary btn-sm"
            href={image.url}
            download={`receipt-${slug(name)}.${EXTENSIONS[image.type ?? ''] ?? 'jpg'}`}
          >
            <Icon name="download" size={15} /> Download
          </a>
        ) : null}
      </div>
      {image.error ? (
        <Alert>{image.error instanceof ReceiptImageError ? image.error.message : errorMessage(image.error)}</Alert>
      ) : image.url ? (
        <div className="receipt-viewer" data-actual-size={actualSize || undefined}>
          <img src={image.url} alt={`Receipt for ${name}`} />
        </div>
      ) : (
        <div aria-busy="true">
          <Skeleton height={420} />
        </div>
      )}
    </Dialog>
  );
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'receipt'
  );
}
