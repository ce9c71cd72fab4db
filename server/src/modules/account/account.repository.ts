import type { AccountKind } from '@finailytics/shared';
import { and, asc, count, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accountBalances, accountDailyTotals, accounts, transactions, transfers } from '../../db/schema';

export const accountColumns = {
  id: accounts.id,
  name: accounts.name,
  kind: accounts.kind,
  currency: accounts.currency,
  openingBalanceCents: accounts.openingBalanceCents,
  openingDate: accounts.openingDate,
  isArchived: accounts.isArchived,
  isDefault: accounts.isDefault,
  position: accounts.position,
};

export type AccountRow = {
  [K in keyof typeof accountColumns]: (typeof accountColumns)[K]['_']['data'];
};

export interface AccountWithTotals extends AccountRow {
  /** Sum of the account's transactions (INCOME adds, EXPENSE subtracts), from the rollup. */
  transactionsNetCents: number;
  transactionCount: number;
}

/** Transactions moved per statement when an account is emptied into another. */
export const MOVE_BATCH_SIZE = 500;

/**
 * The user's accounts in their order, each with its rollup row: one index scan over at most
 * MAX_ACCOUNTS_PER_USER rows, whatever the number of transactions.
 */
export async function listAccountsWithTotals(db: Db, userId: string): Promise<AccountWithTotals[]> {
  return db
    .select({
      ...accountColumns,
      transactionsNetCents: sql<number>`coalesce(${accountBalances.balanceCents}, 0)`.mapWith(Number),
      transactionCount: sql<number>`coalesce(${accountBalances.transactionCount}, 0)`.mapWith(Number),
    })
    .from(accounts)
    .leftJoin(accountBalances, eq(accountBalances.accountId, accounts.id))
    .where(eq(accounts.userId, userId))
    .orderBy(asc(accounts.position), asc(accounts.name), asc(accounts.id));
}

export async function findAccount(db: Db, userId: string, id: string): Promise<AccountWithTotals | undefined> {
  const [row] = await db
    .select({
      ...accountColumns,
      transactionsNetCents: sql<number>`coalesce(${accountBalances.balanceCents}, 0)`.mapWith(Number),
      transactionCount: sql<number>`coalesce(${accountBalances.transactionCount}, 0)`.mapWith(Number),
    })
    .from(accounts)
    .leftJoin(accountBalances, eq(accountBalances.accountId, accounts.id))
    .where(and(eq(accounts.userId, userId), eq(accounts.id, id)));
  return row;
}

/** The user's default account, created (by the database function the insert trigger uses) if they have none. */
export async function ensureDefaultAccount(db: Db, userId: string): Promise<string> {
  const result = await db.execute(sql`select default_account_id(${userId})::text as id`);
  const [row] = (result as unknown as { rows: { id: string | null }[] }).rows;
  if (!row?.id) throw new Error('The default account could not be made');
  return row.id;
}

export async function countAccounts(db: Db, userId: string): Promise<{ total: number; lastPosition: number }> {
  const [row] = await db
    .select({ total: count(), lastPosition: max(accounts.position) })
    .from(accounts)
    .where(eq(accounts.userId, userId));
  return { total: row?.total ?? 0, lastPosition: row?.lastPosition ?? 0 };
}

export interface NewAccount {
  userId: string;
  name: string;
  kind: AccountKind;
  currency: string;
  openingBalanceCents: number;
  openingDate: string;
  position: number;
  now: Date;
}

export async function insertAccount(db: Db, values: NewAccount): Promise<string> {
  const { now, ...row } = values;
  const [created] = await db
    .insert(accounts)
    .values({ ...row, createdAt: now, updatedAt: now })
    .returning({ id: accounts.id });
  if (!created) throw new Error('The account insert returned no row');
  return created.id;
}

export type AccountChanges = Partial<{
  name: string;
  kind: AccountKind;
  openingBalanceCents: number;
  openingDate: string;
  isArchived: boolean;
}>;

export async function updateAccountRow(
  db: Db,
  userId: string,
  id: string,
  changes: AccountChanges,
  now: Date,
): Promise<boolean> {
  const updated = await db
    .update(accounts)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(accounts.userId, userId), eq(accounts.id, id)))
    .returning({ id: accounts.id });
  return updated.length === 1;
}

/** Makes `id` the default; the caller runs it in a database transaction so no moment has two or none. */
export async function moveDefaultFlag(db: Db, userId: string, id: string, now: Date): Promise<void> {
  await db
    .update(accounts)
    .set({ isDefault: false, updatedAt: now })
    .where(and(eq(accounts.userId, userId), eq(accounts.isDefault, true)));
  await db
    .update(accounts)
    .set({ isDefault: true, updatedAt: now })
    .where(and(eq(accounts.userId, userId), eq(accounts.id, id)));
}

