import { Button } from '../../components/ui/Button';
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
    <Dialog open={open} onClose={onClose} title="Scan a receipt" footer={<Button onClick={onClose}>Cancel</Button>}>
      {/* The dialog renders its content only while open: closing it abandons a scan in flight. */}
      <ReceiptScanner onScanned={onScanned} />
    </Dialog>
  );
}
