import {
  type AnalyticsChart,
  type AnalyticsSummary,
  type BreakdownItem,
  type DateRangeInput,
  type ExpenseBreakdown,
  type FoldedCategory,
  type FoldedRest,
  fromCents,
  OTHERS_CATEGORY,
  OTHERS_FOLDED_MAX,
} from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { calendarDateIn } from '../../lib/calendar';
import { findColoursByName } from '../category/category.repository';
import {
  type CategorySlot,
  findTransactionDateBounds,
  sumChartBuckets,
  sumExpenseCategoriesRanked,
  sumPeriodTotals,
} from './analytics.repository';
import { chartGranularity, presetInfo, previousPeriod, type ResolvedRange, resolveDateRange } from './date-range';

type AnalyticsDeps = Pick<AppDeps, 'db' | 'clock'>;

/** Who the numbers are for: the id scopes every query, the zone decides what "today" is. */
export interface AnalyticsUser {
  id: string;
  timezone: string;
}

/** Categories shown by name in a breakdown; the rest are summed into "Others". */
export const TOP_CATEGORIES = 3;

export function resolveUserRange(deps: AnalyticsDeps, user: AnalyticsUser, input: DateRangeInput) {
  const today = calendarDateIn(user.timezone, deps.clock.now());
  return resolveDateRange(input, today, () => findTransactionDateBounds(deps.db, user.id));
}

const roundTo2 = (value: number) => Math.round(value * 100) / 100;

/** Percent change, two decimals; null from zero, where any change would be infinite. */
export function percentageChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return roundTo2(((current - previous) / Math.abs(previous)) * 100);
}

/** Share of income kept and spent, two decimals; null without income. */
export function savingRate(incomeCents: number, expenseCents: number) {
  if (incomeCents <= 0) return { percentage: null, expenseRatio: null };
  return {
    percentage: roundTo2(((incomeCents - expenseCents) / incomeCents) * 100),
    expenseRatio: roundTo2((expenseCents / incomeCents) * 100),
  };
}

export async function getSummary(
  deps: AnalyticsDeps,
  user: AnalyticsUser,
  input: DateRangeInput,
): Promise<AnalyticsSummary> {
  const range = await resolveUserRange(deps, user, input);
  return summarize(deps, user, range);
}

export async function summarize(deps: AnalyticsDeps, user: AnalyticsUser, range: ResolvedRange) {
  const previousSpan = previousPeriod(range);
  const { current, previous } = await sumPeriodTotals(deps.db, user.id, range, previousSpan);
  const balanceCents = current.incomeCents - current.expenseCents;
  let comparison: AnalyticsSummary['percentageChange'] = null;
  if (previous && previousSpan) {
    const previousBalanceCents = previous.incomeCents - previous.expenseCents;
    comparison = {
      income: percentageChange(current.incomeCents, previous.incomeCents),
      expenses: percentageChange(current.expenseCents, previous.expenseCents),
      balance: percentageChange(balanceCents, previousBalanceCents),
      previous: {
        ...previousSpan,
        income: fromCents(previous.incomeCents),
        expenses: fromCents(previous.expenseCents),
        balance: fromCents(previousBalanceCents),
      },
    };
  }
  return {
    preset: presetInfo(range),
    totalIncome: fromCents(current.incomeCents),
    totalExpenses: fromCents(current.expenseCents),
    availableBalance: fromCents(balanceCents),
    transactionCount: current.incomeCount + current.expenseCount,
    savingRate: savingRate(current.incomeCents, current.expenseCents),
    percentageChange: comparison,
  };
}

export async function getChart(
  deps: AnalyticsDeps,
  user: AnalyticsUser,
  input: DateRangeInput,
): Promise<AnalyticsChart> {
  const range = await resolveUserRange(deps, user, input);
  const granularity = chartGranularity(range);
  const [buckets, totals] = await Promise.all([
    sumChartBuckets(deps.db, user.id, range, granularity),
    sumPeriodTotals(deps.db, user.id, range, null),
  ]);
  return {
    preset: presetInfo(range),
    granularity,
    points: buckets.map((bucket) => ({
      date: bucket.date,
      income: fromCents(bucket.incomeCents),
      expenses: fromCents(bucket.expenseCents),
    })),
    totalIncomeCount: totals.current.incomeCount,
    totalExpenseCount: totals.current.expenseCount,
  };
}

