import {
  type AmountInputResult,
  formatAmountInput,
  type PaymentMethod,
  type RecurringInterval,
  type Transaction,
  type TransactionType,
} from '@finailytics/shared';
import { todayIn } from '../../lib/format';

/** The drawer's fields as typed: strings until saving turns them into the API's input. */
export interface FormValues {
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
  /** '' until chosen for a new transaction: the user's default account (preselected in the drawer). */
  accountId: string;
}

export function initialValues(transaction: Transaction | null, timezone: string, locale: string): FormValues {
  return {
    type: transaction?.type ?? 'EXPENSE',
    title: transaction?.title ?? '',
    amount: transaction ? formatAmountInput(transaction.amount, locale) : '',
    category: transaction?.category ?? '',
    date: transaction?.date ?? todayIn(timezone),
    paymentMethod: transaction?.paymentMethod ?? 'CARD',
    description: transaction?.description ?? '',
    isRecurring: transaction?.isRecurring ?? false,
    recurringInterval: transaction?.recurringInterval ?? 'MONTHLY',
    recurringEndDate: transaction?.recurringEndDate ?? '',
    accountId: transaction?.accountId ?? '',
  };
}

/**
 * The form's strings as the API's input: the amount exactly as the parser read it (and previewed it),
 * null for blanks. An amount the parser refused goes on as NaN, which the schema never lets through.
 */
export function toTransactionInput(values: FormValues, amount: AmountInputResult) {
  return {
    title: values.title,
    type: values.type,
    amount: amount.ok ? amount.amount : Number.NaN,
    category: values.category,
    date: values.date,
    paymentMethod: values.paymentMethod,
    description: values.description.trim() ? values.description : null,
    isRecurring: values.isRecurring,
    recurringInterval: values.isRecurring ? values.recurringInterval : null,
    recurringEndDate: values.isRecurring && values.recurringEndDate ? values.recurringEndDate : null,
  };
}

/**
 * An edit's input. An occurrence's schedule belongs to its series, so its form sends none: the
 * server keeps the series' interval and end date, also when the edit splits the series. The account
 * goes only when it changes, so keeping a row in an account since archived is no move into one.
 */
export function toUpdateInput(
  values: FormValues,
  amount: AmountInputResult,
  part: 'template' | 'occurrence' | null,
  savedAccountId: string,
) {
  const moved = values.accountId !== '' && values.accountId !== savedAccountId;
  const input = { ...toTransactionInput(values, amount), ...(moved ? { accountId: values.accountId } : {}) };
  if (part !== 'occurrence') return input;
  const { isRecurring: _isRecurring, recurringInterval: _interval, recurringEndDate: _endDate, ...fields } = input;
  return fields;
}
