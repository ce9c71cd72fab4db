import {
  type ConvertToTransferInput,
  type CreateTransferData,
  TRANSACTION_LIMITS,
  TRANSFER_CATEGORY,
  TRANSFER_MESSAGES,
  type Transfer,
  toCents,
  type UpdateTransferData,
} from '@finailytics/shared';
import type { Db } from '../../db/client';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { toTransaction, truncateCharacters } from './transaction.mapper';
import { findOwnAccount, findUserTransaction, insertTransaction, type NewTransaction } from './transaction.repository';
import { requireWritableAccount } from './transaction.service';
import { findLegsOfTransfers, findTransferLegs, insertTransfer, setTransferId, updateLeg } from './transfer.repository';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * The legs' titles name the other account, as a bank statement would. Titles are fixed by the
 * transfer (the note goes to the description); renaming an account later leaves old titles as they were.
 */
const legTitle = (direction: 'to' | 'from', accountName: string) =>
  truncateCharacters(`Transfer ${direction} ${accountName}`, TRANSACTION_LIMITS.titleMax);

/** The fields both legs share; the category is TRANSFER_CATEGORY and never a managed category. */
function legValues(ownerId: string, amountCents: number, date: string, note: string | null) {
  return {
    userId: ownerId,
    description: note,
    amountCents,
    category: TRANSFER_CATEGORY,
    date,
    paymentMethod: 'BANK_TRANSFER' as const,
    isRecurring: false,
    recurringInterval: null,
    nextRecurringDate: null,
    recurringEndDate: null,
  };
}

/**
 * Moves money between two of the caller's accounts: one `transfers` row and two legs, an EXPENSE in
 * the account it leaves and an INCOME in the one it reaches, written in one database transaction.
 * Both accounts must be the caller's and not archived (NOT_FOUND otherwise).
 */
export async function createTransfer(deps: Deps, ownerId: string, input: CreateTransferData): Promise<Transfer> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const from = await requireWritableAccount(tx, ownerId, input.fromAccountId);
    const to = await requireWritableAccount(tx, ownerId, input.toAccountId);
    const transferId = await insertTransfer(tx, ownerId, now);
    const shared = legValues(ownerId, toCents(input.amount), input.date, input.note ?? null);
    const out: NewTransaction = {
      ...shared,
      accountId: from.id,
      transferId,
      type: 'EXPENSE',
      title: legTitle('to', to.name),
    };
    const back: NewTransaction = {
      ...shared,
      accountId: to.id,
      transferId,
      type: 'INCOME',
      title: legTitle('from', from.name),
    };
    const fromLeg = await insertTransaction(tx, out, now);
    const toLeg = await insertTransaction(tx, back, now);
    return { id: transferId, from: toTransaction(fromLeg), to: toTransaction(toLeg) };
  });
}

/**
 * The caller's transfers among `ids`, each with both legs, in the order asked; ids that are not the
 * caller's transfers are left out rather than refused, since a list may hold a leg deleted since.
 */
export async function listTransfers(deps: Pick<AppDeps, 'db'>, ownerId: string, ids: string[]): Promise<Transfer[]> {
  const unique = [...new Set(ids)];
  const legs = await findLegsOfTransfers(deps.db, ownerId, unique);
  const legOf = (id: string, type: 'EXPENSE' | 'INCOME') =>
    legs.find((leg) => leg.transferId === id && leg.type === type);
  return unique.flatMap((id) => {
    const from = legOf(id, 'EXPENSE');
    const to = legOf(id, 'INCOME');
    return from && to ? [{ id, from: toTransaction(from), to: toTransaction(to) }] : [];
  });
}

/** Both legs of the caller's transfer, locked for this database transaction; NOT_FOUND when it is not theirs. */
async function lockTransfer(tx: Db, ownerId: string, transferId: string) {
  const legs = await findTransferLegs(tx, ownerId, transferId);
  const from = legs.find((leg) => leg.type === 'EXPENSE');
  const to = legs.find((leg) => leg.type === 'INCOME');
  if (legs.length !== 2 || !from || !to) throw new AppError('NOT_FOUND', TRANSFER_MESSAGES.notFound);
  return { from, to };
}

