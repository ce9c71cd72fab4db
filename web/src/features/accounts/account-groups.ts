import { type AccountKind, isLiabilityKind, type LedgerAccount } from '@finailytics/shared';

export const ACCOUNT_KIND_LABELS: Record<AccountKind, string> = {
  CASH: 'Cash',
  CHECKING: 'Checking',
  SAVINGS: 'Savings',
  CREDIT_CARD: 'Credit card',
  LOAN: 'Loan',
  INVESTMENT: 'Investment',
};

export interface AccountGroups {
  assets: LedgerAccount[];
  liabilities: LedgerAccount[];
  archived: LedgerAccount[];
  /** What the asset accounts hold, archived ones included (net worth counts them). */
  assetsTotal: number;
  /** What is owed on the liability accounts, as a positive number when money is owed. */
  liabilitiesTotal: number;
  netWorth: number;
}

/** Sums in cents, so a long list of decimals never drifts by a cent. */
function sumCents(accounts: LedgerAccount[]): number {
  return accounts.reduce((sum, account) => sum + Math.round(account.balance * 100), 0);
}

/**
 * Splits the user's accounts (already in their order) into assets and liabilities, archived ones apart.
 * Archived accounts keep counting in the totals, as they do in the server's net worth.
 */
export function groupAccounts(accounts: LedgerAccount[]): AccountGroups {
  const open = accounts.filter((account) => !account.isArchived);
  const assetCents = sumCents(accounts.filter((account) => !isLiabilityKind(account.kind)));
  const liabilityCents = sumCents(accounts.filter((account) => isLiabilityKind(account.kind)));
  return {
    assets: open.filter((account) => !isLiabilityKind(account.kind)),
    liabilities: open.filter((account) => isLiabilityKind(account.kind)),
    archived: accounts.filter((account) => account.isArchived),
    assetsTotal: assetCents / 100,
    liabilitiesTotal: (0 - liabilityCents) / 100,
    netWorth: (assetCents + liabilityCents) / 100,
  };
}

/**
 * The whole list's ids with one account moved one place up (-1) or down (+1) among the accounts shown
 * beside it (`siblings`, e.g. the other assets); the rest keep their places. Null at either end.
 */
export function movedIds(all: LedgerAccount[], siblings: LedgerAccount[], id: string, step: -1 | 1): string[] | null {
  const group = siblings.map((account) => account.id);
  const from = group.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= group.length) return null;
  const other = group[to];
  if (other === undefined) return null;
  group[to] = id;
  group[from] = other;
  const inGroup = new Set(group);
  let next = 0;
  return all.map((account) => (inGroup.has(account.id) ? (group[next++] ?? account.id) : account.id));
}
