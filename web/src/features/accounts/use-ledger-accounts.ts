import type { LedgerAccount } from '@finailytics/shared';
import { useMemo } from 'react';
import { trpc } from '../../lib/trpc';

/**
 * The user's accounts (in their order, archived ones included) for the pages that choose or name an
 * account rather than show its balance, so a cached list is good enough for them.
 */
export function useLedgerAccounts() {
  const query = trpc.account.list.useQuery(undefined, { staleTime: 30_000 });
  return useMemo(() => {
    const list: readonly LedgerAccount[] = query.data ?? [];
    return {
      list,
      /**
       * The list has arrived and is not being refreshed: an id missing from it is not one of the
       * user's accounts (rather than one made since the list was cached).
       */
      settled: query.isSuccess && !query.isFetching,
      /** With a single account there is nothing to choose, filter by or tell apart. */
      several: list.length > 1,
      names: new Map(list.map((account) => [account.id, account.name])) as ReadonlyMap<string, string>,
    };
  }, [query.data, query.isSuccess, query.isFetching]);
}

/** An account's name in a select, an archived one marked as such. */
export function accountLabel(account: LedgerAccount): string {
  return account.isArchived ? `${account.name} (archived)` : account.name;
}

export type LedgerAccounts = ReturnType<typeof useLedgerAccounts>;
