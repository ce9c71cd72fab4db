import type { LedgerAccount, Transaction } from '@finailytics/shared';
import { Field } from '../../components/ui/Field';
import { accountLabel } from '../accounts/use-ledger-accounts';

/**
 * Accounts a transaction can be put in: the open ones in the user's order, and the one it is in
 * already, archived or not, so an edit shows where it is. A transfer leg is moved with its transfer
 * only (the server refuses it here), so it has none.
 */
export function drawerAccountChoices(
  accounts: readonly LedgerAccount[],
  transaction: Pick<Transaction, 'accountId' | 'transferId'> | null,
): LedgerAccount[] {
  if (transaction?.transferId) return [];
  return accounts.filter((account) => !account.isArchived || account.id === transaction?.accountId);
}

/** The account select of the transaction drawer; nothing when there is nothing to choose. */
export function DrawerAccountField({
  choices,
  value,
  error,
  onChange,
}: {
  choices: readonly LedgerAccount[];
  value: string;
  error: string | undefined;
  onChange: (accountId: string) => void;
}) {
  if (choices.length < 2) return null;
  return (
    <Field label="Account" error={error}>
      <select className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        {choices.map((account) => (
          <option key={account.id} value={account.id}>
            {accountLabel(account)}
          </option>
        ))}
      </select>
    </Field>
  );
}
