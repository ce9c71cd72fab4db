import type { BudgetPeriod } from '@finailytics/shared';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { budgets, categories, transactionDailyTotals as daily, users } from '../../db/schema';
import type { DateSpan } from '../analytics/date-range';

export const budgetColumns = {
  id: budgets.id,
  userId: budgets.userId,
  categoryId: budgets.categoryId,
  categoryName: categories.name,
  categoryColour: categories.colour,
  period: budgets.period,
  amountCents: budgets.amountCents,
  rollover: budgets.rollover,
  startsOn: budgets.startsOn,
};

export interface BudgetRow {
  id: string;
  userId: string;
  categoryId: string | null;
  categoryName: string | null;
  categoryColour: string | null;
  period: BudgetPeriod;
  amountCents: number;
  rollover: boolean;
  startsOn: string;
}

/** A user's budgets: the overall one first, then by category name. */
export async function listBudgetsByUser(db: Db, userId: string): Promise<BudgetRow[]> {
  return db
    .select(budgetColumns)
    .from(budgets)
    .leftJoin(categories, eq(categories.id, budgets.categoryId))
    .where(eq(budgets.userId, userId))
    .orderBy(sql`${budgets.categoryId} is not null`, asc(categories.normalizedName), asc(budgets.id));
}

export async function findBudget(db: Db, userId: string, id: string): Promise<BudgetRow | undefined> {
  const [row] = await db
    .select(budgetColumns)
    .from(budgets)
    .leftJoin(categories, eq(categories.id, budgets.categoryId))
    .where(and(eq(budgets.id, id), eq(budgets.userId, userId)));
  return row;
}

/** Holds the user's row until the transaction ends, so two creates cannot both pass the budget count. */
export async function lockUserForBudgets(db: Db, userId: string): Promise<void> {
  await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}

export async function countBudgets(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ total: count() }).from(budgets).where(eq(budgets.userId, userId));
  return row?.total ?? 0;
}

export async function findOverallBudgetId(db: Db, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: budgets.id })
    .from(budgets)
    .where(and(eq(budgets.userId, userId), isNull(budgets.categoryId)));
  return row?.id;
}

export async function findCategoryBudgetId(db: Db, userId: string, categoryId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: budgets.id })
    .from(budgets)
    .where(and(eq(budgets.userId, userId), eq(budgets.categoryId, categoryId)));
  return row?.id;
}

export async function findUserCategory(db: Db, userId: string, categoryId: string) {
  const [row] = await db
    .select({ id: categories.id, kind: categories.kind })
    .from(categories)
    .where(and(eq(categories.id, categoryId), eq(categories.userId, userId)));
  return row;
}

export async function insertBudget(
  db: Db,
  values: {
    userId: string;
    categoryId: string | null;
    period: BudgetPeriod;
    amountCents: number;
    rollover: boolean;
    startsOn: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(budgets)
    .values({
      userId: values.userId,
      categoryId: values.categoryId,
      period: values.period,
      amountCents: values.amountCents,
      rollover: values.rollover,
      startsOn: values.startsOn,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .returning({ id: budgets.id });
  if (!row) throw new Error('Budget insert returned no row');
  return row.id;
}

export async function updateBudgetRow(
  db: Db,
  userId: string,
  id: string,
  values: { period: BudgetPeriod; amountCents: number; rollover: boolean; startsOn: string },
  now: Date,
): Promise<boolean> {
  const updated = await db
    .update(budgets)
    .set({ ...values, updatedAt: now })
    .where(and(eq(budgets.id, id), eq(budgets.userId, userId)))
    .returning({ id: budgets.id });
  return updated.length > 0;
}

export async function deleteBudgetRow(db: Db, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(budgets)
    .where(and(eq(budgets.id, id), eq(budgets.userId, userId)))
    .returning({ id: budgets.id });
  return deleted.length > 0;
}

export interface ExpenseBucket {
  /** The category name as the transactions carry it. */
  category: string;
  /** The Monday of the ISO week and the first of the month the days fall in. */
  weekStart: string;
  monthStart: string;
  amountCents: number;
}

/**
 * Expenses over the span from the daily rollup, one row per category, week and month: every weekly
 * and monthly budget's periods are whole unions of these buckets, so one grouped statement serves
 * all of a user's budgets. Rows are bounded by categories × (weeks + months) in the span.
 */
export async function sumExpenseBuckets(db: Db, userId: string, span: DateSpan): Promise<ExpenseBucket[]> {
  const weekStart = sql<string>`(${daily.date} - (extract(isodow from ${daily.date})::int - 1))::text`;
  const monthStart = sql<string>`date_trunc('month', ${daily.date}::timestamp)::date::text`;
  return db
    .select({
      category: daily.category,
      weekStart,
      monthStart,
      amountCents: sql<number>`sum(${daily.amountCents})`.mapWith(Number),
    })
    .from(daily)
    .where(
      and(
        eq(daily.userId, userId),
        eq(daily.type, 'EXPENSE'),
        sql`${daily.date} between ${span.from}::date and ${span.to}::date`,
      ),
    )
    .groupBy(daily.category, weekStart, monthStart);
}
