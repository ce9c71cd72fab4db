import type { LedgerAccount } from '@finailytics/shared';
import { Icon } from '../../components/ui/Icon';
import { accountLabel } from '../accounts/use-ledger-accounts';

/** Open accounts first, in the user's order; archived ones after them, marked, as they still hold transactions. */
function filterChoices(accounts: readonly LedgerAccount[]): LedgerAccount[] {
  return [...accounts.filter((account) => !account.isArchived), ...accounts.filter((account) => account.isArchived)];
}

/** The filter bar's account select; the caller leaves it out when the user has a single account. */
export function AccountFilterSelect({
  accounts,
  value,
  onChange,
}: {
  accounts: readonly LedgerAccount[];
  value: string;
  onChange: (accountId: string) => void;
}) {
  return (
    <select className="select" aria-label="Account" value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">All accounts</option>
      {filterChoices(accounts).map((account) => (
        <option key={account.id} value={account.id}>
          {accountLabel(account)}
        </option>
      ))}
    </select>
  );
}

/** The account being filtered by, named where the list starts, with a button to show every account again. */
export function AccountFilterChip({ account, onRemove }: { account: LedgerAccount; onRemove: () => void }) {
  return (
    <div className="filter-chips">
      <span className="filter-chip">
        <span>
          Account: <strong>{accountLabel(account)}</strong>
        </span>
        <button
          type="button"
          className="filter-chip-remove"
          aria-label={`Remove the account filter (${account.name})`}
          onClick={onRemove}
        >
          <Icon name="close" size={14} />
        </button>
      </span>
    </div>
  );
}
