import { Dialog } from '../../components/ui/Dialog';
import { ReceiptScanner } from './ReceiptScanner';
import type { ReceiptScan } from './receipt-draft';

interface ScanReceiptDialogProps {
  open: boolean;
  onClose: () => void;
  /** The scan is read: the page opens the drawer filled in from it. */
  onScanned: (scan: ReceiptScan) => void;
}

/** The transactions page's Scan receipt: a drop zone, file picker and camera, then the filled-in drawer. */
export function ScanReceiptDialog({ open, onClose, onScanned }: ScanReceiptDialogProps) {
  return (
    // No footer: the zone's own buttons are the actions, and Close or Escape leaves (abandoning a scan in flight).
    <Dialog open={open} onClose={onClose} title="Scan a receipt">
      {/* The dialog renders its content only while open: closing it abandons a scan in flight. */}
      <ReceiptScanner onScanned={onScanned} />
    </Dialog>
  );
}
