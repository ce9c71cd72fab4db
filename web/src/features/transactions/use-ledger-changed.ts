import { useCallback } from 'react';
import { trpc } from '../../lib/trpc';

/**
 * After any write to the ledger: the lists and every number computed from them (overview, charts,
 * reports' analytics, budgets' spending and the alerts it may have crossed, account balances and net
 * worth) are stale together, so all of those caches refetch.
 */
export function useLedgerChanged() {
  const utils = trpc.useUtils();
  return useCallback(() => {
    void utils.transaction.invalidate();
    void utils.analytics.invalidate();
    // A write may have made a category, and the counts and month totals move.
    void utils.category.invalidate();
    // Spending moved: the overview's budgets card and the Budgets page show it without a reload.
    void utils.budget.invalidate();
    // Every row sits in an account: balances and net worth move with it (transfers move only these).
    void utils.account.invalidate();
  }, [utils]);
}
