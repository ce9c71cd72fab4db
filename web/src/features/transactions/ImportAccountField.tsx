import type { LedgerAccount } from '@finailytics/shared';
import { Field } from '../../components/ui/Field';

/**
 * The account an import goes to, among the open ones in the user's order; nothing when there is only
 * one. Changing it asks the server again, since what was imported before is counted per account.
 */
export function ImportAccountField({
  accounts,
  value,
  onChange,
}: {
  accounts: readonly LedgerAccount[];
  value: string;
  onChange: (accountId: string) => void;
}) {
  const open = accounts.filter((account) => !account.isArchived);
  if (open.length < 2) return null;
  return (
    <Field label="Account" hint="Rows this account holds from an earlier import are skipped.">
      <select className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        {open.map((account) => (
          <option key={account.id} value={account.id}>
            {account.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
