import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type CreateAccountInput,
  createAccountSchema,
  fromCents,
  type LedgerAccount,
  LIABILITY_ACCOUNT_KINDS,
  MAX_ACCOUNTS_PER_USER,
  NET_WORTH_MAX_POINTS,
  type NetWorthPoint,
  toCents,
  type UpdateAccountInput,
  type User,
} from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { AppDeps } from '../../deps';
import { addDays, calendarDateIn, daysBetween } from '../../lib/calendar';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors';
import {
  type AccountChanges,
  type AccountWithTotals,
  countAccounts,
  deleteEmptyAccount,
  ensureDefaultAccount,
  findAccount,
  insertAccount,
  listAccountIds,
  listAccountsWithTotals,
  MOVE_BATCH_SIZE,
  moveDefaultFlag,
  moveTransactionBatch,
  netWorthMovements,
  updateAccountRow,
  writePositions,
} from './account.repository';

type AccountDeps = Pick<AppDeps, 'db' | 'clock'>;

export const ACCOUNT_MESSAGES = {
  notFound: 'Account not found',
  nameTaken: (name: string) => `You already have an account named "${name}"`,
  tooMany: `You can have at most ${MAX_ACCOUNTS_PER_USER} accounts; delete or merge one first`,
  defaultNotArchivable: 'Make another account the default before archiving this one',
  archivedNotDefault: 'An archived account cannot be the default; unarchive it first',
  defaultNotDeletable: 'The default account cannot be deleted; make another account the default first',
  notEmpty: (count: number) =>
    `This account holds ${count} transaction${count === 1 ? '' : 's'}; choose an account to move them to`,
  moveToSelf: 'Choose a different account to move the transactions to',
  reorderMismatch: 'The new order must list each of your accounts exactly once',
  defaultChanging: 'The default account was being changed at the same time; try again',
} as const;

function toLedgerAccount(row: AccountWithTotals): LedgerAccount {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    currency: row.currency,
    openingBalance: fromCents(row.openingBalanceCents),
    openingDate: row.openingDate,
    balance: fromCents(row.openingBalanceCents + row.transactionsNetCents),
    transactionCount: row.transactionCount,
    isArchived: row.isArchived,
    isDefault: row.isDefault,
    position: row.position,
  };
}

async function requireAccount(db: Db, userId: string, id: string): Promise<AccountWithTotals> {
  const account = await findAccount(db, userId, id);
  if (!account) throw notFound('Account');
  return account;
}

function nameTaken(error: unknown, name: string): never {
  if (isUniqueViolation(error)) throw new AppError('CONFLICT', ACCOUNT_MESSAGES.nameTaken(name.trim()));
  throw error;
}

/** Every account of the user, in their order, with balances; a user without accounts gets the default one. */
export async function listAccounts(deps: AccountDeps, userId: string): Promise<LedgerAccount[]> {
  let rows = await listAccountsWithTotals(deps.db, userId);
  if (!rows.some((row) => row.isDefault)) {
    await ensureDefaultAccount(deps.db, userId);
    rows = await listAccountsWithTotals(deps.db, userId);
  }
  return rows.map(toLedgerAccount);
}

export async function createAccount(deps: AccountDeps, user: User, input: CreateAccountInput): Promise<LedgerAccount> {
  const data = createAccountSchema.parse(input);
  const now = deps.clock.now();
  const defaultId = await ensureDefaultAccount(deps.db, user.id);
  const id = await deps.db
    .transaction(async (tx) => {
      // Creations by one user take turns on their default account's row, so two at once cannot pass the limit.
      await tx.execute(sql`select id from accounts where id = ${defaultId} for update`);
      const { total, lastPosition } = await countAccounts(tx, user.id);
      if (total >= MAX_ACCOUNTS_PER_USER) throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.tooMany);
      return insertAccount(tx, {
        userId: user.id,
        name: data.name,
        kind: data.kind,
        currency: user.currency,
        openingBalanceCents: toCents(data.openingBalance),
        openingDate: data.openingDate ?? calendarDateIn(user.timezone, now),
        position: lastPosition + 1,
        now,
      });
    })
    .catch((error: unknown) => nameTaken(error, data.name));
  return toLedgerAccount(await requireAccount(deps.db, user.id, id));
}

export async function updateAccount(
  deps: AccountDeps,
  userId: string,
  input: UpdateAccountInput,
): Promise<LedgerAccount> {
  const changes: AccountChanges = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.kind !== undefined) changes.kind = input.kind;
  if (input.openingBalance !== undefined) changes.openingBalanceCents = toCents(input.openingBalance);
  if (input.openingDate !== undefined) changes.openingDate = input.openingDate;
  const updated = await updateAccountRow(deps.db, userId, input.id, changes, deps.clock.now()).catch((error: unknown) =>
    nameTaken(error, input.name ?? ''),
  );
  if (!updated) throw notFound('Account');
  return toLedgerAccount(await requireAccount(deps.db, userId, input.id));
}

/** Archived accounts keep their transactions and count in net worth; pickers stop offering them. */
export async function archiveAccount(
  deps: AccountDeps,
  userId: string,
  input: { id: string; archived: boolean },
): Promise<LedgerAccount> {
  const account = await requireAccount(deps.db, userId, input.id);
  // New transactions without an account go to the default; it must stay one the person sees.
  if (input.archived && account.isDefault) throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.defaultNotArchivable);
  await updateAccountRow(deps.db, userId, input.id, { isArchived: input.archived }, deps.clock.now());
  return toLedgerAccount(await requireAccount(deps.db, userId, input.id));
}

