import type { LedgerAccount } from '@finailytics/shared';
import { useState } from 'react';
import { FormDialog } from '../../components/ui/Dialog';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';

interface DeleteAccountDialogProps {
  account: LedgerAccount;
  /** Every account of the user; the ones an account's transactions can move to are picked from them. */
  accounts: LedgerAccount[];
  onClose: () => void;
  onDeleted: () => void;
}

/** Deletes an empty account at once; one with transactions needs an account to move them to first. */
export function DeleteAccountDialog({ account, accounts, onClose, onDeleted }: DeleteAccountDialogProps) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const targets = accounts.filter((other) => other.id !== account.id && !other.isArchived);
  const [moveTo, setMoveTo] = useState('');
  const [tried, setTried] = useState(false);
  const hasTransactions = account.transactionCount > 0;
  const remove = trpc.account.delete.useMutation({
    onSuccess: ({ transfersRemoved }) => {
      void utils.account.invalidate();
      void utils.transaction.invalidate();
      const transfers = `${transfersRemoved} transfer${transfersRemoved === 1 ? '' : 's'} between the two accounts`;
      toast.success(transfersRemoved > 0 ? `${account.name} deleted, with ${transfers}` : `${account.name} deleted`);
      onDeleted();
    },
    onError: (error) => toast.error(error),
  });
  const moveError = tried && hasTransactions && moveTo === '' ? 'Choose where its transactions go' : undefined;

  function submit() {
    setTried(true);
    if (hasTransactions && moveTo === '') return;
    remove.mutate(hasTransactions ? { id: account.id, moveTo } : { id: account.id });
  }

  const count = `${account.transactionCount} transaction${account.transactionCount === 1 ? '' : 's'}`;
  return (
    <FormDialog
      open
      onClose={onClose}
      title={`Delete ${account.name}`}
      submitLabel={hasTransactions ? 'Move and delete' : 'Delete'}
      danger
      pending={remove.isPending}
      onSubmit={submit}
    >
      {hasTransactions ? (
        <div className="form-grid">
          <p>
            {account.name} has {count}. They move to the account you choose, and {account.name} is deleted. Transfers
            between the two accounts are deleted with it: they would move money from that account to itself.
            {account.openingBalance !== 0
              ? ` Its opening balance of ${formatMoney(account.openingBalance, account.currency)} goes with it.`
              : ''}
          </p>
          <Field label="Move its transactions to" error={moveError}>
            <select value={moveTo} onChange={(event) => setMoveTo(event.target.value)}>
              <option value="">Choose…</option>
              {targets.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
      ) : (
        <p>{account.name} has no transactions. Delete it? This cannot be undone.</p>
      )}
    </FormDialog>
  );
}
