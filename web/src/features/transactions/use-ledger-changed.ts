import { useCallback } from 'react';
import { trpc } from '../../lib/trpc';

/**
 * After any write to the ledger: the lists and every number computed from them (overview, charts,
 * reports' analytics) are stale together, so both caches refetch.
 */
export function useLedgerChanged() {
  const utils = trpc.useUtils();
  return useCallback(() => {
    void utils.transaction.invalidate();
    void utils.analytics.invalidate();
    // A write may have made a category, and the counts and month totals move.
    void utils.category.invalidate();
  }, [utils]);
}
