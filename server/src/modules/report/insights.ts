import type { CategoryChange } from '../analytics/analytics.repository';

/*
 * Three sentences computed from the numbers by fixed rules, so the same data always reads the same:
 * 1. the category whose spending moved most against the previous period;
 * 2. the savings rate and where it went;
 * 3. the period's largest expense, called unusual when it is at least twice the average one and not
 *    part of a recurring series (rent every month is expected, however large).
 */

export interface InsightInput {
  currency: string;
  /** Expenses per category in this period and the previous one; null when there is no previous period. */
  categories: CategoryChange[] | null;
  savingsRate: number | null;
  previousSavingsRate: number | null;
  hasPreviousPeriod: boolean;
  expenseCents: number;
  expenseCount: number;
  largestExpense: { title: string; category: string; date: string; amountCents: number; recurring: boolean } | null;
}

/** A single expense at least this many times the period's average one is called unusual. */
export const UNUSUAL_EXPENSE_FACTOR = 2;
/** Averages over fewer expenses say too little to call any of them unusual. */
export const UNUSUAL_EXPENSE_MIN_COUNT = 3;

export function moneyFormatter(currency: string) {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  return (cents: number) => format.format(cents / 100);
}

const dayFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});
/** "Mar 1, 2026": the way the app writes dates elsewhere, not the ISO form it stores. */
export const formatDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));

const percent = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const formatPercent = (value: number) => `${percent.format(value)}%`;

function categoryInsight(input: InsightInput, money: (cents: number) => string): string {
  if (!input.categories) return 'There is no previous period to compare your spending with.';
  if (input.categories.length === 0) return 'You had no expenses in this period or the one before.';
  // Largest absolute change wins; ties go to the category first in alphabetical order (the list is sorted).
  let biggest = input.categories[0] as CategoryChange;
  for (const category of input.categories) {
    const change = Math.abs(category.currentCents - category.previousCents);
    if (change > Math.abs(biggest.currentCents - biggest.previousCents)) biggest = category;
  }
  const change = biggest.currentCents - biggest.previousCents;
  if (change === 0) return 'Your spending in every category matched the previous period.';
  const direction = change > 0 ? 'rose' : 'fell';
  if (biggest.previousCents === 0) {
    return `Spending on ${biggest.category} rose by ${money(change)}; there was none in the previous period.`;
  }
  const relative = Math.round((Math.abs(change) / biggest.previousCents) * 100);
  return `Spending on ${biggest.category} ${direction} by ${money(Math.abs(change))} (${relative}%) compared with the previous period.`;
}

function savingsInsight(input: InsightInput): string {
  const current = input.savingsRate;
  if (current === null) return 'You had no income in this period, so there is no savings rate.';
  const previous = input.previousSavingsRate;
  if (previous === null) {
    const reason = input.hasPreviousPeriod ? 'the previous period had no income' : 'there is no previous period';
    // A negative rate is spending beyond income; "you saved -42%" would read as a typo.
    const saved =
      current < 0
        ? `You spent ${formatPercent(-current)} more than your income`
        : `You saved ${formatPercent(current)} of your income`;
    return `${saved}; ${reason} to compare with.`;
  }
  const shown = (value: number) => Math.round(value * 10) / 10;
  if (shown(current) === shown(previous)) return `Your savings rate held steady at ${formatPercent(current)}.`;
  const direction = current > previous ? 'rose' : 'fell';
  return `Your savings rate ${direction} from ${formatPercent(previous)} to ${formatPercent(current)}.`;
}

function largestExpenseInsight(input: InsightInput, money: (cents: number) => string): string {
  const largest = input.largestExpense;
  if (!largest || input.expenseCount === 0) return 'There were no expenses to review.';
  const averageCents = input.expenseCents / input.expenseCount;
  const described = `${money(largest.amountCents)} for "${largest.title}" (${largest.category}) on ${formatDay(largest.date)}`;
  if (largest.recurring) return `No unusual expenses; the largest was the recurring ${described}.`;
  if (input.expenseCount >= UNUSUAL_EXPENSE_MIN_COUNT && largest.amountCents >= UNUSUAL_EXPENSE_FACTOR * averageCents) {
    const times = Math.round((largest.amountCents / averageCents) * 10) / 10;
    return `Unusual expense: ${described} was ${times}× your average expense of ${money(Math.round(averageCents))}.`;
  }
  return `No unusual expenses; the largest was ${described}.`;
}

export function buildInsights(input: InsightInput): string[] {
  const money = moneyFormatter(input.currency);
  return [categoryInsight(input, money), savingsInsight(input), largestExpenseInsight(input, money)];
}
