import type { ChartGranularity } from '@finailytics/shared';
import { and, asc, between, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { transactionDailyTotals as daily, transactions } from '../../db/schema';
import type { DateSpan } from './date-range';

/*
 * Every query here reads the daily rollup (transaction_daily_totals), never the ledger itself, except
 * largestExpense which needs one row's title. Sums are bigint in SQL and numbers of cents here.
 */

const within = (span: DateSpan): SQL => sql`${daily.date} between ${span.from}::date and ${span.to}::date`;
const orZero = (expression: SQL) => sql<number>`coalesce(${expression}, 0)`.mapWith(Number);

export interface PeriodTotals {
  incomeCents: number;
  expenseCents: number;
  incomeCount: number;
  expenseCount: number;
}

export interface PeriodTotalsWithPrevious {
  current: PeriodTotals;
  previous: PeriodTotals | null;
}

function totalsColumns(span: DateSpan, prefix: string) {
  const inSpan = within(span);
  return {
    [`${prefix}IncomeCents`]: orZero(
      sql`sum(${daily.amountCents}) filter (where ${daily.type} = 'INCOME' and ${inSpan})`,
    ),
    [`${prefix}ExpenseCents`]: orZero(
      sql`sum(${daily.amountCents}) filter (where ${daily.type} = 'EXPENSE' and ${inSpan})`,
    ),
    [`${prefix}IncomeCount`]: orZero(
      sql`sum(${daily.transactionCount}) filter (where ${daily.type} = 'INCOME' and ${inSpan})`,
    ),
    [`${prefix}ExpenseCount`]: orZero(
      sql`sum(${daily.transactionCount}) filter (where ${daily.type} = 'EXPENSE' and ${inSpan})`,
    ),
  };
}

/** Income and expense totals for a period and, in the same scan, for the period before it. */
export async function sumPeriodTotals(
  db: Db,
  userId: string,
  current: DateSpan,
  previous: DateSpan | null,
): Promise<PeriodTotalsWithPrevious> {
  const scanned = previous ? { from: previous.from, to: current.to } : current;
  const [row] = await db
    .select({ ...totalsColumns(current, 'current'), ...(previous ? totalsColumns(previous, 'previous') : {}) })
    .from(daily)
    .where(and(eq(daily.userId, userId), within(scanned)));
  const pick = (prefix: string): PeriodTotals => ({
    incomeCents: row?.[`${prefix}IncomeCents`] ?? 0,
    expenseCents: row?.[`${prefix}ExpenseCents`] ?? 0,
    incomeCount: row?.[`${prefix}IncomeCount`] ?? 0,
    expenseCount: row?.[`${prefix}ExpenseCount`] ?? 0,
  });
  return { current: pick('current'), previous: previous ? pick('previous') : null };
}

/** The first and last days the user has any transaction on. */
export async function findTransactionDateBounds(db: Db, userId: string) {
  const [row] = await db
    .select({ first: sql<string | null>`min(${daily.date})::text`, last: sql<string | null>`max(${daily.date})::text` })
    .from(daily)
    .where(eq(daily.userId, userId));
  return { first: row?.first ?? null, last: row?.last ?? null };
}

export interface ChartBucket {
  date: string;
  incomeCents: number;
  expenseCents: number;
}

/** How far apart buckets start; PostgreSQL intervals have no 'quarter' unit. */
const BUCKET_STEPS: Record<ChartGranularity, string> = {
  day: '1 day',
  week: '1 week',
  month: '1 month',
  quarter: '3 months',
  year: '1 year',
};

/**
 * One row per day/week/month/quarter/year bucket of the span, zero-filled by generate_series. A bucket is dated by
 * its first day inside the span: a year starting on a Thursday has its first week dated January 1st.
 */
export async function sumChartBuckets(
  db: Db,
  userId: string,
  span: DateSpan,
  granularity: ChartGranularity,
): Promise<ChartBucket[]> {
  const step = BUCKET_STEPS[granularity];
  const result = await db.execute(sql`
    with totals as (
      select date_trunc(${granularity}, ${daily.date}::timestamp)::date as bucket,
        sum(${daily.amountCents}) filter (where ${daily.type} = 'INCOME') as income,
        sum(${daily.amountCents}) filter (where ${daily.type} = 'EXPENSE') as expenses
      from ${daily}
      where ${daily.userId} = ${userId} and ${within(span)}
      group by 1
    )
    select greatest(buckets.bucket::date, ${span.from}::date)::text as date,
      coalesce(totals.income, 0)::text as income,
      coalesce(totals.expenses, 0)::text as expenses
    from generate_series(
      date_trunc(${granularity}, ${span.from}::date::timestamp),
      ${span.to}::date::timestamp,
      ${step}::interval
    ) as buckets(bucket)
    left join totals on totals.bucket = buckets.bucket::date
    order by buckets.bucket`);
  const rows = (result as unknown as { rows: { date: string; income: string; expenses: string }[] }).rows;
  return rows.map((row) => ({ date: row.date, incomeCents: Number(row.income), expenseCents: Number(row.expenses) }));
}

export interface CategorySlot {
  /** The category's name; for the last slot of a capped list, the first name of those it sums. */
  name: string;
  cents: number;
  /** Expenses in the slot. */
  count: number;
  /** Categories in the slot: 1, except for the last slot when more categories than `limit` remain. */
  categoryCount: number;
}

/**
 * Expense categories biggest first (ties by name), one slot each for the first `limit`, and one more slot
 * summing all the rest when there are more: the answer has at most `limit + 1` rows however many categories exist.
 */
export async function sumExpenseCategoriesRanked(
  db: Db,
  userId: string,
  span: DateSpan,
  limit: number,
): Promise<CategorySlot[]> {
  const result = await db.execute(sql`
    with ranked as (
      select ${daily.category} as category, sum(${daily.amountCents}) as cents,
        sum(${daily.transactionCount}) as count,
        row_number() over (order by sum(${daily.amountCents}) desc, ${daily.category}) as rank
      from ${daily}
      where ${daily.userId} = ${userId} and ${daily.type} = 'EXPENSE' and ${within(span)}
      group by ${daily.category}
    )
    select least(rank, ${limit + 1}) as slot, min(category) as category, sum(cents)::text as cents,
      sum(count)::text as count, count(*)::text as categories
    from ranked
    group by 1
    order by 1`);
  const rows = (
    result as unknown as {
      rows: { slot: number | string; category: string; cents: string; count: string; categories: string }[];
    }
  ).rows;
  return rows.map((row) => ({
    name: row.category,
    cents: Number(row.cents),
    count: Number(row.count),
    categoryCount: Number(row.categories),
  }));
}

export interface CategoryChange {
  category: string;
  currentCents: number;
  previousCents: number;
}

/** Expenses per category in a period and the one before, for every category either period has. */
export async function sumExpenseCategoriesAcross(
  db: Db,
  userId: string,
  current: DateSpan,
  previous: DateSpan,
): Promise<CategoryChange[]> {
  return db
    .select({
      category: daily.category,
      currentCents: orZero(sql`sum(${daily.amountCents}) filter (where ${within(current)})`),
      previousCents: orZero(sql`sum(${daily.amountCents}) filter (where ${within(previous)})`),
    })
    .from(daily)
    .where(and(eq(daily.userId, userId), eq(daily.type, 'EXPENSE'), sql`(${within(current)} or ${within(previous)})`))
    .groupBy(daily.category)
    .orderBy(asc(daily.category));
}

/**
 * The period's biggest single expense; ties go to the earliest, then by category and title. It says
 * whether it is part of a recurring series (a template or one of its occurrences).
 */
export async function findLargestExpense(db: Db, userId: string, span: DateSpan) {
  const [row] = await db
    .select({
      title: transactions.title,
      category: transactions.category,
      date: transactions.date,
      amountCents: transactions.amountCents,
      recurring: sql<boolean>`(${transactions.isRecurring} or ${transactions.templateId} is not null)`,
    })
    .from(transactions)
    .where(
      and(
        eq(transactions.userId, userId),
        eq(transactions.type, 'EXPENSE'),
        between(transactions.date, span.from, span.to),
      ),
    )
    .orderBy(
      desc(transactions.amountCents),
      asc(transactions.date),
      asc(transactions.category),
      asc(transactions.title),
    )
    .limit(1);
  return row;
}
