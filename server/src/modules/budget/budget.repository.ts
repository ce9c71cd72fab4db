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
  categoryKey: categories.normalizedName,
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
  categoryKey: string | null;
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

export interface SpendingRequest {
  /** The category's normalized name (categories.normalized_name); null for all expenses. */
  categoryKey: string | null;
  period: BudgetPeriod;
  current: DateSpan;
  /** The earlier periods that roll into the current one, or null. */
  carried: DateSpan | null;
}

export interface SpendingAnswer {
  currentCents: number;
  carriedCents: number;
}

/**
 * Stands for "every category" in the statement below. Normalizing turns every whitespace character
 * into a space, so no category's key can contain a newline.
 */
const ALL_CATEGORIES_KEY = '\n';

/**
 * For each request, the expenses of its current span and of its carried span, in one statement over
 * the daily rollup between `span.from` and `span.to`. The rollup is first summed per category name,
 * ISO week and month, and the name normalized once per group (as categories.normalized_name is);
 * the same weeks and months summed over all categories join the overall budget. Each request then
 * adds up its weeks or months (every span is whole periods) through a hash join on the key, and
 * only one row per request leaves the database.
 */
export async function sumBudgetSpending(
  db: Db,
  userId: string,
  span: DateSpan,
  requests: SpendingRequest[],
): Promise<SpendingAnswer[]> {
  if (requests.length === 0) return [];
  const wanted = sql.join(
    requests.map(
      (request, index) =>
        sql`(${index}::int, ${request.categoryKey ?? ALL_CATEGORIES_KEY}::text, ${request.period}::text, ${request.current.from}::date, ${request.current.to}::date, ${request.carried?.from ?? null}::date, ${request.carried?.to ?? null}::date)`,
    ),
    sql`, `,
  );
  const result = await db.execute(sql`
    with grouped as (
      select ${daily.category} as category,
        ${daily.date} - (extract(isodow from ${daily.date})::int - 1) as week_start,
        date_trunc('month', ${daily.date}::timestamp)::date as month_start,
        sum(${daily.amountCents}) as cents
      from ${daily}
      where ${daily.userId} = ${userId} and ${daily.type} = 'EXPENSE'
        and ${daily.date} between ${span.from}::date and ${span.to}::date
      group by 1, 2, 3
    ), keyed as (
      select lower(regexp_replace(btrim(category), '\\s+', ' ', 'g')) as key, week_start, month_start, cents
      from grouped
      union all
      select ${ALL_CATEGORIES_KEY}, week_start, month_start, sum(cents) from grouped group by week_start, month_start
    )
    select wanted.idx,
      coalesce(sum(keyed.cents) filter (where bucket.start between wanted.current_from and wanted.current_to), 0)::text as current_cents,
      coalesce(sum(keyed.cents) filter (where bucket.start between wanted.carried_from and wanted.carried_to), 0)::text as carried_cents
    from (values ${wanted}) as wanted(idx, key, period, current_from, current_to, carried_from, carried_to)
    left join keyed on keyed.key = wanted.key
    cross join lateral (
      select case when wanted.period = 'WEEKLY' then keyed.week_start else keyed.month_start end as start
    ) as bucket
    group by wanted.idx`);
  const rows = (result as unknown as { rows: { idx: number; current_cents: string; carried_cents: string }[] }).rows;
  const answers: SpendingAnswer[] = requests.map(() => ({ currentCents: 0, carriedCents: 0 }));
  for (const row of rows) {
    answers[Number(row.idx)] = { currentCents: Number(row.current_cents), carriedCents: Number(row.carried_cents) };
  }
  return answers;
}
