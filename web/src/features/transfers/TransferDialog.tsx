import {
  createTransferSchema,
  formatAmountInput,
  parseAmountInput,
  SUPPORTED_DATE_RANGE,
  TRANSACTION_LIMITS,
  TRANSFER_MESSAGES,
  type Transfer,
  updateTransferSchema,
} from '@finailytics/shared';
import { useMemo, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog, FormDialog } from '../../components/ui/Dialog';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { describeError, errorMessage } from '../../lib/errors';
import { formatMoney, userLocale } from '../../lib/format';
import { type FieldErrors, fieldErrorsOf } from '../../lib/forms';
import { trpc } from '../../lib/trpc';
import { useLedgerChanged } from '../transactions/use-ledger-changed';
import {
  accountChoices,
  initialTransferValues,
  type TransferAccount,
  type TransferValues,
  toCreateTransferInput,
  toUpdateTransferInput,
} from './transfer-form';

interface TransferDialogProps {
  /** The transfer to edit; left out (or null), a new transfer. */
  transferId?: string | null;
  /** A new transfer's "from" account: the register it was opened from. */
  fromAccountId?: string;
  /** Today in the person's time zone: a new transfer is dated today. */
  today: string;
  /** The person's currency, for the preview of the typed amount. */
  currency: string;
  /** Decides the decimal separator of typed amounts; the browser's language when left out. */
  locale?: string;
  onClose: () => void;
}

const NEW_TITLE = 'New transfer';
const EDIT_TITLE = 'Edit transfer';

/**
 * Moves money from one account to another (transaction.transfer), or edits a saved transfer
 * (transaction.updateTransfer, both legs at once). Mounted while open, so each opening starts afresh.
 */
export function TransferDialog({ transferId = null, onClose, ...rest }: TransferDialogProps) {
  const accounts = trpc.account.list.useQuery();
  const transfers = trpc.transaction.transfers.useQuery({ ids: [transferId ?? ''] }, { enabled: transferId !== null });
  const title = transferId ? EDIT_TITLE : NEW_TITLE;
  const error = accounts.error ?? transfers.error;
  if (error) return <Notice title={title} message={errorMessage(error)} onClose={onClose} />;
  if (!accounts.data || (transferId && !transfers.data)) {
    return (
      <Dialog open onClose={onClose} title={title}>
        <div aria-busy="true" style={{ display: 'grid', gap: 12 }}>
          <Skeleton height={36} />
          <Skeleton height={36} />
          <Skeleton height={36} />
        </div>
      </Dialog>
    );
  }
  const transfer = transferId ? (transfers.data?.find((item) => item.id === transferId) ?? null) : null;
  if (transferId && !transfer) {
    return (
      <Notice title={title} message="This transfer no longer exists. It may have been deleted." onClose={onClose} />
    );
  }
  return <TransferForm transfer={transfer} accounts={accounts.data} onClose={onClose} {...rest} />;
}

function Notice({ title, message, onClose }: { title: string; message: string; onClose: () => void }) {
  return (
    <Dialog open onClose={onClose} title={title} footer={<Button onClick={onClose}>Close</Button>}>
      <Alert>{message}</Alert>
    </Dialog>
  );
}

interface TransferFormProps extends Omit<TransferDialogProps, 'transferId'> {
  transfer: Transfer | null;
  accounts: readonly TransferAccount[];
}

