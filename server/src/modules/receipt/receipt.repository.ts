import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deletedTransactionBatches, receipts, transactions } from '../../db/schema';

/**
 * The id of the receipt attached to the transaction of the row being read, or null: a column for the
 * transaction queries (get, list), one unique-index probe per row.
 */
export const transactionReceiptId = sql<
  string | null
>`(select attached.id from ${receipts} attached where attached.transaction_id = "transactions"."id")`;

export interface NewReceipt {
  userId: string;
  contentType: string;
  image: Uint8Array;
  thumbnail: Uint8Array;
  now: Date;
}

/** Stores a scan, not yet attached to a transaction. */
export async function insertReceipt(db: Db, receipt: NewReceipt): Promise<string> {
  const [row] = await db
    .insert(receipts)
    .values({
      userId: receipt.userId,
      contentType: receipt.contentType,
      image: receipt.image,
      thumbnail: receipt.thumbnail,
      byteLength: receipt.image.byteLength,
      createdAt: receipt.now,
      unattachedSince: receipt.now,
    })
    .returning({ id: receipts.id });
  if (!row) throw new Error('the receipt was not stored');
  return row.id;
}

/** The owner's receipt image (or its thumbnail) to serve; undefined for anyone else's or an unknown id. */
export async function findReceiptImage(
  db: Db,
  userId: string,
  id: string,
  size: 'full' | 'thumb',
): Promise<{ contentType: string; data: Uint8Array; createdAt: Date } | undefined> {
  const [row] = await db
    .select({
      contentType: receipts.contentType,
      data: size === 'thumb' ? receipts.thumbnail : receipts.image,
      createdAt: receipts.createdAt,
    })
    .from(receipts)
    .where(and(eq(receipts.id, id), eq(receipts.userId, userId)));
  return row;
}

/** The owner's receipt, locked for attaching; undefined for anyone else's or an unknown id. */
export async function findReceiptForAttach(
  db: Db,
  userId: string,
  id: string,
): Promise<{ id: string; transactionId: string | null } | undefined> {
  const [row] = await db
    .select({ id: receipts.id, transactionId: receipts.transactionId })
    .from(receipts)
    .where(and(eq(receipts.id, id), eq(receipts.userId, userId)))
    .for('update');
  return row;
}

/** Links the receipt to the transaction (which exists, in the same database transaction). */
export async function linkReceipt(db: Db, receiptId: string, transactionId: string): Promise<void> {
  await db
    .update(receipts)
    .set({ transactionId, liveTransactionId: transactionId, unattachedSince: null })
    .where(eq(receipts.id, receiptId));
}

/** Detaches whatever receipt the transaction holds; it is pruned a day later like any unattached scan. */
export async function unlinkTransactionReceipt(db: Db, userId: string, transactionId: string, now: Date) {
  await db
    .update(receipts)
    .set({ transactionId: null, liveTransactionId: null, unattachedSince: now })
    .where(and(eq(receipts.transactionId, transactionId), eq(receipts.userId, userId)));
}

/** Deletes up to `limit` receipts left unattached since before `cutoff`; answers how many. */
export async function deleteUnattachedBefore(db: Db, cutoff: Date, limit: number): Promise<number> {
  const due = db
    .select({ id: receipts.id })
    .from(receipts)
    .where(sql`${receipts.unattachedSince} < ${cutoff.toISOString()}`)
    .limit(limit);
  const deleted = await db.delete(receipts).where(sql`${receipts.id} in ${due}`).returning({ id: receipts.id });
  return deleted.length;
}

/** Receipts whose transaction was deleted: linked, and the database cleared the live link. */
const released = and(isNotNull(receipts.transactionId), isNull(receipts.liveTransactionId));

/**
 * Re-links up to `limit` released receipts whose transaction is back (an undone delete restores it under
 * the same id); answers how many.
 */
export async function relinkRestoredReceipts(db: Db, limit: number): Promise<number> {
  const restored = db
    .select({ id: receipts.id })
    .from(receipts)
    .innerJoin(transactions, eq(transactions.id, receipts.transactionId))
    .where(released)
    .limit(limit);
  const updated = await db
    .update(receipts)
    .set({ liveTransactionId: sql`${receipts.transactionId}` })
    .where(sql`${receipts.id} in ${restored}`)
    .returning({ id: receipts.id });
  return updated.length;
}

/**
 * Deletes up to `limit` released receipts whose transaction is gone for good: not back, and no delete
 * that can still be undone (an unexpired batch of the owner's) holds it.
 */
export async function deleteReleasedReceipts(db: Db, now: Date, limit: number): Promise<number> {
  const gone = db
    .select({ id: receipts.id })
    .from(receipts)
    .where(
      and(
        released,
        sql`not exists (select 1 from ${transactions} restored where restored.id = "receipts"."transaction_id")`,
        sql`not exists (select 1 from ${deletedTransactionBatches} batch where batch.user_id = "receipts"."user_id" and batch.expires_at > ${now.toISOString()} and batch.rows @> jsonb_build_array(jsonb_build_object('id', "receipts"."transaction_id"::text)))`,
      ),
    )
    .limit(limit);
  const deleted = await db.delete(receipts).where(sql`${receipts.id} in ${gone}`).returning({ id: receipts.id });
  return deleted.length;
}

/** How many receipts the user has stored (attached or not). */
export async function countUserReceipts(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(receipts)
    .where(eq(receipts.userId, userId));
  return row?.total ?? 0;
}

const CATEGORY_HISTORY_ROWS = 200;

/**
 * The user's most frequent category among their transactions titled exactly `title` (the merchant as
 * printed), over their latest CATEGORY_HISTORY_ROWS such transactions so the cost is bounded.
 */
export async function findUsualCategory(db: Db, userId: string, title: string): Promise<string | null> {
  const latest = db
    .select({ category: transactions.category })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), eq(transactions.title, title)))
    .orderBy(desc(transactions.id))
    .limit(CATEGORY_HISTORY_ROWS)
    .as('latest');
  const [row] = await db
    .select({ category: latest.category })
    .from(latest)
    .groupBy(latest.category)
    .orderBy(desc(sql`count(*)`), latest.category)
    .limit(1);
  return row?.category ?? null;
}
