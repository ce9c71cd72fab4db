import type { TransactionType } from '@finailytics/shared';
import { CATEGORY_PALETTE } from '@finailytics/shared';
import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { categories } from '../../db/schema';

export const categoryColumns = {
  id: categories.id,
  kind: categories.kind,
  name: categories.name,
  colour: categories.colour,
  icon: categories.icon,
};

/** The key a category name is unique by: trimmed, inner spaces collapsed, lower-cased (as the column). */
export function normalizeCategoryName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A name as it is stored: trimmed, inner spaces collapsed, case kept. */
export function tidyCategoryName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

export async function listCategoriesByUser(db: Db, userId: string) {
  return db
    .select(categoryColumns)
    .from(categories)
    .where(eq(categories.userId, userId))
    .orderBy(asc(categories.kind), asc(categories.normalizedName));
}

export async function findCategoryByName(db: Db, userId: string, kind: TransactionType, name: string) {
  const [row] = await db
    .select(categoryColumns)
    .from(categories)
    .where(
      and(
        eq(categories.userId, userId),
        eq(categories.kind, kind),
        eq(categories.normalizedName, normalizeCategoryName(name)),
      ),
    );
  return row;
}

/**
 * The user's category of this kind and name, created on first use with the next palette colour.
 * Safe against a concurrent first use: the unique key decides, and the loser reads the winner's row.
 */
export async function findOrCreateCategory(db: Db, userId: string, kind: TransactionType, name: string, now: Date) {
  const existing = await findCategoryByName(db, userId, kind, name);
  if (existing) return existing;
  const [{ total = 0 } = {}] = await db
    .select({ total: count() })
    .from(categories)
    .where(eq(categories.userId, userId));
  const [created] = await db
    .insert(categories)
    .values({
      userId,
      kind,
      name: tidyCategoryName(name),
      colour: CATEGORY_PALETTE[total % CATEGORY_PALETTE.length] ?? CATEGORY_PALETTE[0],
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({
      target: [categories.userId, categories.kind, categories.normalizedName],
    })
    .returning(categoryColumns);
  if (created) return created;
  const winner = await findCategoryByName(db, userId, kind, name);
  if (!winner) throw new Error('Category vanished after a conflicting insert');
  return winner;
}

/** Used by tests and the starter set: inserts categories that do not exist yet, leaving the rest alone. */
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