export async function setDefaultAccount(deps: AccountDeps, userId: string, id: string): Promise<LedgerAccount> {
  const account = await requireAccount(deps.db, userId, id);
  if (account.isArchived) throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.archivedNotDefault);
  const now = deps.clock.now();
  await deps.db
    .transaction((tx) => moveDefaultFlag(tx, userId, id, now))
    .catch((error: unknown) => {
      // Two changes of default at once: the partial unique index lets one win.
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', ACCOUNT_MESSAGES.defaultChanging);
      throw error;
    });
  return toLedgerAccount(await requireAccount(deps.db, userId, id));
}

export async function reorderAccounts(
  deps: AccountDeps,
  userId: string,
  ids: readonly string[],
): Promise<LedgerAccount[]> {
  const owned = new Set(await listAccountIds(deps.db, userId));
  if (ids.length !== owned.size || ids.some((id) => !owned.has(id))) {
    throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.reorderMismatch);
  }
  await writePositions(deps.db, userId, ids, deps.clock.now());
  return listAccounts(deps, userId);
}

/**
 * Deletes an account. One that holds transactions needs `moveTo`: they move there first, in batches
 * of MOVE_BATCH_SIZE with a yield between, each batch its own database transaction (an interrupted
 * move leaves every transaction in one account or the other, and running the delete again finishes
 * it). A transfer between the two accounts is deleted, both legs, rather than moved: it would become
 * a transfer from `moveTo` to itself, and its legs net to zero, so `moveTo` ends with its balance plus
 * the deleted account's transactions, as if the transfer had never been made.
 */
export async function deleteAccount(
  deps: AccountDeps,
  userId: string,
  input: { id: string; moveTo?: string | undefined },
): Promise<{ moved: number; transfersRemoved: number }> {
  const account = await requireAccount(deps.db, userId, input.id);
  if (account.isDefault) throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.defaultNotDeletable);
  let moved = 0;
  let transfersRemoved = 0;
  if (input.moveTo !== undefined) {
    const moveTo = input.moveTo;
    if (moveTo === input.id) throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.moveToSelf);
    await requireAccount(deps.db, userId, moveTo);
    // Bounded: each pass takes a full batch or ends the loop; rows written meanwhile get a few more passes.
    const maxPasses = Math.ceil(account.transactionCount / MOVE_BATCH_SIZE) + 10;
    for (let pass = 0; pass < maxPasses; pass++) {
      const step = await deps.db.transaction((tx) => moveTransactionBatch(tx, userId, input.id, moveTo));
      moved += step.moved;
      transfersRemoved += step.transfersRemoved;
      if (step.taken < MOVE_BATCH_SIZE) break;
      await yieldToEventLoop();
    }
  } else if (account.transactionCount > 0) {
    throw new AppError('CONFLICT', ACCOUNT_MESSAGES.notEmpty(account.transactionCount));
  }
  if (!(await deleteEmptyAccount(deps.db, userId, input.id))) {
    const now = await findAccount(deps.db, userId, input.id);
    if (!now) throw notFound('Account');
    if (now.isDefault) throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.defaultNotDeletable);
    throw new AppError('CONFLICT', ACCOUNT_MESSAGES.notEmpty(now.transactionCount));
  }
  return { moved, transfersRemoved };
}

/**
 * Assets, liabilities and net worth at the end of each bucket from `from` to `to`: at most
 * NET_WORTH_MAX_POINTS points, the bucket width the smallest whole number of days that fits. An
 * account's opening balance counts from its opening date; liabilities are what the liability
 * accounts owe: minus their balance, so a card £300 in debt counts 300.
 */
export async function netWorth(
  deps: AccountDeps,
  userId: string,
  range: { from: string; to: string },
): Promise<NetWorthPoint[]> {
  const days = daysBetween(range.from, range.to) + 1;
  const stepDays = Math.ceil(days / NET_WORTH_MAX_POINTS);
  const buckets = Math.ceil(days / stepDays);
  const rows = await netWorthMovements(deps.db, userId, range.from, range.to, stepDays, LIABILITY_ACCOUNT_KINDS);
  let assetsCents = 0;
  let liabilityBalanceCents = 0;
  const byBucket = new Map<number, { assets: number; liabilities: number }>();
  for (const row of rows) {
    const entry = byBucket.get(row.bucket) ?? { assets: 0, liabilities: 0 };
    if (row.isLiability) entry.liabilities += row.netCents;
    else entry.assets += row.netCents;
    byBucket.set(row.bucket, entry);
  }
  const points: NetWorthPoint[] = [];
  for (let bucket = -1; bucket < buckets; bucket++) {
    const entry = byBucket.get(bucket);
    assetsCents += entry?.assets ?? 0;
    liabilityBalanceCents += entry?.liabilities ?? 0;
    if (bucket < 0) continue;
    const end = addDays(range.from, Math.min((bucket + 1) * stepDays - 1, days - 1));
    points.push({
      date: end,
      assets: fromCents(assetsCents),
      // Written as a subtraction from zero so that nothing owed reads 0, not -0.
      liabilities: fromCents(0 - liabilityBalanceCents),
      netWorth: fromCents(assetsCents + liabilityBalanceCents),
    });
  }
  return points;
}
