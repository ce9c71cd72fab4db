import { and, eq, getTableColumns, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  accounts,
  type DeletedTransactionRow,
  deletedTransactionBatches,
  transactions,
  transfers,
} from '../../db/schema';

/** Rows per INSERT when restoring: the embedded database runs each statement on the event loop. */
const RESTORE_CHUNK_ROWS = 100;

const { userId: _userId, ...storedColumns } = getTableColumns(transactions);

/** The caller's transactions among `ids`, every column as stored, ready to keep for an undo. */
export async function findRowsToDelete(db: Db, userId: string, ids: string[]): Promise<DeletedTransactionRow[]> {
  const rows = await db
    .select(storedColumns)
    .from(transactions)
    .where(and(eq(transactions.userId, userId), inArray(transactions.id, ids)));
  return rows.map((row) => ({
    ...row,
    clearedAt: row.clearedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/** The other legs of the transfers among `transferIds` (ids outside `ids`): a transfer is deleted whole. */
export async function findPartnerLegIds(
  db: Db,
  userId: string,
  transferIds: string[],
  ids: string[],
): Promise<string[]> {
  if (transferIds.length === 0) return [];
  const rows = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(
      and(
        eq(transactions.userId, userId),
        inArray(transactions.transferId, transferIds),
        notInArray(transactions.id, ids),
      ),
    );
  return rows.map((row) => row.id);
}

/** Deletes the caller's transfer rows (their legs are already gone, or go with them by the cascade). */
export async function deleteTransfers(db: Db, userId: string, transferIds: string[]): Promise<void> {
  if (transferIds.length === 0) return;
  await db.delete(transfers).where(and(eq(transfers.userId, userId), inArray(transfers.id, transferIds)));
}

/** Makes the transfer rows again under the same ids, so restored legs can point at them. */
export async function restoreTransfers(db: Db, userId: string, transferIds: string[], now: Date): Promise<void> {
  if (transferIds.length === 0) return;
  await db
    .insert(transfers)
    .values(transferIds.map((id) => ({ id, userId, createdAt: now })))
    .onConflictDoNothing();
}

/** Which of `ids` are the caller's accounts today. */
export async function existingAccountIds(db: Db, userId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), inArray(accounts.id, ids)));
  return new Set(rows.map((row) => row.id));
}

/** Occurrences outside `ids` whose template is among them: the delete detaches them from it. */
export async function findOccurrencesOf(
  db: Db,
  userId: string,
  templateIds: string[],
  ids: string[],
): Promise<Record<string, string>> {
  if (templateIds.length === 0) return {};
  const rows = await db
    .select({ id: transactions.id, templateId: transactions.templateId })
    .from(transactions)
    .where(
      and(
        eq(transactions.userId, userId),
        inArray(transactions.templateId, templateIds),
        notInArray(transactions.id, ids),
      ),
    );
  return Object.fromEntries(rows.map((row) => [row.id, row.templateId as string]));
}

export async function insertDeletedBatch(
  db: Db,
  batch: {
    userId: string;
    rows: DeletedTransactionRow[];
    detachedOccurrences: Record<string, string>;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(deletedTransactionBatches)
    .values(batch)
    .returning({ id: deletedTransactionBatches.id });
  if (!row) throw new Error('the deleted batch was not stored');
  return row.id;
}

/** Removes and returns the caller's batch if it has not expired; undefined otherwise. */
export async function takeDeletedBatch(db: Db, userId: string, batchId: string, now: Date) {
  const [row] = await db
    .delete(deletedTransactionBatches)
    .where(
      and(
        eq(deletedTransactionBatches.id, batchId),
        eq(deletedTransactionBatches.userId, userId),
        sql`${deletedTransactionBatches.expiresAt} > ${now.toISOString()}`,
      ),
    )
    .returning({ rows: deletedTransactionBatches.rows, detached: deletedTransactionBatches.detachedOccurrences });
  return row;
}

/** Which of `ids` are the caller's transactions today. */
export async function existingTransactionIds(db: Db, userId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), inArray(transactions.id, ids)));
  return new Set(rows.map((row) => row.id));
}

/** Puts rows back exactly as they were stored: same ids, timestamps and schedules. */
export async function insertStoredRows(db: Db, userId: string, rows: DeletedTransactionRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += RESTORE_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + RESTORE_CHUNK_ROWS).map((row) => ({
      ...row,
      userId,
      // Null lets the insert trigger put the row in the default account.
      accountId: (row.accountId ?? null) as string,
      clearedAt: row.clearedAt ? new Date(row.clearedAt) : null,
      type: row.type,
      paymentMethod: row.paymentMethod as typeof transactions.$inferInsert.paymentMethod,
      recurringInterval: row.recurringInterval as typeof transactions.$inferInsert.recurringInterval,
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
    }));
    await db.insert(transactions).values(chunk);
  }
}

/** Occurrences relinked per statement: one JSON parameter each, so the count is not bound by parameters. */
const RELINK_CHUNK = 1000;

/** Links occurrences back to their restored template, unless they have been given another since. */
export async function relinkOccurrences(db: Db, userId: string, detached: Record<string, string>): Promise<void> {
  const entries = Object.entries(detached);
  for (let start = 0; start < entries.length; start += RELINK_CHUNK) {
    const links = JSON.stringify(Object.fromEntries(entries.slice(start, start + RELINK_CHUNK)));
    await db.execute(sql`
      update ${transactions} set template_id = link.value::uuid
      from jsonb_each_text(${links}::jsonb) as link
      where ${transactions.id} = link.key::uuid
        and ${transactions.userId} = ${userId}
        and ${transactions.templateId} is null`);
  }
}

/** Deletes up to `limit` expired batches; answers how many went. */
export async function deleteExpiredBatches(db: Db, now: Date, limit: number): Promise<number> {
  const expired = db
    .select({ id: deletedTransactionBatches.id })
    .from(deletedTransactionBatches)
    .where(lte(deletedTransactionBatches.expiresAt, now))
    .limit(limit);
  const deleted = await db
    .delete(deletedTransactionBatches)
    .where(inArray(deletedTransactionBatches.id, expired))
    .returning({ id: deletedTransactionBatches.id });
  return deleted.length;
}