function TransferForm({
  transfer,
  accounts,
  fromAccountId,
  today,
  currency,
  locale: localeProp,
  onClose,
}: TransferFormProps) {
  const locale = localeProp ?? userLocale();
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const [values, setValues] = useState(() =>
    initialTransferValues(transfer, accounts, { fromAccountId, today, locale }),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const amount = useMemo(
    () => parseAmountInput(values.amount, { locale, currency }),
    [values.amount, locale, currency],
  );

  const saved = (message: string) => {
    ledgerChanged();
    toast.success(message);
    onClose();
  };
  // The server's refusals land beside their field where they name one, above the form otherwise.
  const refused = (error: unknown) => {
    const description = describeError(error);
    if (description.message === TRANSFER_MESSAGES.sameAccount) {
      setErrors({ toAccountId: description.message });
      setFormError(null);
      return;
    }
    setErrors(description.fieldErrors);
    setFormError(description.message);
  };
  const create = trpc.transaction.transfer.useMutation({
    onSuccess: () => saved('Transfer added'),
    onError: refused,
  });
  const update = trpc.transaction.updateTransfer.useMutation({
    onSuccess: () => saved('Transfer updated'),
    onError: refused,
  });

  const set = <K extends keyof TransferValues>(field: K, value: TransferValues[K]) => {
    setValues((current) => {
      const next = { ...current, [field]: value };
      // Money cannot go to the account it leaves: a "to" that just became the "from" is chosen again.
      if (field === 'fromAccountId' && value === current.toAccountId) next.toAccountId = '';
      return next;
    });
    setErrors((current) => {
      const { [field]: _cleared, ...rest } = current;
      return rest;
    });
  };

  /** What the schema cannot say in the person's words: an account not chosen, an amount it could not read. */
  const ownChecks = (): FieldErrors => {
    const found: FieldErrors = {};
    if (!values.fromAccountId) found.fromAccountId = 'Choose the account the money leaves';
    if (!values.toAccountId) found.toAccountId = 'Choose the account the money goes to';
    if (!amount.ok) found.amount = amount.message;
    if (!values.date) found.date = 'Date is required';
    return found;
  };

  const submit = () => {
    const own = ownChecks();
    const input = transfer ? toUpdateTransferInput(transfer, values, amount) : toCreateTransferInput(values, amount);
    const parsed = (transfer ? updateTransferSchema : createTransferSchema).safeParse(input);
    const schemaErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
    const found = { ...schemaErrors, ...own };
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    if (!transfer) create.mutate(toCreateTransferInput(values, amount));
    else if (Object.keys(input).length === 1) onClose();
    else update.mutate(toUpdateTransferInput(transfer, values, amount));
  };

  const fromChoices = accountChoices(accounts, transfer?.from.accountId);
  const toChoices = accountChoices(accounts, transfer?.to.accountId, values.fromAccountId);
  const amountHint =
    values.amount.trim() === '' || errors.amount ? undefined : amount.ok ? (
      <span data-testid="transfer-amount-preview">= {formatMoney(amount.amount, currency, { locale })}</span>
    ) : (
      amount.message
    );

  return (
    <FormDialog
      open
      onClose={onClose}
      title={transfer ? EDIT_TITLE : NEW_TITLE}
      submitLabel="Save transfer"
      pending={create.isPending || update.isPending}
      onSubmit={submit}
    >
      {formError ? <Alert>{formError}</Alert> : null}
      <p className="muted" style={{ margin: 0 }}>
        Money moved between your own accounts: it changes both balances but is neither income nor an expense.
      </p>
      <div className="form-row">
        <Field label="From" error={errors.fromAccountId}>
          <select
            className="select"
            value={values.fromAccountId}
            onChange={(event) => set('fromAccountId', event.target.value)}
          >
            {values.fromAccountId ? null : <option value="">Choose an account</option>}
            {fromChoices.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="To" error={errors.toAccountId}>
          <select
            className="select"
            value={values.toAccountId}
            onChange={(event) => set('toAccountId', event.target.value)}
          >
            {values.toAccountId ? null : <option value="">Choose an account</option>}
            {toChoices.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-row">
        <Field label="Amount" error={errors.amount} hint={amountHint}>
          <input
            className="input num"
            inputMode="decimal"
            autoComplete="off"
            placeholder={formatAmountInput(0, locale)}
            value={values.amount}
            onChange={(event) => set('amount', event.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the dialog is a modal <dialog>; the amount is what a person types first.
            autoFocus
          />
        </Field>
        <Field label="Date" error={errors.date}>
          <input
            className="input"
            type="date"
            min={SUPPORTED_DATE_RANGE.min}
            max={SUPPORTED_DATE_RANGE.max}
            value={values.date}
            onChange={(event) => set('date', event.target.value)}
          />
        </Field>
      </div>
      <Field label="Note (optional)" error={errors.note}>
        <input
          className="input"
          maxLength={TRANSACTION_LIMITS.descriptionMax}
          value={values.note}
          onChange={(event) => set('note', event.target.value)}
        />
      </Field>
    </FormDialog>
  );
}
