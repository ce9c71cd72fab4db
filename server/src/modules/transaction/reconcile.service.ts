import {
  fromCents,
  type ReconcileStatus,
  type ReconcileStatusInput,
  reconcileStatusSchema,
  toCents,
} from '@finailytics/shared';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, transactions } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Ticks the caller's transactions among `ids` (at most SET_CLEARED_MAX) off against a statement, or
 * unticks them. A row already cleared keeps the time it was first cleared. All or nothing: if any id
 * is not the caller's, nothing changes and the answer is NOT_FOUND.
 */
export async function setCleared(
  deps: Deps,
  ownerId: string,
  input: { ids: string[]; cleared: boolean },
): Promise<{ updatedCount: number }> {
  const ids = [...new Set(input.ids)];
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const owned = await tx
      .select({ id: transactions.id })
      .from(transactions)
      .where(and(eq(transactions.userId, ownerId), inArray(transactions.id, ids)))
      .for('update');
    if (owned.length !== ids.length) {
      throw new AppError('NOT_FOUND', `${ids.length - owned.length} of the selected transactions were not found`);
    }
    const changed = await tx
      .update(transactions)
      .set({ clearedAt: input.cleared ? now : null, updatedAt: now })
      .where(
        and(
          eq(transactions.userId, ownerId),
          inArray(transactions.id, ids),
          input.cleared ? isNull(transactions.clearedAt) : isNotNull(transactions.clearedAt),
        ),
      )
      .returning({ id: transactions.id });
    return { updatedCount: changed.length };
  });
}

async function clearedSums(db: Db, ownerId: string, accountId: string) {
  const [row] = await db
    .select({
      clearedNetCents:
        sql<number>`coalesce(sum(case when ${transactions.type} = 'INCOME' then ${transactions.amountCents} else -${transactions.amountCents} end) filter (where ${transactions.clearedAt} is not null), 0)`.mapWith(
          Number,
        ),
      clearedCount: sql<number>`count(*) filter (where ${transactions.clearedAt} is not null)`.mapWith(Number),
      unclearedCount: sql<number>`count(*) filter (where ${transactions.clearedAt} is null)`.mapWith(Number),
    })
    .from(transactions)
    .where(and(eq(transactions.userId, ownerId), eq(transactions.accountId, accountId)));
  return row ?? { clearedNetCents: 0, clearedCount: 0, unclearedCount: 0 };
}

/**
 * How far an account is from its bank statement: the opening balance plus the cleared transactions,
 * against the statement's closing balance. One aggregate over the account's rows (the
 * (user, account, date) index); NOT_FOUND for an account that is not the caller's.
 */
export async function reconcileStatus(
  deps: Deps,
  ownerId: string,
  input: ReconcileStatusInput,
): Promise<ReconcileStatus> {
  const data = reconcileStatusSchema.parse(input);
  const [account] = await deps.db
    .select({ id: accounts.id, openingBalanceCents: accounts.openingBalanceCents })
    .from(accounts)
    .where(and(eq(accounts.userId, ownerId), eq(accounts.id, data.accountId)));
  if (!account) throw new AppError('NOT_FOUND', 'Account not found');
  const sums = await clearedSums(deps.db, ownerId, account.id);
  const statementCents = toCents(data.statementBalance);
  const clearedCents = account.openingBalanceCents + sums.clearedNetCents;
  return {
    accountId: account.id,
    statementBalance: fromCents(statementCents),
    clearedBalance: fromCents(clearedCents),
    difference: fromCents(statementCents - clearedCents),
    clearedCount: sums.clearedCount,
    unclearedCount: sums.unclearedCount,
  };
}
