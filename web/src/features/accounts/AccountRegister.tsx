import type { LedgerAccount } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { Pagination } from '../../components/ui/Pagination';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { StatementImportDialog } from '../statement-import/StatementImportDialog';
import { TransferButton } from '../transfers/TransferButton';
import { TransferDialog } from '../transfers/TransferDialog';
import { TransferLegLabel } from '../transfers/TransferLegLabel';
import { useTransfersOf } from '../transfers/use-transfers';
import { ClearedToggle } from './ClearedToggle';
import { ReconcilePanel } from './ReconcilePanel';
import { useSetCleared } from './use-set-cleared';

export const REGISTER_PAGE_SIZE = 20;

/** The transactions page showing only this account's transactions. */
export function accountTransactionsHref(accountId: string): string {
  return `/transactions?${new URLSearchParams({ account: accountId })}`;
}

/**
 * One account's transactions, newest first, a page at a time. A transfer leg names both accounts and
 * opens its transfer; "Transfer" starts one out of this account. Each row can be ticked cleared, and
 * "Reconcile" compares the cleared rows with a bank statement.
 */
export function AccountRegister({ account, today }: { account: LedgerAccount; today: string }) {
  const [page, setPage] = useState(1);
  const [importing, setImporting] = useState(false);
  const [editingTransfer, setEditingTransfer] = useState<string | null>(null);
  const [reconciling, setReconciling] = useState(false);
  const pageInput = {
    accountId: account.id,
    page,
    pageSize: REGISTER_PAGE_SIZE,
    sortBy: 'date',
    sortDir: 'desc',
  } as const;
  const list = trpc.transaction.list.useQuery(pageInput, { placeholderData: keepPreviousData });
  const items = list.data?.items ?? [];
  const transfers = useTransfersOf(items);
  const setCleared = useSetCleared(pageInput);
  // Its own mutation, so only "Mark all shown cleared" shows as busy while the page is ticked off.
  const markShown = useSetCleared(pageInput);
  // Rows keep their tick in one column when some of them carry a transfer's edit button.
  const someTransfer = items.some((item) => item.transferId);
  return (
    <section className="card" aria-labelledby="register-heading" data-testid="account-register">
      <div className="card-header">
        <h2 id="register-heading">{account.name}: transactions</h2>
        <div className="toolbar">
          {account.isArchived ? null : (
            <TransferButton fromAccountId={account.id} today={today} currency={account.currency} />
          )}
          <Button onClick={() => setImporting(true)}>Import statement</Button>
          <Button
            variant={reconciling ? 'primary' : 'secondary'}
            aria-expanded={reconciling}
            aria-controls={reconciling ? 'reconcile-panel' : undefined}
            onClick={() => setReconciling((open) => !open)}
          >
            <Icon name="check" /> Reconcile
          </Button>
          <Link to={accountTransactionsHref(account.id)}>Open in Transactions</Link>
        </div>
      </div>
      <StatementImportDialog
        accountId={account.id}
        accountName={account.name}
        open={importing}
        onClose={() => setImporting(false)}
      />
      {editingTransfer ? (
        <TransferDialog
          transferId={editingTransfer}
          today={today}
          currency={account.currency}
          onClose={() => setEditingTransfer(null)}
        />
      ) : null}
      {reconciling ? (
        <ReconcilePanel
          account={account}
          shownUnclearedIds={items.filter((item) => item.clearedAt === null).map((item) => item.id)}
          shownCount={items.length}
          marking={markShown.isPending}
          onMarkShownCleared={(ids) => markShown.mutate({ ids, cleared: true })}
          onClose={() => setReconciling(false)}
        />
      ) : null}
      {list.isLoading ? (
        <div className="card-body">
          <Skeleton height={160} />
        </div>
      ) : list.error ? (
        <div className="card-body">
          <Alert>{errorMessage(list.error)}</Alert>
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<Icon name="transactions" size={22} />} title="No transactions in this account yet">
          Transactions recorded in {account.name} show here, newest first.
        </EmptyState>
      ) : (
        <>
          <ul className="list" aria-label={`${account.name} transactions`}>
            {items.map((item) => (
              <li key={item.id} className="list-row register-row">
                <span className={`tx-icon ${item.type === 'INCOME' ? 'income' : 'expense'}`} aria-hidden="true">
                  {item.transferId ? '⇄' : item.type === 'INCOME' ? '↓' : '↑'}
                </span>
                <div className="grow">
                  <div className="title">{item.title}</div>
                  <div className="sub">
                    {item.transferId ? <TransferLegLabel route={transfers.routeOf(item)} /> : item.category} ·{' '}
                    {formatDate(item.date)}
                  </div>
                </div>
                <span className={`num ${item.type === 'INCOME' ? 'income' : 'expense'}`} style={{ fontWeight: 600 }}>
                  {item.type === 'INCOME' ? '+' : '−'}
                  {formatMoney(item.amount, account.currency)}
                </span>
                {item.transferId ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    icon
                    aria-label={`Edit transfer ${item.title}`}
                    onClick={() => setEditingTransfer(item.transferId)}
                  >
                    <Icon name="edit" size={16} />
                  </Button>
                ) : someTransfer ? (
                  <span className="register-edit-slot" aria-hidden="true" />
                ) : null}
                <ClearedToggle
                  transaction={item}
                  onToggle={(cleared) => setCleared.mutate({ ids: [item.id], cleared })}
                />
              </li>
            ))}
          </ul>
          <div className="card-body">
            <Pagination
              label={`${account.name} transaction pages`}
              pagination={list.data?.pagination}
              requestedPage={page}
              onPageChange={setPage}
            />
          </div>
        </>
      )}
    </section>
  );
}
