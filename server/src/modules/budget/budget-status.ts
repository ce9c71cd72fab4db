import {
  type Budget,
  type BudgetPeriodStatus,
  type BudgetStatusList,
  fromCents,
  ROLLOVER_MAX_PERIODS,
} from '@finailytics/shared';
import type { Db } from '../../db/client';
import { type CalendarDate, daysBetween } from '../../lib/calendar';
import type { DateSpan } from '../analytics/date-range';
import { normalizeCategoryName } from '../category/category.repository';
import { type BudgetRow, type ExpenseBucket, sumExpenseBuckets } from './budget.repository';
import { periodSpan, rolloverSpan } from './budget-period';

export function toBudget(row: BudgetRow): Budget {
  return {
    id: row.id,
    categoryId: row.categoryId,
    categoryName: row.categoryName,
    categoryColour: row.categoryColour,
    period: row.period,
    amount: fromCents(row.amountCents),
    rollover: row.rollover,
    startsOn: row.startsOn,
  };
}

/** The spans one budget reads: its period around `date`, and the earlier periods that roll into it. */
function budgetSpans(row: BudgetRow, date: CalendarDate) {
  const current = periodSpan(row.period, date);
  const carried = row.rollover
    ? rolloverSpan(row.period, row.startsOn, current.from, ROLLOVER_MAX_PERIODS[row.period])
    : null;
  return { current, carried };
}

/** Buckets with their category names normalized (as categories.normalized_name), once per read. */
type KeyedBucket = ExpenseBucket & { key: string };

/** Cents spent in the span: the budget's category (or every category for the overall budget). */
function spentIn(buckets: KeyedBucket[], row: BudgetRow, span: DateSpan): number {
  const category = row.categoryName === null ? null : normalizeCategoryName(row.categoryName);
  let total = 0;
  for (const bucket of buckets) {
    if (category !== null && bucket.key !== category) continue;
    const start = row.period === 'WEEKLY' ? bucket.weekStart : bucket.monthStart;
    if (start >= span.from && start <= span.to) total += bucket.amountCents;
  }
  return total;
}

const roundTo2 = (value: number) => Math.round(value * 100) / 100;

export interface BudgetFigures {
  span: DateSpan;
  amountCents: number;
  carriedCents: number;
  budgetedCents: number;
  spentCents: number;
  projectedCents: number;
  daysLeft: number;
}

function figuresFor(row: BudgetRow, buckets: KeyedBucket[], date: CalendarDate, today: CalendarDate): BudgetFigures {
  const { current, carried } = budgetSpans(row, date);
  // Each earlier period leaves (amount − its spending); with the current amount for all of them the
  // sum is periods × amount − what they spent together.
  const carriedCents = carried ? carried.periods * row.amountCents - spentIn(buckets, row, carried) : 0;
  const spentCents = spentIn(buckets, row, current);
  const length = daysBetween(current.from, current.to) + 1;
  let daysLeft = 0;
  let projectedCents = spentCents;
  if (today < current.from) daysLeft = length;
  else if (today <= current.to) {
    daysLeft = daysBetween(today, current.to) + 1;
    const elapsed = length - daysLeft + 1;
    projectedCents = Math.round((spentCents * length) / elapsed);
  }
  return {
    span: current,
    amountCents: row.amountCents,
    carriedCents,
    budgetedCents: row.amountCents + carriedCents,
    spentCents,
    projectedCents,
    daysLeft,
  };
}

/**
 * The figures of each budget for the period around `date`, from one grouped read of the daily
 * rollup covering every budget's period and rollover history. `today` (the user's) sets the pace
 * for the projection and the days left.
 */
export async function computeBudgetFigures(
  db: Db,
  userId: string,
  rows: BudgetRow[],
  date: CalendarDate,
  today: CalendarDate,
): Promise<BudgetFigures[]> {
  if (rows.length === 0) return [];
  let from: CalendarDate | null = null;
  let to: CalendarDate | null = null;
  for (const row of rows) {
    const { current, carried } = budgetSpans(row, date);
    const first = carried?.from ?? current.from;
    if (from === null || first < from) from = first;
    if (to === null || current.to > to) to = current.to;
  }
  const buckets = (await sumExpenseBuckets(db, userId, { from: from ?? date, to: to ?? date })).map((bucket) => ({
    ...bucket,
    key: normalizeCategoryName(bucket.category),
  }));
  return rows.map((row) => figuresFor(row, buckets, date, today));
}

export function toPeriodStatus(row: BudgetRow, figures: BudgetFigures): BudgetPeriodStatus {
  const remainingCents = figures.budgetedCents - figures.spentCents;
  return {
    budget: toBudget(row),
    from: figures.span.from,
    to: figures.span.to,
    budgeted: fromCents(figures.budgetedCents),
    carriedOver: fromCents(figures.carriedCents),
    spent: fromCents(figures.spentCents),
    remaining: fromCents(remainingCents),
    percent: figures.budgetedCents > 0 ? roundTo2((figures.spentCents / figures.budgetedCents) * 100) : null,
    projected: fromCents(figures.projectedCents),
    daysLeft: figures.daysLeft,
    overBudget: remainingCents < 0,
  };
}

/** Whether spending has reached `threshold` percent of the budgeted amount (exact, in integers). */
export function thresholdReached(figures: Pick<BudgetFigures, 'budgetedCents' | 'spentCents'>, threshold: number) {
  if (figures.spentCents <= 0) return false;
  return figures.spentCents * 100 >= threshold * figures.budgetedCents;
}

export async function budgetStatusList(
  db: Db,
  userId: string,
  rows: BudgetRow[],
  date: CalendarDate,
  today: CalendarDate,
): Promise<BudgetStatusList> {
  const figures = await computeBudgetFigures(db, userId, rows, date, today);
  const statuses = rows.map((row, index) => toPeriodStatus(row, figures[index] as BudgetFigures));
  return {
    date,
    items: statuses.filter((status) => status.budget.categoryId !== null),
    overall: statuses.find((status) => status.budget.categoryId === null) ?? null,
  };
}
