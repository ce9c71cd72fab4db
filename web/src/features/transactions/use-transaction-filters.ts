import {
  accountIdSchema,
  type PaymentMethod,
  type RecurringStatus,
  type TransactionSortField,
  type TransactionType,
} from '@finailytics/shared';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebounced } from '../../lib/use-debounced';
import type { LedgerAccounts } from '../accounts/use-ledger-accounts';

const SEARCH_DEBOUNCE_MS = 300;

export type FilterChanges = Record<string, string | number | null>;

/**
 * Whether `?account=` names an account to filter by. Until the list is settled any well-formed id is
 * trusted (the server answers nothing for one that is not the user's); after that only the user's own,
 * and none at all with a single account, where the filter would change nothing.
 */
function accountFilterUsable(id: string, accounts: LedgerAccounts): boolean {
  if (!id) return false;
  if (!accounts.settled) return accountIdSchema.safeParse(id).success;
  return accounts.several && accounts.names.has(id);
}

/** Filters live in the URL, so a filtered view survives a reload and can be shared or bookmarked. */
export function useTransactionFilters(accounts: LedgerAccounts) {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? '';
  const accountParam = get('account');
  const accountUsable = accountFilterUsable(accountParam, accounts);
  const filters = {
    accountId: accountUsable ? accountParam : '',
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
  const update = (changes: FilterChanges, resetPage = true) => {
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

  // A link to a deleted account, or a mistyped one, leaves the unfiltered list rather than an error.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the id or the list decides.
  useEffect(() => {
    if (accountParam && !accountUsable && accounts.settled) update({ account: null });
  }, [accountParam, accountUsable, accounts.settled]);

  // The search box answers every key; the URL (and the request) only the settled keyword.
  const [search, setSearch] = useState(filters.keyword);
  const keyword = useDebounced(search, SEARCH_DEBOUNCE_MS);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled keyword goes to the URL.
  useEffect(() => {
    if (keyword !== filters.keyword) update({ q: keyword });
  }, [keyword]);

  /** The list's input without its page: the export sends the same. */
  const query = {
    keyword: filters.keyword || undefined,
    type: filters.type || undefined,
    recurringStatus: filters.recurringStatus || undefined,
    category: filters.category || undefined,
    paymentMethod: filters.paymentMethod || undefined,
    accountId: filters.accountId || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    sortBy: filters.sortBy,
    sortDir: filters.sortDir,
  };
  const active = Boolean(
    filters.keyword ||
      filters.type ||
      filters.recurringStatus ||
      filters.category ||
      filters.paymentMethod ||
      filters.accountId ||
      filters.from ||
      filters.to,
  );
  const clear = () => {
    setSearch('');
    update({ q: null, type: null, recurring: null, category: null, method: null, account: null, from: null, to: null });
  };
  return { filters, update, search, setSearch, query, active, clear, accounts };
}

export type TransactionFilterState = ReturnType<typeof useTransactionFilters>;
