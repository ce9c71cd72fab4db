import type { Transaction } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { Pagination } from '../../components/ui/Pagination';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { todayIn } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { useLedgerAccounts } from '../accounts/use-ledger-accounts';
import { useCurrentUser } from '../auth/session-hooks';
import { useCategories } from '../categories/use-categories';
import type { ReceiptScan } from '../receipts/receipt-draft';
import { ScanReceiptDialog } from '../receipts/ScanReceiptDialog';
import { MakeTransferButton } from '../transfers/MakeTransferButton';
import { TransferButton } from '../transfers/TransferButton';
import { TransferDialog } from '../transfers/TransferDialog';
import { useTransfersOf } from '../transfers/use-transfers';
import { BulkCategoryDialog } from './BulkCategoryDialog';
import { ExportButton } from './ExportButton';
import { ImportWizard } from './ImportWizard';
import { NoTransactions } from './NoTransactions';
import { TransactionCards } from './TransactionCards';
import { TransactionDrawer } from './TransactionDrawer';
import { TransactionFilters } from './TransactionFilters';
import { TransactionTable } from './TransactionTable';
import { TransactionTotals } from './TransactionTotals';
import { useDeleteWithUndo } from './use-delete-with-undo';
import { useLedgerChanged } from './use-ledger-changed';
import { useTransactionFilters } from './use-transaction-filters';

const PAGE_SIZE = 20;

