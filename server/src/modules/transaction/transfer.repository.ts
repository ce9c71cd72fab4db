import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { transactions, transfers } from '../../db/schema';
import type { TransactionRow } from './transaction.mapper';
import { type TransactionChanges, transactionColumns } from './transaction.repository';

export async function insertTransfer(db: Db, userId: string, now: Date): Promise<string> {
  const [row] = await db.insert(transfers).values({ userId, createdAt: now }).returning({ id: transfers.id });
  if (!row) throw new Error('The transfer insert returned no row');
  return row.id;
}

/** The caller's legs of one transfer (two, or none when it is not theirs), locked for the caller's transaction. */
export async function findTransferLegs(db: Db, userId: string, transferId: string): Promise<TransactionRow[]> {
  return db
    .select(transactionColumns)
    .from(transactions)
    .where(and(eq(transactions.userId, userId), eq(transactions.transferId, transferId)))
    .orderBy(transactions.id)
    .for('update');
}

/** The caller's legs of these transfers, for reading (no lock); another user's transfers have none. */
export async function findLegsOfTransfers(db: Db, userId: string, transferIds: string[]): Promise<TransactionRow[]> {
  return db
    .select(transactionColumns)
    .from(transactions)
    .where(and(eq(transactions.userId, userId), inArray(transactions.transferId, transferIds)))
    .orderBy(transactions.id);
}

export async function updateLeg(
  db: Db,
  userId: string,
  id: string,
  changes: TransactionChanges,
  now: Date,
): Promise<TransactionRow> {
  const [row] = await db
    .update(transactions)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(transactions.id, id), eq(transactions.userId, userId)))
    .returning(transactionColumns);
  if (!row) throw new Error('A locked transfer leg was not updated');
  return row;
}

export async function setTransferId(
  db: Db,
  userId: string,
  id: string,
  transferId: string,
  now: Date,
): Promise<TransactionRow> {
  return updateLeg(db, userId, id, { transferId }, now);
}
