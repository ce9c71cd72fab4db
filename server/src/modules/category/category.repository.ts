import type { TransactionType } from '@finailytics/shared';
import { CATEGORY_LIMITS, CATEGORY_PALETTE } from '@finailytics/shared';
import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { budgets, categories, rules, transactionDailyTotals, transactions } from '../../db/schema';
import { AppError } from '../../lib/errors';

export const categoryColumns = {
  id: categories.id,
  kind: categories.kind,
  name: categories.name,
  colour: categories.colour,
  icon: categories.icon,
};

export type CategoryRow = {
  id: string;
  kind: TransactionType;
  name: string;
  colour: string;
  icon: string | null;
};

/** The key a category name is unique by: trimmed, inner spaces collapsed, lower-cased (as the column). */
export function normalizeCategoryName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A name as it is stored: trimmed, inner spaces collapsed, case kept. */
export function tidyCategoryName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/**
 * The unique key of a name as the database computes it (the generated column's own expression, over
 * the name as it would be stored). Lookups compare with this, not with normalizeCategoryName: the
 * database's lower() follows its locale, which may leave letters such as "É" as they are where
 * JavaScript would lower them, and a key computed on one side must match the other exactly.
 */
function storedKey(name: string) {
  return sql`lower(regexp_replace(btrim(${tidyCategoryName(name)}::text), '\\s+', ' ', 'g'))`;
}

export const tooManyCategories = () =>
  new AppError(
    'BAD_REQUEST',
    `You have ${CATEGORY_LIMITS.perUserMax} categories, the most one account can have; merge or delete some first`,
  );

export async function listCategoriesByUser(db: Db, userId: string): Promise<CategoryRow[]> {
  return db
    .select(categoryColumns)
    .from(categories)
    .where(eq(categories.userId, userId))
    .orderBy(asc(categories.kind), asc(categories.normalizedName));
}

export async function countCategoriesByUser(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ total: count() }).from(categories).where(eq(categories.userId, userId));
  return row?.total ?? 0;
}

/**
 * Per type and category name: transactions ever, and the sum of those dated in [from, to), read from
 * the daily rollup (one row per day, type and category, never the ledger's own rows).
 */
export async function sumCategoryUsage(
  db: Db,
  userId: string,
  month: { from: string; to: string },
): Promise<{ type: TransactionType; category: string; count: number; monthCents: number }[]> {
  const daily = transactionDailyTotals;
  const rows = await db
    .select({
      type: daily.type,
      category: daily.category,
      count: sql<string>`sum(${daily.transactionCount})::text`,
      monthCents: sql<string>`coalesce(sum(${daily.amountCents}) filter (where ${daily.date} >= ${month.from} and ${daily.date} < ${month.to}), 0)::text`,
    })
    .from(daily)
    .where(eq(daily.userId, userId))
    .groupBy(daily.type, daily.category);
  return rows.map((row) => ({
    type: row.type,
    category: row.category,
    count: Number(row.count),
    monthCents: Number(row.monthCents),
  }));
}

