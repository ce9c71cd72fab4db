import { fromCents, type TransactionFilters, type TransactionTotals } from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { totalsFromDailyTotals, totalsFromLedger } from './totals.repository';
import { filterConditions, rollupCanCount } from './transaction.repository';

/**
 * Count, income, expenses and net of the caller's transactions matching the list's filters: from
 * the daily rollup when the filters allow (flat however large the ledger), else from the ledger.
 */
export async function transactionTotals(
  deps: Pick<AppDeps, 'db'>,
  ownerId: string,
  filters: Omit<TransactionFilters, 'sortBy' | 'sortDir'>,
): Promise<TransactionTotals> {
  const cents = rollupCanCount(filters)
    ? await totalsFromDailyTotals(deps.db, ownerId, filters)
    : await totalsFromLedger(deps.db, filterConditions(ownerId, filters));
  return {
    count: cents.count,
    income: fromCents(cents.incomeCents),
    expenses: fromCents(cents.expenseCents),
    net: fromCents(cents.incomeCents - cents.expenseCents),
  };
}
