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
import { type BudgetRow, type SpendingAnswer, type SpendingRequest, sumBudgetSpending } from './budget.repository';
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

function figuresFor(
  row: BudgetRow,
  spending: SpendingAnswer,
  spans: ReturnType<typeof budgetSpans>,
  today: CalendarDate,
): BudgetFigures {
  const { current, carried } = spans;
  // Each earlier period leaves (amount − its spending); with the current amount for all of them the
  // sum is periods × amount − what they spent together.
  const carriedCents = carried ? carried.periods * row.amountCents - spending.carriedCents : 0;
  const spentCents = spending.currentCents;
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
 * The figures of each budget for the period around `date`, from one statement over the daily
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
  const spans = rows.map((row) => budgetSpans(row, date));
  let from: CalendarDate = date;
  let to: CalendarDate = date;
  for (const { current, carried } of spans) {
    const first = carried?.from ?? current.from;
    if (first < from) from = first;
    if (current.to > to) to = current.to;
  }
  const requests: SpendingRequest[] = rows.map((row, index) => ({
    categoryKey: row.categoryId === null ? null : (row.categoryKey ?? normalizeCategoryName(row.categoryName ?? '')),
    period: row.period,
    current: spans[index]?.current ?? periodSpan(row.period, date),
    carried: spans[index]?.carried ?? null,
  }));
  const spending = await sumBudgetSpending(db, userId, { from, to }, requests);
  return rows.map((row, index) =>
    figuresFor(
      row,
      spending[index] ?? { currentCents: 0, carriedCents: 0 },
      spans[index] ?? budgetSpans(row, date),
      today,
    ),
  );
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
