import {
  createTransactionSchema,
  formatAmountInput,
  type LedgerAccount,
  type PaymentMethod,
  parseAmountInput,
  RECURRING_INTERVALS,
  type RecurringInterval,
  SUPPORTED_DATE_RANGE,
  type Transaction,
  type TransactionType,
  type UpdateScope,
  updateTransactionSchema,
} from '@finailytics/shared';
import { useMemo, useState } from 'react';
import { FormDialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { formatMoney, userLocale } from '../../lib/format';
import { useZodForm } from '../../lib/forms';
import { trpc } from '../../lib/trpc';
import { type CategoryChoice, CategoryPicker } from '../categories/CategoryPicker';
import { DrawerReceipt } from '../receipts/DrawerReceipt';
import type { ReceiptScan } from '../receipts/receipt-draft';
import { useReceiptDraft } from '../receipts/use-receipt-draft';
import { RuleHint } from '../rules/RuleHint';
import { DrawerAccountField, drawerAccountChoices } from './DrawerAccountField';
import { EditScopeDialog, type SeriesPart } from './EditScopeDialog';
import { INTERVAL_LABELS } from './labels';
import { PaymentMethodOptions } from './PaymentMethodOptions';
import { RecurrenceBadge } from './RecurrenceBadge';
import { type FormValues, initialValues, toTransactionInput, toUpdateInput } from './transaction-form';
import { useLedgerChanged } from './use-ledger-changed';

interface DrawerProps {
  open: boolean;
  /** The transaction being edited; null to add one. */
  transaction: Transaction | null;
  timezone: string;
  /** The person's currency, for the preview of the typed amount. */
  currency: string;
  /** Decides the decimal separator of typed amounts; the browser's language when left out. */
  locale?: string;
  categories: readonly (CategoryChoice & { kind: TransactionType })[];
  /** The user's accounts in their order (account.list); a new transaction starts in the default one. */
  accounts?: readonly LedgerAccount[];
  /** The account a new transaction starts in instead of the default one (the list's account filter). */
  newAccountId?: string | undefined;
  /** A receipt scanned before the drawer opened: the new transaction starts from it. */
  scan?: ReceiptScan | null;
  onClose: () => void;
}

export function TransactionDrawer(props: DrawerProps) {
  // Remount per transaction so the form starts from its values.
  return (
    <TransactionForm
      key={`${props.open}-${props.transaction?.id ?? 'new'}-${props.scan?.receiptId ?? ''}`}
      {...props}
    />
  );
}

function TransactionForm({
  open,
  transaction,
  timezone,
  currency,
  locale: localeProp,
  categories,
  accounts = [],
  newAccountId,
  scan = null,
  onClose,
}: DrawerProps) {
  const locale = localeProp ?? userLocale();
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const receipt = useReceiptDraft({
    transaction,
    scan,
    locale,
    defaults: () => initialValues(transaction, timezone, locale),
  });
  const [values, setValues] = useState(receipt.initialValues);
  const amount = useMemo(
    () => parseAmountInput(values.amount, { locale, currency }),
    [values.amount, locale, currency],
  );
  // After a save attempt a refused amount shows as the field's error; while typing, as its hint.
  const [amountTried, setAmountTried] = useState(false);
  const createForm = useZodForm(createTransactionSchema);
  const updateForm = useZodForm(updateTransactionSchema);
  const form = transaction ? updateForm : createForm;
  const onSaved = (message: string) => {
    ledgerChanged();
    toast.success(message);
    onClose();
  };
  const create = trpc.transaction.create.useMutation({
    onSuccess: () => onSaved('Transaction added'),
    onError: (error) => form.showServerError(error),
  });
  const update = trpc.transaction.update.useMutation({
    onSuccess: () => onSaved('Transaction updated'),
    onError: (error) => {
      setAskingScope(false);
      form.showServerError(error);
    },
  });
  // An edit of a series asks which of its transactions change before anything is sent.
  const seriesPart: SeriesPart | null = transaction?.templateId
    ? 'occurrence'
    : transaction?.isRecurring
      ? 'template'
      : null;
  const [askingScope, setAskingScope] = useState(false);
  const saveUpdate = (scope: UpdateScope) => {
    if (!transaction) return;
    update.mutate({
      id: transaction.id,
      ...toUpdateInput(values, amount, seriesPart, transaction.accountId),
      ...receipt.updateInput(),
      scope,
    });
  };
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    form.clearField(field);
    receipt.checked(field);
    if (field === 'amount') setAmountTried(false);
  };
  const accountChoices = drawerAccountChoices(accounts, transaction);
  const startAccount =
    accounts.find((account) => account.id === newAccountId && !account.isArchived) ??
    accounts.find((account) => account.isDefault);
  const accountId = values.accountId || (startAccount?.id ?? '');
  const amountError = amountTried && !amount.ok ? amount.message : form.errors.amount;
  const amountHint =
    values.amount.trim() === '' || amountError ? undefined : amount.ok ? (
      <span data-testid="amount-preview">= {formatMoney(amount.amount, currency, { locale })}</span>
    ) : (
      amount.message
    );

  return (
    <>
      <FormDialog
        open={open}
        onClose={onClose}
        variant="drawer"
        title={transaction ? 'Edit transaction' : 'New transaction'}
        onSubmit={() => {
          const input = toTransactionInput(values, amount);
          setAmountTried(true);
          if (transaction) {
            const parsed = updateForm.validate({
              id: transaction.id,
              ...toUpdateInput(values, amount, seriesPart, transaction.accountId),
              ...receipt.updateInput(),
            });
            if (!parsed || !amount.ok) return;
            if (seriesPart) setAskingScope(true);
            else saveUpdate('this');
          } else {
            // A blank category is left to the rules (docs/rules.md): the first that matches, else Uncategorized.
            const fields = {
              ...input,
              category: input.category.trim() || undefined,
              accountId: accountId || undefined,
              ...receipt.createInput(),
            };
            const parsed = createForm.validate(fields);
            if (parsed && amount.ok) create.mutate(fields);
          }
        }}
        submitLabel="Save transaction"
        pending={create.isPending || update.isPending}
      >
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <DrawerReceipt
          receipt={receipt}
          title={values.title}
          editing={transaction !== null}
          onScanned={(next) => setValues(receipt.fill(next, values))}
        />
        <fieldset className="segmented" aria-label="Type" style={{ width: 'fit-content' }}>
          {(['EXPENSE', 'INCOME'] as const).map((type) => (
            <button key={type} type="button" aria-pressed={values.type === type} onClick={() => set('type', type)}>
              {type === 'INCOME' ? 'Income' : 'Expense'}
            </button>
          ))}
        </fieldset>
        <Field label="Title" error={form.errors.title} hint={receipt.hint('title')}>
          <input
            className="input"
            {...receipt.mark('title')}
            value={values.title}
            onChange={(event) => set('title', event.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the drawer is a modal <dialog>; its first field takes the focus it opens with.
            autoFocus
          />
        </Field>
        <div className="form-row">
          <Field label="Amount" error={amountError} hint={receipt.hint('amount', amountHint)}>
            <input
              className="input num"
              {...receipt.mark('amount')}
              inputMode="decimal"
              placeholder={formatAmountInput(0, locale)}
              value={values.amount}
              onChange={(event) => set('amount', event.target.value)}
            />
          </Field>
          <Field label="Date" error={form.errors.date} hint={receipt.hint('date')}>
            <input
              className="input"
              {...receipt.mark('date')}
              type="date"
              min={SUPPORTED_DATE_RANGE.min}
              max={SUPPORTED_DATE_RANGE.max}
              value={values.date}
              onChange={(event) => set('date', event.target.value)}
            />
          </Field>
        </div>
        <DrawerAccountField
          choices={accountChoices}
          value={accountId}
          error={form.errors.accountId}
          onChange={(id) => set('accountId', id)}
        />
        <div className="form-row">
          <div>
            <Field label="Category" error={form.errors.category} hint={receipt.hint('category')}>
              <CategoryPicker
                {...receipt.mark('category')}
                value={values.category}
                options={categories.filter((category) => category.kind === values.type)}
                onChange={(name) => set('category', name)}
              />
            </Field>
            {/* A saved transaction has its category; rules speak again once its title changes. */}
            {transaction === null || values.title !== transaction.title ? (
              <RuleHint
                title={values.title}
                description={values.description}
                amount={amount.ok ? amount.amount : null}
                type={values.type}
                category={values.category}
                onUse={(category) => set('category', category)}
              />
            ) : null}
          </div>
          <Field label="Payment method" error={form.errors.paymentMethod} hint={receipt.hint('paymentMethod')}>
            <select
              className="select"
              {...receipt.mark('paymentMethod')}
              value={values.paymentMethod}
              onChange={(event) => set('paymentMethod', event.target.value as PaymentMethod)}
            >
              <PaymentMethodOptions />
            </select>
          </Field>
        </div>
        <Field label="Description" error={form.errors.description}>
          <textarea
            className="input"
            rows={3}
            value={values.description}
            onChange={(event) => set('description', event.target.value)}
          />
        </Field>
        {seriesPart === 'occurrence' && transaction ? (
          // Its schedule is the series' own; an occurrence changes what it carries, not when it repeats.
          <p className="field-hint">
            <RecurrenceBadge transaction={transaction} /> Made by a recurring series; saving asks whether later ones
            change too.
          </p>
        ) : (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={values.isRecurring}
              onChange={(event) => set('isRecurring', event.target.checked)}
            />
            Repeats automatically
          </label>
        )}
        {values.isRecurring && seriesPart !== 'occurrence' ? (
          <div className="form-row">
            <Field label="Repeats" error={form.errors.recurringInterval}>
              <select
                className="select"
                value={values.recurringInterval}
                onChange={(event) => set('recurringInterval', event.target.value as RecurringInterval)}
              >
                {RECURRING_INTERVALS.map((interval) => (
                  <option key={interval} value={interval}>
                    {INTERVAL_LABELS[interval]}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Ends on (optional)" error={form.errors.recurringEndDate}>
              <input
                className="input"
                type="date"
                min={SUPPORTED_DATE_RANGE.min}
                max={SUPPORTED_DATE_RANGE.max}
                value={values.recurringEndDate}
                onChange={(event) => set('recurringEndDate', event.target.value)}
              />
            </Field>
          </div>
        ) : null}
      </FormDialog>
      {seriesPart ? (
        <EditScopeDialog
          open={askingScope}
          part={seriesPart}
          pending={update.isPending ? (update.variables?.scope ?? 'this') : null}
          onChoose={saveUpdate}
          onClose={() => setAskingScope(false)}
        />
      ) : null}
    </>
  );
}
