import {
  createTransactionSchema,
  PAYMENT_METHODS,
  type PaymentMethod,
  RECURRING_INTERVALS,
  type RecurringInterval,
  SUPPORTED_DATE_RANGE,
  type Transaction,
  type TransactionType,
  updateTransactionSchema,
} from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { todayIn } from '../../lib/format';
import { useZodForm } from '../../lib/forms';
import { trpc } from '../../lib/trpc';
import { INTERVAL_LABELS, PAYMENT_METHOD_LABELS } from './labels';

interface FormValues {
  type: TransactionType;
  title: string;
  amount: string;
  category: string;
  date: string;
  paymentMethod: PaymentMethod;
  description: string;
  isRecurring: boolean;
  recurringInterval: RecurringInterval;
  recurringEndDate: string;
}

function initialValues(transaction: Transaction | null, timezone: string): FormValues {
  return {
    type: transaction?.type ?? 'EXPENSE',
    title: transaction?.title ?? '',
    amount: transaction ? String(transaction.amount) : '',
    category: transaction?.category ?? '',
    date: transaction?.date ?? todayIn(timezone),
    paymentMethod: transaction?.paymentMethod ?? 'CARD',
    description: transaction?.description ?? '',
    isRecurring: transaction?.isRecurring ?? false,
    recurringInterval: transaction?.recurringInterval ?? 'MONTHLY',
    recurringEndDate: transaction?.recurringEndDate ?? '',
  };
}

/** The form's strings as the API's input: a number for the amount, null for blanks. */
export function toTransactionInput(values: FormValues) {
  const amount = values.amount.trim() === '' ? Number.NaN : Number(values.amount.replace(/,/g, ''));
  return {
    title: values.title,
    type: values.type,
    amount,
    category: values.category,
    date: values.date,
    paymentMethod: values.paymentMethod,
    description: values.description.trim() ? values.description : null,
    isRecurring: values.isRecurring,
    recurringInterval: values.isRecurring ? values.recurringInterval : null,
    recurringEndDate: values.isRecurring && values.recurringEndDate ? values.recurringEndDate : null,
  };
}

interface DrawerProps {
  open: boolean;
  /** The transaction being edited; null to add one. */
  transaction: Transaction | null;
  timezone: string;
  categories: string[];
  onClose: () => void;
}

export function TransactionDrawer(props: DrawerProps) {
  // Remount per transaction so the form starts from its values.
  return <TransactionForm key={`${props.open}-${props.transaction?.id ?? 'new'}`} {...props} />;
}

function TransactionForm({ open, transaction, timezone, categories, onClose }: DrawerProps) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [values, setValues] = useState(() => initialValues(transaction, timezone));
  const createForm = useZodForm(createTransactionSchema);
  const updateForm = useZodForm(updateTransactionSchema);
  const form = transaction ? updateForm : createForm;
  const onSaved = (message: string) => {
    void utils.transaction.invalidate();
    void utils.analytics.invalidate();
    toast.success(message);
    onClose();
  };
  const create = trpc.transaction.create.useMutation({
    onSuccess: () => onSaved('Transaction added'),
    onError: (error) => form.showServerError(error),
  });
  const update = trpc.transaction.update.useMutation({
    onSuccess: () => onSaved('Transaction updated'),
    onError: (error) => form.showServerError(error),
  });
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    form.clearField(field);
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      variant="drawer"
      title={transaction ? 'Edit transaction' : 'New transaction'}
      onSubmit={() => {
        const input = toTransactionInput(values);
        if (transaction) {
          const parsed = updateForm.validate({ id: transaction.id, ...input });
          if (parsed) update.mutate({ id: transaction.id, ...input });
        } else {
          const parsed = createForm.validate(input);
          if (parsed) create.mutate(input);
        }
      }}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={create.isPending || update.isPending}>
            Save transaction
          </Button>
        </>
      }
    >
      {form.formError ? <Alert>{form.formError}</Alert> : null}
      <fieldset className="segmented" aria-label="Type" style={{ width: 'fit-content' }}>
        {(['EXPENSE', 'INCOME'] as const).map((type) => (
          <button key={type} type="button" aria-pressed={values.type === type} onClick={() => set('type', type)}>
            {type === 'INCOME' ? 'Income' : 'Expense'}
          </button>
        ))}
      </fieldset>
      <Field label="Title" error={form.errors.title}>
        <input
          className="input"
          value={values.title}
          onChange={(event) => set('title', event.target.value)}
          autoFocus
        />
      </Field>
      <div className="form-row">
        <Field label="Amount" error={form.errors.amount}>
          <input
            className="input num"
            inputMode="decimal"
            placeholder="0.00"
            value={values.amount}
            onChange={(event) => set('amount', event.target.value)}
          />
        </Field>
        <Field label="Date" error={form.errors.date}>
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
      <div className="form-row">
        <Field label="Category" error={form.errors.category}>
          <input
            className="input"
            list="category-options"
            value={values.category}
            onChange={(event) => set('category', event.target.value)}
          />
        </Field>
        <Field label="Payment method" error={form.errors.paymentMethod}>
          <select
            className="select"
            value={values.paymentMethod}
            onChange={(event) => set('paymentMethod', event.target.value as PaymentMethod)}
          >
            {PAYMENT_METHODS.map((method) => (
              <option key={method} value={method}>
                {PAYMENT_METHOD_LABELS[method]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <datalist id="category-options">
        {categories.map((category) => (
          <option key={category} value={category} />
        ))}
      </datalist>
      <Field label="Description" error={form.errors.description}>
        <textarea
          className="input"
          rows={3}
          value={values.description}
          onChange={(event) => set('description', event.target.value)}
        />
      </Field>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={values.isRecurring}
          onChange={(event) => set('isRecurring', event.target.checked)}
        />
        Repeats automatically
      </label>
      {values.isRecurring ? (
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
    </Dialog>
  );
}
