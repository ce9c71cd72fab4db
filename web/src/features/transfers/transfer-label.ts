import type { LedgerAccount, Transfer } from '@finailytics/shared';

/** The accounts a transfer moved money between, by name. */
export interface TransferRoute {
  from: string;
  to: string;
}

/** What a leg shows in place of a category: where the money went, or just "Transfer" until that is known. */
export function transferLabel(route: TransferRoute | null): string {
  return route ? `Transfer · ${route.from} → ${route.to}` : 'Transfer';
}

/** Both legs' accounts named; null while an account is not known (the list of accounts still loading). */
export function routeOf(
  transfer: Pick<Transfer, 'from' | 'to'>,
  accounts: ReadonlyArray<Pick<LedgerAccount, 'id' | 'name'>>,
): TransferRoute | null {
  const from = accounts.find((account) => account.id === transfer.from.accountId);
  const to = accounts.find((account) => account.id === transfer.to.accountId);
  return from && to ? { from: from.name, to: to.name } : null;
}
