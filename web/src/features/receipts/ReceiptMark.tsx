import { Icon } from '../../components/ui/Icon';
import './receipts.css';

/** The receipt icon beside a transaction that has one, named for screen readers. */
export function ReceiptMark() {
  return (
    <span className="receipt-mark" title="Receipt attached">
      <Icon name="receipt" size={14} />
      <span className="visually-hidden">Receipt attached</span>
    </span>
  );
}
