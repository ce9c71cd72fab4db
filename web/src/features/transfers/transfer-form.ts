import {
  type AmountInputResult,
  formatAmountInput,
  type LedgerAccount,
  type Transfer,
  toCents,
} from '@finailytics/shared';

/** The dialog's fields as typed: strings until saving turns them into the API's input. */
export interface TransferValues {
  fromAccountId: string;
  toAccountId: string;
  amount: string;
  date: string;
  note: string;
}

export type TransferAccount = Pick<LedgerAccount, 'id' | 'name' | 'isArchived' | 'isDefault'>;

/** Accounts money can move between: open ones, and the one a saved leg is already in (it may stay there). */
export function accountChoices(
  accounts: readonly TransferAccount[],
  keep: string | undefined,
  leaveOut?: string,
): TransferAccount[] {
  return accounts.filter((account) => account.id !== leaveOut && (!account.isArchived || account.id === keep));
}

/**
 * A saved transfer's values, or a new one's: from the account asked for (a register's), else the
 * default account, else the first open one; to the only other open account when there is just one.
 */
export function initialTransferValues(
  transfer: Transfer | null,
  accounts: readonly TransferAccount[],
  options: { fromAccountId?: string | undefined; today: string; locale: string },
): TransferValues {
  if (transfer) {
    return {
      fromAccountId: transfer.from.accountId,
      toAccountId: transfer.to.accountId,
      amount: formatAmountInput(transfer.from.amount, options.locale),
      date: transfer.from.date,
      note: transfer.from.description ?? '',
    };
  }
  const open = accounts.filter((account) => !account.isArchived);
  const from =
    open.find((account) => account.id === options.fromAccountId) ??
    open.find((account) => account.isDefault) ??
    open[0];
  const others = open.filter((account) => account.id !== from?.id);
  return {
    fromAccountId: from?.id ?? '',
    toAccountId: others.length === 1 ? (others[0]?.id ?? '') : '',
    amount: '',
    date: options.today,
    note: '',
  };
}

/** A new transfer's input; an amount the parser refused goes on as NaN, which the schema never lets through. */
export function toCreateTransferInput(values: TransferValues, amount: AmountInputResult) {
  return {
    fromAccountId: values.fromAccountId,
    toAccountId: values.toAccountId,
    amount: amount.ok ? amount.amount : Number.NaN,
    date: values.date,
    note: values.note.trim() ? values.note : null,
  };
}

/**
 * Only what changed: a converted pair keeps its two dates (and each leg its account) unless the
 * person changes them here.
 */
export function toUpdateTransferInput(transfer: Transfer, values: TransferValues, amount: AmountInputResult) {
  const input = toCreateTransferInput(values, amount);
  return {
    transferId: transfer.id,
    ...(input.fromAccountId !== transfer.from.accountId ? { fromAccountId: input.fromAccountId } : {}),
    ...(input.toAccountId !== transfer.to.accountId ? { toAccountId: input.toAccountId } : {}),
    ...(!amount.ok || amount.cents !== toCents(transfer.from.amount) ? { amount: input.amount } : {}),
    ...(input.date !== transfer.from.date ? { date: input.date } : {}),
    ...((input.note?.trim() ?? null) !== transfer.from.description ? { note: input.note } : {}),
  };
}