/** The user's category with this id, optionally locked for the rest of the caller's transaction. */
export async function findUserCategory(
  db: Db,
  userId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CategoryRow | undefined> {
  const query = db
    .select(categoryColumns)
    .from(categories)
    .where(and(eq(categories.userId, userId), eq(categories.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** The user's categories among `ids`, locked in id order (so two merges cannot deadlock). */
export async function lockUserCategories(db: Db, userId: string, ids: string[]): Promise<CategoryRow[]> {
  if (ids.length === 0) return [];
  return db
    .select(categoryColumns)
    .from(categories)
    .where(and(eq(categories.userId, userId), inArray(categories.id, ids)))
    .orderBy(asc(categories.id))
    .for('update');
}

/**
 * The category of this kind and name. The row is share-locked for the caller's transaction, so a
 * rename or merge (which locks it for update) cannot rewrite the names around a transaction that is
 * being written with it: one waits for the other, and a transaction written under the old name is
 * either seen by the rename or finds the name gone and makes a new category.
 */
export async function findCategoryByName(db: Db, userId: string, kind: TransactionType, name: string) {
  const [row] = await db
    .select(categoryColumns)
    .from(categories)
    .where(
      and(eq(categories.userId, userId), eq(categories.kind, kind), eq(categories.normalizedName, storedKey(name))),
    )
    .for('share');
  return row;
}

/** Another category of this kind already called `name` (any case or spacing), if there is one. */
export async function findNameClash(db: Db, userId: string, kind: TransactionType, name: string, exceptId: string) {
  const [row] = await db
    .select(categoryColumns)
    .from(categories)
    .where(
      and(
        eq(categories.userId, userId),
        eq(categories.kind, kind),
        eq(categories.normalizedName, storedKey(name)),
        ne(categories.id, exceptId),
      ),
    );
  return row;
}

/**
 * Inserts a category unless one of its kind and name exists; undefined when it did. Refuses past
 * CATEGORY_LIMITS.perUserMax. The colour defaults to the next palette colour.
 */
export async function insertCategory(
  db: Db,
  userId: string,
  values: { kind: TransactionType; name: string; colour?: string; icon?: string | null },
  now: Date,
): Promise<CategoryRow | undefined> {
  const total = await countCategoriesByUser(db, userId);
  if (total >= CATEGORY_LIMITS.perUserMax) throw tooManyCategories();
  const [created] = await db
    .insert(categories)
    .values({
      userId,
      kind: values.kind,
      name: tidyCategoryName(values.name),
      colour: values.colour ?? CATEGORY_PALETTE[total % CATEGORY_PALETTE.length] ?? CATEGORY_PALETTE[0],
      icon: values.icon ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({
      target: [categories.userId, categories.kind, categories.normalizedName],
    })
    .returning(categoryColumns);
  return created;
}

/**
 * The user's category of this kind and name, created on first use with the next palette colour.
 * Safe against a concurrent first use: the unique key decides, and the loser reads the winner's row.
 */
export async function findOrCreateCategory(
  db: Db,
  userId: string,
  kind: TransactionType,
  name: string,
  now: Date,
): Promise<CategoryRow> {
  const existing = await findCategoryByName(db, userId, kind, name);
  if (existing) return existing;
  const created = await insertCategory(db, userId, { kind, name }, now);
  if (created) return created;
  const winner = await findCategoryByName(db, userId, kind, name);
  if (!winner) throw new Error('Category vanished after a conflicting insert');
  return winner;
}

/** Used by sign-up and tests: inserts categories that do not exist yet, leaving the rest alone. */
export async function insertMissingCategories(
  db: Db,
  userId: string,
  rows: readonly { kind: TransactionType; name: string; colour: string }[],
  now: Date,
) {
  if (rows.length === 0) return;
  await db
    .insert(categories)
    .values(
      rows.map((row) => ({
        userId,
        kind: row.kind,
        name: row.name,
        colour: row.colour,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing({ target: [categories.userId, categories.kind, categories.normalizedName] });
}

export async function updateCategoryRow(
  db: Db,
  userId: string,
  id: string,
  changes: { name?: string; colour?: string; icon?: string | null },
  now: Date,
): Promise<CategoryRow | undefined> {
  const [row] = await db
    .update(categories)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(categories.userId, userId), eq(categories.id, id)))
    .returning(categoryColumns);
  return row;
}

export async function deleteCategoryRows(db: Db, userId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(categories).where(and(eq(categories.userId, userId), inArray(categories.id, ids)));
}

/** Transactions of this type carrying the name, from the daily rollup. */
export async function countTransactionsNamed(
  db: Db,
  userId: string,
  kind: TransactionType,
  names: string[],
): Promise<number> {
  if (names.length === 0) return 0;
  const daily = transactionDailyTotals;
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${daily.transactionCount}), 0)::text` })
    .from(daily)
    .where(and(eq(daily.userId, userId), eq(daily.type, kind), inArray(daily.category, names)));
  return Number(row?.total ?? 0);
}

/**
 * Renames up to `limit` of the user's transactions of this type from one category name to another;
 * answers how many it renamed. The daily rollup's triggers move their sums to the new name.
 */
export async function renameTransactionsBatch(
  db: Db,
  userId: string,
  kind: TransactionType,
  from: string,
  to: string,
  limit: number,
): Promise<number> {
  const batch = db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), eq(transactions.type, kind), eq(transactions.category, from)))
    .limit(limit);
  const renamed = await db
    .update(transactions)
    .set({ category: to })
    .where(inArray(transactions.id, batch))
    .returning({ id: transactions.id });
  return renamed.length;
}

export async function countRulesFor(db: Db, userId: string, categoryIds: string[]): Promise<number> {
  if (categoryIds.length === 0) return 0;
  const [row] = await db
    .select({ total: count() })
    .from(rules)
    .where(and(eq(rules.userId, userId), inArray(rules.categoryId, categoryIds)));
  return row?.total ?? 0;
}

export async function repointRules(db: Db, userId: string, from: string[], into: string, now: Date): Promise<void> {
  if (from.length === 0) return;
  await db
    .update(rules)
    .set({ categoryId: into, updatedAt: now })
    .where(and(eq(rules.userId, userId), inArray(rules.categoryId, from)));
}

/** The user's budgets on these categories: id and category, oldest first. */
export async function findBudgetsFor(
  db: Db,
  userId: string,
  categoryIds: string[],
): Promise<{ id: string; categoryId: string | null }[]> {
  if (categoryIds.length === 0) return [];
  return db
    .select({ id: budgets.id, categoryId: budgets.categoryId })
    .from(budgets)
    .where(and(eq(budgets.userId, userId), inArray(budgets.categoryId, categoryIds)))
    .orderBy(asc(budgets.createdAt), asc(budgets.id));
}

export async function repointBudget(db: Db, userId: string, budgetId: string, into: string, now: Date) {
  await db
    .update(budgets)
    .set({ categoryId: into, updatedAt: now })
    .where(and(eq(budgets.userId, userId), eq(budgets.id, budgetId)));
}

export async function deleteBudgets(db: Db, userId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(budgets).where(and(eq(budgets.userId, userId), inArray(budgets.id, ids)));
}

/** The user's transactions among `ids`: id and type, locked for the caller's transaction. */
export async function lockUserTransactionTypes(
  db: Db,
  userId: string,
  ids: string[],
): Promise<{ id: string; type: TransactionType }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: transactions.id, type: transactions.type })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), inArray(transactions.id, ids)))
    .orderBy(asc(transactions.id))
    .for('update');
}

export async function setTransactionsCategory(db: Db, userId: string, ids: string[], name: string, now: Date) {
  if (ids.length === 0) return;
  await db
    .update(transactions)
    .set({ category: name, updatedAt: now })
    .where(and(eq(transactions.userId, userId), inArray(transactions.id, ids)));
}

/** Colours of the user's categories of one kind, by name. */
export async function findColoursByName(
  db: Db,
  userId: string,
  kind: TransactionType,
  names: string[],
): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .select({ name: categories.name, colour: categories.colour })
    .from(categories)
    .where(and(eq(categories.userId, userId), eq(categories.kind, kind), inArray(categories.name, names)));
  return new Map(rows.map((row) => [row.name, row.colour]));
}