/**
 * Whole percentages that add up to exactly `points` (100 unless told; largest remainder): floor every share, then
 * hand the missing points to the largest remainders, ties to the larger amount, then to the earlier item.
 * Amounts are integer cents, so remainders are compared exactly, never as floating-point fractions.
 */
export function largestRemainderPercentages(values: number[], points = 100): number[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  if (total <= 0) return values.map(() => 0);
  const shares = values.map((value, index) => {
    const floor = Math.floor((value * points) / total);
    return { index, value, floor, remainder: value * points - floor * total };
  });
  let missing = points - shares.reduce((sum, share) => sum + share.floor, 0);
  // Equal remainders and amounts keep the items' order: sort is stable.
  const order = [...shares].sort((a, b) => b.remainder - a.remainder || b.value - a.value);
  const result = shares.map((share) => share.floor);
  for (const share of order) {
    if (missing <= 0) break;
    result[share.index] = share.floor + 1;
    missing -= 1;
  }
  return result;
}

/**
 * The top categories and "Others" in whole percentages adding up to 100. Others lists what it gathers, and
 * those percentages split Others' own points by the same rule, so an opened Others still adds up to 100.
 */
export async function breakdownExpenses(deps: Pick<AppDeps, 'db'>, userId: string, span: { from: string; to: string }) {
  const slots = await sumExpenseCategoriesRanked(deps.db, userId, span, TOP_CATEGORIES + OTHERS_FOLDED_MAX);
  const top = slots.slice(0, TOP_CATEGORIES);
  const gathered = slots.slice(TOP_CATEGORIES);
  const othersCents = gathered.reduce((sum, slot) => sum + slot.cents, 0);
  const totalCents = top.reduce((sum, slot) => sum + slot.cents, othersCents);
  const shown = gathered.length > 0 ? [...top.map((slot) => slot.cents), othersCents] : top.map((slot) => slot.cents);
  const percentages = largestRemainderPercentages(shown);
  const colours = await findColoursByName(
    deps.db,
    userId,
    'EXPENSE',
    slots.map((slot) => slot.name),
  );
  const items: BreakdownItem[] = top.map((slot, index) => ({
    name: slot.name,
    ...withColour(colours, slot.name),
    value: fromCents(slot.cents),
    percentage: percentages[index] ?? 0,
  }));
  if (gathered.length > 0) {
    const othersPercentage = percentages[top.length] ?? 0;
    items.push({
      name: OTHERS_CATEGORY,
      value: fromCents(othersCents),
      percentage: othersPercentage,
      folded: foldOthers(gathered, othersPercentage, colours),
    });
  }
  return { totalCents, items };
}

/** The colour field for a name, left out when no category has the name. */
function withColour(colours: Map<string, string>, name: string): { colour?: string } {
  const colour = colours.get(name);
  return colour ? { colour } : {};
}

function foldOthers(
  gathered: CategorySlot[],
  othersPercentage: number,
  colours: Map<string, string>,
): NonNullable<BreakdownItem['folded']> {
  const percentages = largestRemainderPercentages(
    gathered.map((slot) => slot.cents),
    othersPercentage,
  );
  const listed = gathered.slice(0, OTHERS_FOLDED_MAX);
  const categories: FoldedCategory[] = listed.map((slot, index) => ({
    name: slot.name,
    ...withColour(colours, slot.name),
    value: fromCents(slot.cents),
    percentage: percentages[index] ?? 0,
    count: slot.count,
  }));
  const remaining = gathered[OTHERS_FOLDED_MAX];
  const rest: FoldedRest | null = remaining
    ? {
        categoryCount: remaining.categoryCount,
        value: fromCents(remaining.cents),
        percentage: percentages[OTHERS_FOLDED_MAX] ?? 0,
        count: remaining.count,
      }
    : null;
  return { categories, rest };
}

export async function getExpenseBreakdown(
  deps: AnalyticsDeps,
  user: AnalyticsUser,
  input: DateRangeInput,
): Promise<ExpenseBreakdown> {
  const range = await resolveUserRange(deps, user, input);
  const { totalCents, items } = await breakdownExpenses(deps, user.id, range);
  return { preset: presetInfo(range), totalSpent: fromCents(totalCents), breakdown: items };
}
