import type { Transaction, Transfer } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { trpc } from '../../lib/trpc';
import { routeOf, type TransferRoute } from './transfer-label';

export interface TransfersOfRows {
  /** Where the leg's money went, by account names; null for other rows and while loading. */
  routeOf: (row: Pick<Transaction, 'transferId'>) => TransferRoute | null;
  transferOf: (row: Pick<Transaction, 'transferId'>) => Transfer | null;
}

/**
 * The transfers behind the legs among `rows` (a page of a list), read in one call: a leg names only
 * its own account, and its other leg is often on another page or in another account's register.
 */
export function useTransfersOf(rows: ReadonlyArray<Pick<Transaction, 'transferId'>>): TransfersOfRows {
  const ids = [...new Set(rows.flatMap((row) => (row.transferId ? [row.transferId] : [])))];
  const transfers = trpc.transaction.transfers.useQuery(
    { ids },
    { enabled: ids.length > 0, placeholderData: keepPreviousData },
  );
  const accounts = trpc.account.list.useQuery(undefined, { enabled: ids.length > 0 });
  const transferOf = (row: Pick<Transaction, 'transferId'>) =>
    (row.transferId && transfers.data?.find((transfer) => transfer.id === row.transferId)) || null;
  return {
    transferOf,
    routeOf: (row) => {
      const transfer = transferOf(row);
      return transfer ? routeOf(transfer, accounts.data ?? []) : null;
    },
  };
}
