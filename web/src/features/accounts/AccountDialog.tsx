import {
  ACCOUNT_KINDS,
  ACCOUNT_NAME_MAX,
  type AccountKind,
  formatAmountInput,
  type LedgerAccount,
  parseAmountInput,
} from '@finailytics/shared';
import { useMemo, useState } from 'react';
import { FormDialog } from '../../components/ui/Dialog';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { userLocale } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { ACCOUNT_KIND_LABELS } from './account-groups';

interface AccountDialogProps {
  /** The account being edited; null to open a new one. */
  account: LedgerAccount | null;
  currency: string;
  /** Today in the user's time zone: a new account opens on it unless another day is picked. */
  today: string;
  onClose: () => void;
}

/** Opens or edits an account: name, kind, opening balance (typed in the person's notation) and date. */
export function AccountDialog({ account, currency, today, onClose }: AccountDialogProps) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const locale = userLocale();
  const [name, setName] = useState(account?.name ?? '');
  const [kind, setKind] = useState<AccountKind>(account?.kind ?? 'CHECKING');
  const [balanceText, setBalanceText] = useState(account ? formatAmountInput(account.openingBalance, locale) : '');
  const [openingDate, setOpeningDate] = useState(account?.openingDate ?? today);
  const [tried, setTried] = useState(false);
  // An empty field opens at zero; a credit card or loan usually opens below it.
  const balance = useMemo(
    () =>
      balanceText.trim() === ''
        ? ({ ok: true, amount: 0, cents: 0 } as const)
        : parseAmountInput(balanceText, { locale, currency, allowNegative: true, allowZero: true }),
    [balanceText, locale, currency],
  );

  const saved = (message: string) => {
    void utils.account.invalidate();
    void utils.transaction.invalidate();
    toast.success(message);
    onClose();
  };
  const create = trpc.account.create.useMutation({
    onSuccess: () => saved('Account added'),
    onError: (error) => toast.error(error),
  });
  const update = trpc.account.update.useMutation({
    onSuccess: () => saved('Account saved'),
    onError: (error) => toast.error(error),
  });

  const nameError = tried && name.trim() === '' ? 'Name is required' : undefined;
  const balanceError = tried && !balance.ok ? balance.message : undefined;
  const dateError = tried && openingDate === '' ? 'Opening date is required' : undefined;

  function submit() {
    setTried(true);
    if (name.trim() === '' || !balance.ok || openingDate === '') return;
    const values = { name: name.trim(), kind, openingBalance: balance.amount, openingDate };
    if (account) update.mutate({ id: account.id, ...values });
    else create.mutate(values);
  }

  return (
    <FormDialog
      open
      onClose={onClose}
      title={account ? `Edit ${account.name}` : 'Add an account'}
      submitLabel={account ? 'Save' : 'Add account'}
      pending={create.isPending || update.isPending}
      onSubmit={submit}
    >
      <div className="form-grid">
        <Field label="Name" error={nameError}>
          <input
            value={name}
            maxLength={ACCOUNT_NAME_MAX}
            autoComplete="off"
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field label="Type" hint="Credit cards and loans count as what you owe.">
          <select value={kind} onChange={(event) => setKind(event.target.value as AccountKind)}>
            {ACCOUNT_KINDS.map((value) => (
              <option key={value} value={value}>
                {ACCOUNT_KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={`Opening balance (${currency})`}
          error={balanceError}
          hint={
            !balanceError && balanceText && !balance.ok
              ? balance.message
              : 'What the account held on its opening date; negative for a debt.'
          }
        >
          <input
            inputMode="decimal"
            autoComplete="off"
            value={balanceText}
            placeholder={formatAmountInput(0, locale)}
            onChange={(event) => setBalanceText(event.target.value)}
          />
        </Field>
        <Field label="Opening date" error={dateError}>
          <input type="date" value={openingDate} onChange={(event) => setOpeningDate(event.target.value)} />
        </Field>
      </div>
    </FormDialog>
  );
}
