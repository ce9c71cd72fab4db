import type { PaymentMethod, TransactionType } from '@finailytics/shared';
import { and, asc, count, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { categories, rules, transactions, users } from '../../db/schema';

export const ruleColumns = {
  id: rules.id,
  position: rules.position,
  field: rules.field,
  operator: rules.operator,
  pattern: rules.pattern,
  amountMinCents: rules.amountMinCents,
  amountMaxCents: rules.amountMaxCents,
  transactionType: rules.transactionType,
  categoryId: rules.categoryId,
  category: categories.name,
  categoryKind: categories.kind,
  setTitle: rules.setTitle,
  setPaymentMethod: rules.setPaymentMethod,
};

/** A rule with its category's current name and kind. */
export type RuleRow = Awaited<ReturnType<typeof listRulesByUser>>[number];

export type RuleValues = Omit<RuleRow, 'id' | 'position' | 'category' | 'categoryKind'>;

/** The user's rules in the order they are tried. */
export async function listRulesByUser(db: Db, userId: string) {
  return db
    .select(ruleColumns)
    .from(rules)
    .innerJoin(categories, eq(categories.id, rules.categoryId))
    .where(eq(rules.userId, userId))
    .orderBy(asc(rules.position), asc(rules.createdAt));
}

export async function findUserRule(db: Db, userId: string, id: string): Promise<RuleRow | undefined> {
  const [row] = await db
    .select(ruleColumns)
    .from(rules)
    .innerJoin(categories, eq(categories.id, rules.categoryId))
    .where(and(eq(rules.userId, userId), eq(rules.id, id)));
  return row;
}

/** Holds the user's row until the transaction ends, so two creates cannot both pass the rule limit. */
export async function lockUser(tx: Db, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}

export async function countAndLastPosition(db: Db, userId: string): Promise<{ total: number; last: number | null }> {
  const [row] = await db
    .select({ total: count(), last: max(rules.position) })
    .from(rules)
    .where(eq(rules.userId, userId));
  return { total: row?.total ?? 0, last: row?.last ?? null };
}

export async function insertRule(
  tx: Db,
  userId: string,
  position: number,
  values: RuleValues,
  now: Date,
): Promise<string> {
  const [row] = await tx
    .insert(rules)
    .values({ userId, position, ...values, createdAt: now, updatedAt: now })
    .returning({ id: rules.id });
  if (!row) throw new Error('Rule insert returned no row');
  return row.id;
}

export async function updateUserRule(
  tx: Db,
  userId: string,
  id: string,
  values: Partial<RuleValues>,
  now: Date,
): Promise<void> {
  await tx
    .update(rules)
    .set({ ...values, updatedAt: now })
    .where(and(eq(rules.userId, userId), eq(rules.id, id)));
}

export async function deleteUserRule(db: Db, userId: string, id: string): Promise<boolean> {
  const removed = await db
    .delete(rules)
    .where(and(eq(rules.userId, userId), eq(rules.id, id)))
    .returning({ id: rules.id });
  return removed.length > 0;
}

/** Gives each rule its index in `ids` as its position, in one statement. */
export async function setRulePositions(tx: Db, userId: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    update ${rules} set position = ordered.position - 1, updated_at = ${now}
    from unnest(${sql.param([...ids])}::uuid[]) with ordinality as ordered(id, position)
    where ${rules.userId} = ${userId} and ${rules.id} = ordered.id
  `);
}

export async function findUserCategory(db: Db, userId: string, id: string) {
  const [row] = await db
    .select({ id: categories.id, name: categories.name, kind: categories.kind })
    .from(categories)
    .where(and(eq(categories.userId, userId), eq(categories.id, id)));
  return row;
}

/** What rules read of a transaction and may change. */
export const scannedColumns = {
  id: transactions.id,
  date: transactions.date,
  title: transactions.title,
  description: transactions.description,
  type: transactions.type,
  amountCents: transactions.amountCents,
  category: transactions.category,
  paymentMethod: transactions.paymentMethod,
};
export type ScannedTransaction = Awaited<ReturnType<typeof findTransactionBatch>>[number];

/**
 * The user's next transactions, most recent first, after the keyset `after` (exclusive). The order is
 * the one transactions_user_date_idx keeps, so each batch is an index range, however large the ledger.
 */
export async function findTransactionBatch(
  db: Db,
  userId: string,
  after: { date: string; id: string } | null,
  limit: number,
) {
  const owned = eq(transactions.userId, userId);
  return db
    .select(scannedColumns)
    .from(transactions)
    .where(after ? and(owned, sql`(${transactions.date}, ${transactions.id}) < (${after.date}, ${after.id})`) : owned)
    .orderBy(desc(transactions.date), desc(transactions.id))
    .limit(limit);
}

export interface RuleChange {
  category: string;
  title: string | null;
  paymentMethod: PaymentMethod | null;
}

/** Gives the listed transactions of the user the rule's category, and its title and payment method when set. */
export async function applyChangeToTransactions(
  tx: Db,
  userId: string,
  ids: readonly string[],
  change: RuleChange,
  now: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const updated = await tx
    .update(transactions)
    .set({
      category: change.category,
      ...(change.title !== null ? { title: change.title } : {}),
      ...(change.paymentMethod !== null ? { paymentMethod: change.paymentMethod } : {}),
      updatedAt: now,
    })
    .where(and(eq(transactions.userId, userId), inArray(transactions.id, [...ids])))
    .returning({ id: transactions.id });
  return updated.length;
}

/** The user's most recent transactions' titles and categories: the history suggestions are drawn from. */
export async function findRecentTitles(db: Db, userId: string, limit: number) {
  return db
    .select({ title: transactions.title, type: transactions.type, category: transactions.category })
    .from(transactions)
    .where(eq(transactions.userId, userId))
    .orderBy(desc(transactions.date), desc(transactions.id))
    .limit(limit);
}

export type HistoryRow = { title: string; type: TransactionType; category: string };