/** Positions follow the order of `ids`; ids that are not the user's are ignored. */
export async function writePositions(db: Db, userId: string, ids: readonly string[], now: Date): Promise<void> {
  const ordered = sql.join(
    ids.map((id, index) => sql`(${id}::uuid, ${index}::integer)`),
    sql`, `,
  );
  await db.execute(sql`
    update ${accounts} as a
    set position = ordered.position, updated_at = ${now}
    from (values ${ordered}) as ordered(id, position)
    where a.id = ordered.id and a.user_id = ${userId}`);
}

export async function listAccountIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.userId, userId));
  return rows.map((row) => row.id);
}

export interface MoveBatchResult {
  /** The account's rows this step took: fewer than the limit means the account is empty now. */
  taken: number;
  moved: number;
  /** Transfers between the two accounts, deleted with both their legs. */
  transfersRemoved: number;
}

/**
 * One step of emptying an account into another (same user), for the caller to run in one database
 * transaction: takes up to `limit` of the account's transactions, deletes the transfers among them
 * whose other leg is in `toId` (both legs, then the transfer), and moves the rest. Such a transfer
 * would otherwise have both legs in one account, a transfer to itself. The rollup triggers carry the
 * amounts from one account's balance to the other's, and take the deleted legs out.
 */
export async function moveTransactionBatch(
  db: Db,
  userId: string,
  fromId: string,
  toId: string,
  limit = MOVE_BATCH_SIZE,
): Promise<MoveBatchResult> {
  const batch = await db
    .select({ id: transactions.id, transferId: transactions.transferId })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), eq(transactions.accountId, fromId)))
    .limit(limit)
    .for('update');
  if (batch.length === 0) return { taken: 0, moved: 0, transfersRemoved: 0 };
  const transferIds = batch.flatMap((row) => (row.transferId ? [row.transferId] : []));
  const between =
    transferIds.length === 0
      ? []
      : await db
          .select({ transferId: transactions.transferId })
          .from(transactions)
          .where(
            and(
              eq(transactions.userId, userId),
              eq(transactions.accountId, toId),
              inArray(transactions.transferId, transferIds),
            ),
          )
          .for('update');
  const removed = new Set(between.flatMap((row) => (row.transferId ? [row.transferId] : [])));
  if (removed.size > 0) {
    await db
      .delete(transactions)
      .where(and(eq(transactions.userId, userId), inArray(transactions.transferId, [...removed])));
    await db.delete(transfers).where(and(eq(transfers.userId, userId), inArray(transfers.id, [...removed])));
  }
  const toMove = batch.filter((row) => !row.transferId || !removed.has(row.transferId)).map((row) => row.id);
  const moved =
    toMove.length === 0
      ? []
      : await db
          .update(transactions)
          .set({ accountId: toId })
          .where(and(eq(transactions.userId, userId), inArray(transactions.id, toMove)))
          .returning({ id: transactions.id });
  return { taken: batch.length, moved: moved.length, transfersRemoved: removed.size };
}

/** Deletes an account that holds no transactions and is not the default; false when it was not deleted. */
export async function deleteEmptyAccount(db: Db, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(accounts)
    .where(
      and(
        eq(accounts.userId, userId),
        eq(accounts.id, id),
        eq(accounts.isDefault, false),
        sql`not exists (select 1 from ${transactions} where ${transactions.userId} = ${userId} and ${transactions.accountId} = ${id})`,
      ),
    )
    .returning({ id: accounts.id });
  return deleted.length === 1;
}

export interface NetWorthBucketRow {
  bucket: number;
  isLiability: boolean;
  netCents: number;
}

/**
 * Per bucket of `stepDays` days from `from`, the accounts' day totals summed, split into asset and
 * liability accounts; and the same sums for everything before `from` (bucket -1). Reads the daily
 * rollup through its (user, date) index, so the cost follows the days in the range, not the rows.
 */
export async function netWorthMovements(
  db: Db,
  userId: string,
  from: string,
  to: string,
  stepDays: number,
  liabilityKinds: readonly AccountKind[],
): Promise<NetWorthBucketRow[]> {
  const liability = sql`${accounts.kind} in (${sql.join(
    liabilityKinds.map((kind) => sql`${kind}`),
    sql`, `,
  )})`;
  const result = await db.execute(sql`
    with movements as (
      select d.date, d.net_cents, ${liability} as is_liability
      from ${accountDailyTotals} as d
      join ${accounts} on ${accounts.id} = d.account_id
      where d.user_id = ${userId} and d.date <= ${to}::date
      union all
      select ${accounts.openingDate} as date, ${accounts.openingBalanceCents} as net_cents, ${liability}
      from ${accounts}
      where ${accounts.userId} = ${userId} and ${accounts.openingDate} <= ${to}::date
    )
    select case when date < ${from}::date then -1 else (date - ${from}::date) / ${stepDays}::integer end as bucket,
      is_liability, sum(net_cents)::text as net_cents
    from movements
    group by 1, 2
    order by 1, 2`);
  const rows = (result as unknown as { rows: { bucket: number; is_liability: boolean; net_cents: string }[] }).rows;
  return rows.map((row) => ({
    bucket: Number(row.bucket),
    isLiability: row.is_liability,
    netCents: Number(row.net_cents),
  }));
}