/**
 * Edits a transfer as one: the amount and date of both legs, either account (both still the caller's,
 * different, and a new one not archived), and the note. Titles follow the accounts.
 */
export async function updateTransfer(deps: Deps, ownerId: string, input: UpdateTransferData): Promise<Transfer> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const legs = await lockTransfer(tx, ownerId, input.transferId);
    const fromId = input.fromAccountId ?? legs.from.accountId;
    const toId = input.toAccountId ?? legs.to.accountId;
    if (fromId === toId) throw new AppError('BAD_REQUEST', TRANSFER_MESSAGES.sameAccount);
    const from =
      fromId === legs.from.accountId
        ? await requireOwnAccount(tx, ownerId, fromId)
        : await requireWritableAccount(tx, ownerId, fromId);
    const to =
      toId === legs.to.accountId
        ? await requireOwnAccount(tx, ownerId, toId)
        : await requireWritableAccount(tx, ownerId, toId);
    const common = {
      ...(input.amount !== undefined ? { amountCents: toCents(input.amount) } : {}),
      ...(input.date !== undefined ? { date: input.date } : {}),
      ...(input.note !== undefined ? { description: input.note } : {}),
    };
    const fromLeg = await updateLeg(
      tx,
      ownerId,
      legs.from.id,
      { ...common, accountId: from.id, title: legTitle('to', to.name) },
      now,
    );
    const toLeg = await updateLeg(
      tx,
      ownerId,
      legs.to.id,
      { ...common, accountId: to.id, title: legTitle('from', from.name) },
      now,
    );
    return { id: input.transferId, from: toTransaction(fromLeg), to: toTransaction(toLeg) };
  });
}

/** An account the row is already in: the caller's, archived or not (an archived account keeps its history). */
async function requireOwnAccount(tx: Db, ownerId: string, accountId: string) {
  const account = await findOwnAccount(tx, ownerId, accountId);
  if (!account) throw new AppError('NOT_FOUND', 'Account not found');
  return account;
}

/**
 * Turns an expense and an income the caller already has (the two sides of one movement, say both
 * imported from statements) into one transfer: same amount, different accounts, neither a transfer
 * already nor a recurring template. They keep their titles, dates and categories; setting their
 * transfer id takes them out of the daily totals (the trigger), so out of income and expenses.
 */
export async function convertToTransfer(deps: Deps, ownerId: string, input: ConvertToTransferInput): Promise<Transfer> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const expense = await findUserTransaction(tx, ownerId, input.expenseId, { forUpdate: true });
    const income = await findUserTransaction(tx, ownerId, input.incomeId, { forUpdate: true });
    if (!expense || !income || expense.type !== 'EXPENSE' || income.type !== 'INCOME') {
      throw new AppError('NOT_FOUND', 'Transaction not found');
    }
    if (expense.transferId !== null || income.transferId !== null) {
      throw new AppError('CONFLICT', TRANSFER_MESSAGES.convertAlready);
    }
    if (expense.isRecurring || income.isRecurring)
      throw new AppError('BAD_REQUEST', TRANSFER_MESSAGES.convertRecurring);
    if (expense.amountCents !== income.amountCents) throw new AppError('BAD_REQUEST', TRANSFER_MESSAGES.convertAmounts);
    if (expense.accountId === income.accountId) throw new AppError('BAD_REQUEST', TRANSFER_MESSAGES.convertAccounts);
    const transferId = await insertTransfer(tx, ownerId, now);
    const fromLeg = await setTransferId(tx, ownerId, expense.id, transferId, now);
    const toLeg = await setTransferId(tx, ownerId, income.id, transferId, now);
    return { id: transferId, from: toTransaction(fromLeg), to: toTransaction(toLeg) };
  });
}
