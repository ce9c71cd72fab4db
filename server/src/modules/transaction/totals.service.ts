import { fromCents, type TransactionFilters, type TransactionTotals } from '@finailytics/shared';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { AppDeps } from '../../deps';
import { totalsFromDailyTotals, totalsFromLedger } from './totals.repository';
import { countTransferLegs, filterConditions, type ListFilters, rollupCanCount } from './transaction.repository';

/** The rollup's sums, whose count leaves transfer legs out; the legs the list shows are added to the count. */
async function rollupTotalsWithLegs(db: Db, ownerId: string, filters: ListFilters, where: SQL) {
  const [sums, legs] = await Promise.all([totalsFromDailyTotals(db, ownerId, filters), countTransferLegs(db, where)]);
  return { ...sums, count: sums.count + legs };
}

/**
 * Count, income, expenses and net of the caller's transactions matching the list's filters: from
 * the daily rollup when the filters allow (flat however large the ledger), else from the ledger.
 * Transfer legs count as rows but never as income or expenses.
 */
export async function transactionTotals(
  deps: Pick<AppDeps, 'db'>,
  ownerId: string,
  filters: Omit<TransactionFilters, 'sortBy' | 'sortDir'>,
): Promise<TransactionTotals> {
  const where = filterConditions(ownerId, filters);
  const cents = rollupCanCount(filters)
    ? await rollupTotalsWithLegs(deps.db, ownerId, filters, where)
    : await totalsFromLedger(deps.db, where);
  return {
    count: cents.count,
    income: fromCents(cents.incomeCents),
    expenses: fromCents(cents.expenseCents),
    net: fromCents(cents.incomeCents - cents.expenseCents),
  };
}
