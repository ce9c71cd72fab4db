import {
  PAYMENT_METHODS,
  type PaymentMethod,
  type RecurringStatus,
  SUPPORTED_DATE_RANGE,
  type Transaction,
  type TransactionSortField,
  type TransactionType,
} from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/Dialog';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatMoney, todayIn } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { useCurrentUser } from '../auth/session-hooks';
import { ImportWizard } from './ImportWizard';
import { INTERVAL_LABELS, PAYMENT_METHOD_LABELS } from './labels';
import { TransactionDrawer } from './TransactionDrawer';

const PAGE_SIZE = 20;
const SEARCH_DEBOUNCE_MS = 300;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Filters live in the URL, so a filtered view survives a reload and can be shared or bookmarked. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? '';
  const filters = {
    keyword: get('q'),
    type: get('type') as TransactionType | '',
    recurringStatus: get('recurring') as RecurringStatus | '',
    category: get('category'),
    paymentMethod: get('method') as PaymentMethod | '',
    from: get('from'),
    to: get('to'),
    sortBy: (get('sort') || 'date') as TransactionSortField,
    sortDir: (get('dir') || 'desc') as 'asc' | 'desc',
    page: Math.max(1, Number(get('page')) || 1),
  };
  const update = (changes: Record<string, string | number | null>, resetPage = true) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        if (resetPage && !('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };
  return { filters, update };
}

function downloadText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export default function TransactionsPage() {
  usePageTitle('Transactions');
  const toast = useToast();
  const utils = trpc.useUtils();
  const user = useCurrentUser();
  const currency = user.data?.currency ?? 'USD';
  const { filters, update } = useFilters();
  const [search, setSearch] = useState(filters.keyword);
  const keyword = useDebounced(search, SEARCH_DEBOUNCE_MS);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled keyword goes to the URL.
  useEffect(() => {
    if (keyword !== filters.keyword) update({ q: keyword });
  }, [keyword]);

  const query = {
    keyword: filters.keyword || undefined,
    type: filters.type || undefined,
    recurringStatus: filters.recurringStatus || undefined,
    category: filters.category || undefined,
    paymentMethod: filters.paymentMethod || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    sortBy: filters.sortBy,
    sortDir: filters.sortDir,
  };
  const list = trpc.transaction.list.useQuery(
    { ...query, page: filters.page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  const categories = trpc.transaction.categories.useQuery();
  const categoryNames = useMemo(() => (categories.data ?? []).map((item) => item.category), [categories.data]);

  const [drawer, setDrawer] = useState<{ open: boolean; transaction: Transaction | null }>({
    open: false,
    transaction: null,
  });
  const [importOpen, setImportOpen] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pendingDelete, setPendingDelete] = useState<Transaction | null>(null);
  const [bulkConfirm, setBulkConfirm] = useState(false);

  const items = list.data?.items ?? [];
  const pagination = list.data?.pagination;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page or filter starts a new selection.
  useEffect(() => setSelected(new Set()), [list.data]);

  const refresh = () => {
    void utils.transaction.invalidate();
    void utils.analytics.invalidate();
  };
  const duplicate = trpc.transaction.duplicate.useMutation({
    onSuccess: () => {
      toast.success('Transaction duplicated');
      refresh();
    },
    onError: (error) => toast.error(error),
  });
  const remove = trpc.transaction.delete.useMutation({
    onSuccess: () => {
      toast.success('Transaction deleted');
      setPendingDelete(null);
      refresh();
    },
    onError: (error) => toast.error(error),
  });
  const bulkDelete = trpc.transaction.bulkDelete.useMutation({
    onSuccess: (result) => {
      toast.success(`${result.deletedCount} transaction${result.deletedCount === 1 ? '' : 's'} deleted`);
      setBulkConfirm(false);
      refresh();
    },
    onError: (error) => toast.error(error),
  });
  const [exporting, setExporting] = useState(false);

  const sortButton = (field: TransactionSortField, label: string) => {
    const active = filters.sortBy === field;
    const nextDir = active && filters.sortDir === 'desc' ? 'asc' : 'desc';
    return (
      <button
        type="button"
        onClick={() => update({ sort: field, dir: nextDir })}
        aria-label={`Sort by ${label.toLowerCase()}`}
      >
        {label}
        {active ? <Icon name={filters.sortDir === 'asc' ? 'sortUp' : 'sortDown'} size={14} /> : null}
      </button>
    );
  };
  const ariaSort = (field: TransactionSortField) =>
    filters.sortBy === field ? (filters.sortDir === 'asc' ? 'ascending' : 'descending') : undefined;

  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));
  const hasFilters = Boolean(
    filters.keyword ||
      filters.type ||
      filters.recurringStatus ||
      filters.category ||
      filters.paymentMethod ||
      filters.from ||
      filters.to,
  );

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
          <Button
            loading={exporting}
            // The word is hidden on a phone, where the icon alone shows.
            aria-label="Export"
            onClick={async () => {
              setExporting(true);
              try {
                // The export follows the filters on screen and includes every matching transaction.
                const csv = await utils.transaction.exportCsv.fetch(query, { staleTime: 0 });
                downloadText(csv, `transactions-${todayIn(user.data?.timezone ?? 'UTC')}.csv`);
              } catch (error) {
                toast.error(error);
              } finally {
                setExporting(false);
              }
            }}
          >
            <Icon name="download" /> <span className="hide-sm">Export</span>
          </Button>
          <Button onClick={() => setImportOpen(true)}>
            <Icon name="upload" /> Import CSV
          </Button>
          <Button variant="primary" onClick={() => setDrawer({ open: true, transaction: null })}>
            <Icon name="plus" /> Add transaction
          </Button>
        </div>
      </div>

      <section className="card" aria-label="Transaction list">
        <div className="filters">
          <input
            className="input"
            type="search"
            placeholder="Search title, category, description…"
            aria-label="Search transactions"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <select
            className="select"
            aria-label="Type"
            value={filters.type}
            onChange={(event) => update({ type: event.target.value })}
          >
            <option value="">All types</option>
            <option value="INCOME">Income</option>
            <option value="EXPENSE">Expense</option>
          </select>
          <select
            className="select"
            aria-label="Recurring"
            value={filters.recurringStatus}
            onChange={(event) => update({ recurring: event.target.value })}
          >
            <option value="">Any frequency</option>
            <option value="RECURRING">Recurring</option>
            <option value="NON_RECURRING">One-off</option>
          </select>
          <select
            className="select"
            aria-label="Category"
            value={filters.category}
            onChange={(event) => update({ category: event.target.value })}
          >
            <option value="">All categories</option>
            {categoryNames.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
          <select
            className="select"
            aria-label="Payment method"
            value={filters.paymentMethod}
            onChange={(event) => update({ method: event.target.value })}
          >
            <option value="">All methods</option>
            {PAYMENT_METHODS.map((method) => (
              <option key={method} value={method}>
                {PAYMENT_METHOD_LABELS[method]}
              </option>
            ))}
          </select>
          <div className="date-range">
            <input
              className="input"
              type="date"
              min={SUPPORTED_DATE_RANGE.min}
              max={SUPPORTED_DATE_RANGE.max}
              aria-label="From date"
              value={filters.from}
              onChange={(event) => update({ from: event.target.value })}
            />
            <input
              className="input"
              type="date"
              min={SUPPORTED_DATE_RANGE.min}
              max={SUPPORTED_DATE_RANGE.max}
              aria-label="To date"
              value={filters.to}
              onChange={(event) => update({ to: event.target.value })}
            />
          </div>
        </div>

        {selected.size > 0 ? (
          <div className="bulk-bar" role="status">
            <span>{selected.size} selected</span>
            <Button size="sm" variant="danger" onClick={() => setBulkConfirm(true)}>
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
          hasFilters ? (
            <EmptyState
              icon={<Icon name="search" size={22} />}
              title="No transactions match"
              action={
                <Button
                  onClick={() => {
                    setSearch('');
                    update({
                      q: null,
                      type: null,
                      recurring: null,
                      category: null,
                      method: null,
                      from: null,
                      to: null,
                    });
                  }}
                >
                  Clear filters
                </Button>
              }
            >
              Try a different search or fewer filters.
            </EmptyState>
          ) : (
            <EmptyState
              icon={<Icon name="transactions" size={22} />}
              title="No transactions yet"
              action={
                <div className="toolbar">
                  <Button variant="primary" onClick={() => setDrawer({ open: true, transaction: null })}>
                    Add transaction
                  </Button>
                  <Button onClick={() => setImportOpen(true)}>Import CSV</Button>
                </div>
              }
            >
              Add your first income or expense, or import a CSV from your bank.
            </EmptyState>
          )
        ) : (
          <div className="table-wrap" aria-busy={list.isFetching}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="check">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((item) => item.id)))}
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
                            setSelected(next);
                          }}
                        />
                      </td>
                      <td className="num" style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(item.date)}
                      </td>
                      <td>
                        <div className="cell-title">
                          {item.title}{' '}
                          {item.isRecurring && item.recurringInterval ? (
                            <span className="badge badge-primary" title="Recurring">
                              <Icon name="repeat" size={12} /> {INTERVAL_LABELS[item.recurringInterval]}
                            </span>
                          ) : null}
                        </div>
                        {item.description ? <div className="cell-sub">{item.description}</div> : null}
                      </td>
                      <td className="hide-sm">
                        <span className="badge">{item.category}</span>
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
                            onClick={() => setDrawer({ open: true, transaction: item })}
                          >
                            <Icon name="edit" size={16} />
                          </Button>
                          <Button
                            variant="ghost"
                            size="sm"
                            icon
                            aria-label={`Duplicate ${item.title}`}
                            onClick={() => duplicate.mutate({ id: item.id })}
                          >
                            <Icon name="copy" size={16} />
                          </Button>
                          <Button
                            variant="ghost"
                            size="sm"
                            icon
                            aria-label={`Delete ${item.title}`}
                            onClick={() => setPendingDelete(item)}
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
        )}

        {pagination && pagination.totalPages > 1 ? (
          <nav className="pagination" aria-label="Pages">
            <span>
              Page {pagination.page} of {pagination.totalPages}
            </span>
            <div className="toolbar">
              <Button
                size="sm"
                disabled={pagination.page <= 1}
                onClick={() => update({ page: pagination.page - 1 }, false)}
              >
                Previous
              </Button>
              <Button
                size="sm"
                disabled={pagination.page >= pagination.totalPages}
                onClick={() => update({ page: pagination.page + 1 }, false)}
              >
                Next
              </Button>
            </div>
          </nav>
        ) : null}
      </section>

      <TransactionDrawer
        open={drawer.open}
        transaction={drawer.transaction}
        timezone={user.data?.timezone ?? 'UTC'}
        currency={currency}
        categories={categoryNames}
        onClose={() => setDrawer({ open: false, transaction: null })}
      />
      <ImportWizard open={importOpen} onClose={() => setImportOpen(false)} />
      <ConfirmDialog
        open={pendingDelete !== null}
        title="Delete transaction?"
        message={pendingDelete ? `“${pendingDelete.title}” will be deleted. This cannot be undone.` : ''}
        confirmLabel="Delete"
        loading={remove.isPending}
        onConfirm={() => pendingDelete && remove.mutate({ id: pendingDelete.id })}
        onClose={() => setPendingDelete(null)}
      />
      <ConfirmDialog
        open={bulkConfirm}
        title={`Delete ${selected.size} ${selected.size === 1 ? 'transaction' : 'transactions'}?`}
        message="The selected transactions will be deleted. This cannot be undone."
        confirmLabel={`Delete ${selected.size}`}
        loading={bulkDelete.isPending}
        onConfirm={() => bulkDelete.mutate({ ids: [...selected] })}
        onClose={() => setBulkConfirm(false)}
      />
    </div>
  );
}
