import { type CreateTransactionInput, type TransactionType, toCents } from '@finailytics/shared';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { transactionDailyTotals, transactions } from '../db/schema';

/*
 * Test data for analytics and reports, written straight to the table so these tests depend on the
 * schema alone, not on the transaction procedures; and reads of what recurring series stored.
 */

export interface TransactionSeed {
  type: TransactionType;
  /** Decimal amount, as the API speaks it. */
  amount: number;
  category: string;
  date: string;
  title?: string;
}

export const income = (amount: number, date: string, category = 'Salary', title?: string): TransactionSeed => ({
  type: 'INCOME',
  amount,
  category,
  date,
  title,
});

export const expense = (amount: number, date: string, category = 'Groceries', title?: string): TransactionSeed => ({
  type: 'EXPENSE',
  amount,
  category,
  date,
  title,
});

export async function insertTransactions(db: Db, userId: string, seeds: TransactionSeed[]) {
  if (seeds.length === 0) return [];
  return db
    .insert(transactions)
    .values(
      seeds.map((seed) => ({
        userId,
        title: seed.title ?? `${seed.category} ${seed.date}`,
        type: seed.type,
        amountCents: toCents(seed.amount),
        category: seed.category,
        date: seed.date,
      })),
    )
    .returning({ id: transactions.id });
}

export interface DailyTotalRow {
  userId: string;
  date: string;
  type: string;
  category: string;
  amountCents: number;
  transactionCount: number;
}

const byKey = (a: DailyTotalRow, b: DailyTotalRow) =>
  `${a.userId}|${a.date}|${a.type}|${a.category}`.localeCompare(`${b.userId}|${b.date}|${b.type}|${b.category}`);

/** The rollup's rows for some users, in key order. */
export async function readDailyTotals(db: Db, userIds: string[]): Promise<DailyTotalRow[]> {
  const rows = await db
    .select({
      userId: transactionDailyTotals.userId,
      date: transactionDailyTotals.date,
      type: transactionDailyTotals.type,
      category: transactionDailyTotals.category,
      amountCents: sql<number>`${transactionDailyTotals.amountCents}`.mapWith(Number),
      transactionCount: transactionDailyTotals.transactionCount,
    })
    .from(transactionDailyTotals)
    .where(inArray(transactionDailyTotals.userId, userIds));
  return rows.sort(byKey);
}

/** What the rollup should hold: the same grouping computed directly from the ledger. */
export async function aggregateLedger(db: Db, userIds: string[]): Promise<DailyTotalRow[]> {
  const rows = await db
    .select({
      userId: transactions.userId,
      date: transactions.date,
      type: transactions.type,
      category: transactions.category,
      amountCents: sql<number>`sum(${transactions.amountCents})`.mapWith(Number),
      transactionCount: sql<number>`count(*)`.mapWith(Number),
    })
    .from(transactions)
    .where(inArray(transactions.userId, userIds))
    .groupBy(transactions.userId, transactions.date, transactions.type, transactions.category);
  return rows.sort(byKey);
}

export async function updateTransaction(
  db: Db,
  userId: string,
  id: string,
  changes: Partial<{ type: TransactionType; amount: number; category: string; date: string; title: string }>,
) {
  const { amount, ...rest } = changes;
  await db
    .update(transactions)
    .set({ ...rest, ...(amount !== undefined ? { amountCents: toCents(amount) } : {}) })
    .where(and(eq(transactions.id, id), eq(transactions.userId, userId)));
}

/** The dates of a user's occurrences of recurring series (rows made from a template), earliest first. */
export async function occurrenceDates(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ date: transactions.date })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), isNotNull(transactions.templateId)))
    .orderBy(asc(transactions.date));
  return rows.map((row) => row.date);
}

/** A series template's next due date as stored, or null. */
export async function nextRecurringDate(db: Db, templateId: string): Promise<string | null> {
  const [row] = await db
    .select({ next: transactions.nextRecurringDate })
    .from(transactions)
    .where(eq(transactions.id, templateId));
  return row?.next ?? null;
}

/** A valid expense as the transaction procedures take it, with what a test needs changed. */
export function expenseInput(overrides: Partial<CreateTransactionInput> = {}): CreateTransactionInput {
  return { title: 'Groceries', type: 'EXPENSE', amount: 42.5, category: 'Food', date: '2026-03-10', ...overrides };
}

/** Every stored column of a user's transactions, as the database holds them, in id order. */
export async function storedTransactions(db: Db, userId: string) {
  const rows = await db.select().from(transactions).where(eq(transactions.userId, userId));
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}
