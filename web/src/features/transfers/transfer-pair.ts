import { TRANSFER_MESSAGES, type Transaction, toCents } from '@finailytics/shared';

/** What a selection of rows needs to become one transfer, or why it cannot. */
export type TransferPair = { ok: true; expenseId: string; incomeId: string } | { ok: false; reason: string };

export type TransferCandidate = Pick<
  Transaction,
  'id' | 'type' | 'amount' | 'accountId' | 'transferId' | 'isRecurring'
>;

export const TRANSFER_PAIR_REASONS = {
  count: 'Select exactly two transactions, an expense and an income, to make them one transfer',
  types: 'Select one expense and one income to make them one transfer',
} as const;

/**
 * Whether the selected rows are the two sides of one movement, by the rules transaction.convertToTransfer
 * applies (so the button never offers what the server would refuse): exactly one expense and one income,
 * neither in a transfer already nor a recurring template, of the same amount, in different accounts.
 */
export function transferPairOf(selected: readonly TransferCandidate[]): TransferPair {
  if (selected.length !== 2) return { ok: false, reason: TRANSFER_PAIR_REASONS.count };
  const expense = selected.find((row) => row.type === 'EXPENSE');
  const income = selected.find((row) => row.type === 'INCOME');
  if (!expense || !income) return { ok: false, reason: TRANSFER_PAIR_REASONS.types };
  if (expense.transferId !== null || income.transferId !== null) {
    return { ok: false, reason: TRANSFER_MESSAGES.convertAlready };
  }
  if (expense.isRecurring || income.isRecurring) return { ok: false, reason: TRANSFER_MESSAGES.convertRecurring };
  if (toCents(expense.amount) !== toCents(income.amount))
    return { ok: false, reason: TRANSFER_MESSAGES.convertAmounts };
  if (expense.accountId === income.accountId) return { ok: false, reason: TRANSFER_MESSAGES.convertAccounts };
  return { ok: true, expenseId: expense.id, incomeId: income.id };
}
