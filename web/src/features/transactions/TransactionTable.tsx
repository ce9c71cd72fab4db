import type { Transaction, TransactionSortField } from '@finailytics/shared';
import { Button } from '../../components/ui/Button';
import { Icon } from '../../components/ui/Icon';
import { formatDate, formatMoney } from '../../lib/format';
import { ReceiptMark } from '../receipts/ReceiptMark';
import { TransferLegLabel } from '../transfers/TransferLegLabel';
import type { TransferRoute } from '../transfers/transfer-label';
import { PAYMENT_METHOD_LABELS } from './labels';
import { RecurrenceBadge } from './RecurrenceBadge';

interface Sort {
  by: TransactionSortField;
  dir: 'asc' | 'desc';
}

interface TransactionTableProps {
  items: Transaction[];
  currency: string;
  sort: Sort;
  onSort: (sort: Sort) => void;
  selected: Set<string>;
  onSelectedChange: (selected: Set<string>) => void;
  /** A newer page or filter is loading while these rows still show. */
  busy: boolean;
  /** Account names by id: each row shows its account's. Left out when every row is in one account. */
  accountNames?: ReadonlyMap<string, string> | undefined;
  onEdit: (transaction: Transaction) => void;
  onDuplicate: (transaction: Transaction) => void;
  onDelete: (transaction: Transaction) => void;
  /** A transfer leg's accounts, shown in place of its category. */
  transferRouteOf?: (transaction: Transaction) => TransferRoute | null;
}

/** One page of transactions: sortable by date, title and amount, each row selectable for bulk delete. */
export function TransactionTable({
  items,
  currency,
  sort,
  onSort,
  selected,
  onSelectedChange,
  busy,
  accountNames,
  onEdit,
  onDuplicate,
  onDelete,
  transferRouteOf,
}: TransactionTableProps) {
  const sortButton = (field: TransactionSortField, label: string) => {
    const active = sort.by === field;
    const nextDir = active && sort.dir === 'desc' ? 'asc' : 'desc';
    return (
      <button
        type="button"
        onClick={() => onSort({ by: field, dir: nextDir })}
        aria-label={`Sort by ${label.toLowerCase()}`}
      >
        {label}
        {active ? <Icon name={sort.dir === 'asc' ? 'sortUp' : 'sortDown'} size={14} /> : null}
      </button>
    );
  };
  const ariaSort = (field: TransactionSortField) =>
    sort.by === field ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));

  return (
    <div className="table-wrap tx-table" aria-busy={busy}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col" className="check">
              <input
                type="checkbox"
                aria-label="Select all on this page"
                checked={allSelected}
                onChange={() => onSelectedChange(allSelected ? new Set() : new Set(items.map((item) => item.id)))}
              />
            </th>
            <th scope="col" aria-sort={ariaSort('date')}>
              {sortButton('date', 'Date')}
            </th>
            <th scope="col" aria-sort={ariaSort('title')}>
              {sortButton('title', 'Title')}
            </th>
            <th scope="col" className="hide-sm">
              Category
            </th>
            <th scope="col" className="hide-sm">
              Method
            </th>
            <th scope="col" className="right" aria-sort={ariaSort('amount')}>
              {sortButton('amount', 'Amount')}
            </th>
            <th scope="col" className="right">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const isSelected = selected.has(item.id);
            const accountName = accountNames?.get(item.accountId);
            return (
              <tr key={item.id} aria-selected={isSelected}>
                <td className="check">
                  <input
                    type="checkbox"
                    aria-label={`Select ${item.title}`}
                    checked={isSelected}
                    onChange={() => {
                      const next = new Set(selected);
                      if (isSelected) next.delete(item.id);
                      else next.add(item.id);
                      onSelectedChange(next);
                    }}
                  />
                </td>
                <td className="num" style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(item.date)}
                </td>
                <td>
                  <div className="cell-title">
                    {item.title} {item.receiptId ? <ReceiptMark /> : null} <RecurrenceBadge transaction={item} />
                  </div>
                  {accountName || item.description ? (
                    <div className="cell-sub">
                      {accountName ? <span className="tx-account">{accountName}</span> : null}
                      {accountName && item.description ? ' · ' : null}
                      {item.description}
                    </div>
                  ) : null}
                </td>
                <td className="hide-sm">
                  {item.transferId ? (
                    <TransferLegLabel route={transferRouteOf?.(item) ?? null} />
                  ) : (
                    <span className="badge">{item.category}</span>
                  )}
                </td>
                <td className="hide-sm muted">{PAYMENT_METHOD_LABELS[item.paymentMethod]}</td>
                <td
                  className={`right num ${item.type === 'INCOME' ? 'income' : 'expense'}`}
                  style={{ fontWeight: 600 }}
                >
                  {item.type === 'INCOME' ? '+' : '−'}
                  {formatMoney(item.amount, currency)}
                </td>
                <td>
                  <div className="row-actions">
                    <Button
                      variant="ghost"
                      size="sm"
                      icon
                      aria-label={`Edit ${item.title}`}
                      onClick={() => onEdit(item)}
                    >
                      <Icon name="edit" size={16} />
                    </Button>
                    {/* A transfer is never copied (the server refuses): a new one is made instead. The
                        gap keeps its edit and delete buttons in line with every other row's. */}
                    {item.transferId ? (
                      <span className="btn-icon" aria-hidden="true" />
                    ) : (
                      <Button
                        variant="ghost"
                        size="sm"
                        icon
                        aria-label={`Duplicate ${item.title}`}
                        onClick={() => onDuplicate(item)}
                      >
                        <Icon name="copy" size={16} />
                      </Button>
                    )}
                    <Button
                      variant="ghost"
                      size="sm"
                      icon
                      aria-label={`Delete ${item.title}`}
                      onClick={() => onDelete(item)}
                    >
                      <Icon name="trash" size={16} />
                    </Button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