export default function TransactionsPage() {
  usePageTitle('Transactions');
  const toast = useToast();
  const user = useCurrentUser();
  const currency = user.data?.currency ?? 'USD';
  const timezone = user.data?.timezone ?? 'UTC';
  const accounts = useLedgerAccounts();
  const filterState = useTransactionFilters(accounts);
  const { filters, update, query } = filterState;
  const list = trpc.transaction.list.useQuery(
    { ...query, page: filters.page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  const categories = useCategories();
  // Rows name their account unless they are all in one.
  const accountNames = accounts.several && !filters.accountId ? accounts.names : undefined;

  const [drawer, setDrawer] = useState<{ open: boolean; transaction: Transaction | null; scan?: ReceiptScan }>({
    open: false,
    transaction: null,
  });
  // A transfer leg opens its transfer: its amount, date and accounts change on both legs at once.
  const [editingTransfer, setEditingTransfer] = useState<string | null>(null);
  const openDrawer = (transaction: Transaction | null) =>
    transaction?.transferId ? setEditingTransfer(transaction.transferId) : setDrawer({ open: true, transaction });
  const [importOpen, setImportOpen] = useState(false);
  const [scanOpen, setScanOpen] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [recategorising, setRecategorising] = useState(false);

  const items = list.data?.items ?? [];
  const pagination = list.data?.pagination;
  const transfers = useTransfersOf(items);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page or filter starts a new selection.
  useEffect(() => setSelected(new Set()), [list.data]);

  const ledgerChanged = useLedgerChanged();
  const duplicate = trpc.transaction.duplicate.useMutation({
    onSuccess: () => {
      toast.success('Transaction duplicated');
      ledgerChanged();
    },
    onError: (error) => toast.error(error),
  });
  const { deleteOne, deleteMany, pending: deleting } = useDeleteWithUndo({ onDeleted: () => setSelected(new Set()) });

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Transactions</h1>
          <p>
            {pagination
              ? `${pagination.totalCount.toLocaleString('en-US')} ${pagination.totalCount === 1 ? 'transaction' : 'transactions'}`
              : 'Your income and expenses'}
          </p>
        </div>
        <div className="toolbar">
          <ExportButton query={query} timezone={timezone} />
          <Button onClick={() => setImportOpen(true)}>
            <Icon name="upload" /> Import CSV
          </Button>
          <Button onClick={() => setScanOpen(true)}>
            <Icon name="receipt" /> Scan receipt
          </Button>
          <TransferButton today={todayIn(timezone)} currency={currency} />
          <Button variant="primary" onClick={() => openDrawer(null)}>
            <Icon name="plus" /> Add transaction
          </Button>
        </div>
      </div>

      <section className="card" aria-label="Transaction list">
        <TransactionFilters state={filterState} categories={categories.choicesOf('')} />
        <TransactionTotals query={query} currency={currency} />

        {selected.size > 0 ? (
          <div className="bulk-bar" role="status">
            <span>{selected.size} selected</span>
            <Button size="sm" onClick={() => setRecategorising(true)}>
              <Icon name="edit" size={15} /> Change category
            </Button>
            {selected.size === 2 ? (
              <MakeTransferButton
                selected={items.filter((item) => selected.has(item.id))}
                onConverted={() => setSelected(new Set())}
              />
            ) : null}
            <Button size="sm" variant="danger" loading={deleting} onClick={() => deleteMany([...selected])}>
              <Icon name="trash" size={15} /> Delete selected
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              Clear
            </Button>
          </div>
        ) : null}

        {list.error ? (
          <div className="card-body">
            <Alert>{errorMessage(list.error)}</Alert>
          </div>
        ) : list.isLoading ? (
          <div className="card-body" style={{ display: 'grid', gap: 12 }} aria-busy="true">
            {Array.from({ length: 6 }, (_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders.
              <Skeleton key={index} height={28} />
            ))}
          </div>
        ) : items.length === 0 ? (
          <NoTransactions
            filtered={filterState.active}
            onClearFilters={filterState.clear}
            onAdd={() => openDrawer(null)}
            onImport={() => setImportOpen(true)}
          />
        ) : (
          <>
            <TransactionTable
              items={items}
              currency={currency}
              sort={{ by: filters.sortBy, dir: filters.sortDir }}
              onSort={(sort) => update({ sort: sort.by, dir: sort.dir })}
              selected={selected}
              onSelectedChange={setSelected}
              busy={list.isFetching}
              accountNames={accountNames}
              onEdit={openDrawer}
              onDuplicate={(item) => duplicate.mutate({ id: item.id })}
              onDelete={deleteOne}
              transferRouteOf={transfers.routeOf}
            />
            <TransactionCards
              items={items}
              currency={currency}
              busy={list.isFetching}
              accountNames={accountNames}
              onEdit={openDrawer}
              onDelete={deleteOne}
              transferRouteOf={transfers.routeOf}
            />
          </>
        )}

        <Pagination label="Pages" pagination={pagination} onPageChange={(page) => update({ page }, false)} />
      </section>

      <TransactionDrawer
        open={drawer.open}
        transaction={drawer.transaction}
        timezone={timezone}
        currency={currency}
        categories={categories.list}
        accounts={accounts.list}
        newAccountId={filters.accountId}
        scan={drawer.scan ?? null}
        onClose={() => setDrawer({ open: false, transaction: null })}
      />
      <ScanReceiptDialog
        open={scanOpen}
        onClose={() => setScanOpen(false)}
        onScanned={(scan) => {
          setScanOpen(false);
          setDrawer({ open: true, transaction: null, scan });
        }}
      />
      {editingTransfer ? (
        <TransferDialog
          transferId={editingTransfer}
          today={todayIn(timezone)}
          currency={currency}
          onClose={() => setEditingTransfer(null)}
        />
      ) : null}
      <ImportWizard open={importOpen} onClose={() => setImportOpen(false)} accountId={filters.accountId} />
      <BulkCategoryDialog
        open={recategorising && selected.size > 0}
        transactions={items.filter((item) => selected.has(item.id))}
        categories={categories.list}
        onNarrow={(ids) => setSelected(new Set(ids))}
        onChanged={() => {
          setRecategorising(false);
          setSelected(new Set());
        }}
        onClose={() => setRecategorising(false)}
      />
    </div>
  );
}
