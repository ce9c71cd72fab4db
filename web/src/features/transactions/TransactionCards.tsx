import type { Transaction } from '@finailytics/shared';
import { Button } from '../../components/ui/Button';
import { Icon } from '../../components/ui/Icon';
import { formatDate, formatMoney } from '../../lib/format';
import { ReceiptMark } from '../receipts/ReceiptMark';
import { type TransferRoute, transferLabel } from '../transfers/transfer-label';
import { RecurrenceBadge } from './RecurrenceBadge';

interface TransactionCardsProps {
  items: Transaction[];
  currency: string;
  busy: boolean;
  /** Account names by id: each card shows its account's. Left out when every card is in one account. */
  accountNames?: ReadonlyMap<string, string> | undefined;
  onEdit: (transaction: Transaction) => void;
  onDelete: (transaction: Transaction) => void;
  /** A transfer leg's accounts, shown in place of its category. */
  transferRouteOf?: (transaction: Transaction) => TransferRoute | null;
}

/**
 * The transactions at phone width, where a table would scroll sideways and hide its buttons: one card
 * per transaction, the whole card a button that opens it for editing, and delete within thumb's reach
 * (with Undo in the toast). The amount never wraps away from its sign.
 */
export function TransactionCards({
  items,
  currency,
  busy,
  accountNames,
  onEdit,
  onDelete,
  transferRouteOf,
}: TransactionCardsProps) {
  return (
    <ul className="list tx-cards" aria-busy={busy}>
      {items.map((item) => (
        <li key={item.id} className="list-row tx-card">
          <button type="button" className="tx-card-open" onClick={() => onEdit(item)}>
            {/* Read first, so the card's name says what a tap does and still holds everything it shows. */}
            <span className="visually-hidden">Edit </span>
            <span className={`tx-icon ${item.type === 'INCOME' ? 'income' : 'expense'}`} aria-hidden="true">
              {item.transferId ? '⇄' : item.type === 'INCOME' ? '↓' : '↑'}
            </span>
            <span className="grow">
              <span className="title">{item.title}</span>
              <span className="sub">
                {item.transferId ? transferLabel(transferRouteOf?.(item) ?? null) : item.category} ·{' '}
                {formatDate(item.date)}
                {accountNames?.has(item.accountId) ? (
                  <>
                    {' · '}
                    <span className="tx-account">{accountNames.get(item.accountId)}</span>
                  </>
                ) : null}
                {item.isRecurring || item.templateId ? ' · ' : null}
                <RecurrenceBadge transaction={item} plain />
                {item.receiptId ? <ReceiptMark /> : null}
              </span>
            </span>
            <span className={`num amount ${item.type === 'INCOME' ? 'income' : 'expense'}`}>
              {item.type === 'INCOME' ? '+' : '−'}
              {formatMoney(item.amount, currency)}
            </span>
          </button>
          <Button variant="ghost" size="sm" icon aria-label={`Delete ${item.title}`} onClick={() => onDelete(item)}>
            <Icon name="trash" size={16} />
          </Button>
        </li>
      ))}
    </ul>
  );
}
