import { fromCents, type ReportContent, type ReportPeriod } from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { parseCalendarDate } from '../../lib/calendar';
import { findLargestExpense, sumExpenseCategoriesAcross, sumPeriodTotals } from '../analytics/analytics.repository';
import { breakdownExpenses, savingRate } from '../analytics/analytics.service';
import { type DateSpan, endOfMonth } from '../analytics/date-range';
import { reportBudgetResults } from '../budget/budget-report';
import { buildInsights } from './insights';

export interface ReportUser {
  id: string;
  currency: string;
}

const monthYear = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthDayYear = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

const utcDate = (date: string) => new Date(`${date}T00:00:00Z`);

/** "March 2026" for a whole month, "2026" for a whole year, else "Mar 2 – Mar 8, 2026". */
export function periodLabel(span: DateSpan): string {
  const from = parseCalendarDate(span.from);
  const to = parseCalendarDate(span.to);
  if (from.day === 1 && span.to === endOfMonth(span.from)) return monthYear.format(utcDate(span.from));
  if (span.from.endsWith('-01-01') && span.to === `${from.year}-12-31`) return String(from.year);
  if (span.from === span.to) return monthDayYear.format(utcDate(span.from));
  if (from.year === to.year) {
    return `${monthDay.format(utcDate(span.from))} – ${monthDayYear.format(utcDate(span.to))}`;
  }
  return `${monthDayYear.format(utcDate(span.from))} – ${monthDayYear.format(utcDate(span.to))}`;
}

export interface GeneratedReport {
  content: ReportContent;
  /** False when the period holds no transaction at all. */
  hasActivity: boolean;
}

/**
 * Computes a report's numbers and insights for a period. `previous` is the period it is compared
 * with (the previous month for a monthly report); null when there is none (all time).
 */
export async function generateReportContent(
  deps: Pick<AppDeps, 'db'>,
  user: ReportUser,
  span: DateSpan,
  previous: DateSpan | null,
): Promise<GeneratedReport> {
  const [totals, breakdown, categories, largest, budgets] = await Promise.all([
    sumPeriodTotals(deps.db, user.id, span, previous),
    breakdownExpenses(deps, user.id, span),
    previous ? sumExpenseCategoriesAcross(deps.db, user.id, span, previous) : null,
    findLargestExpense(deps.db, user.id, span),
    reportBudgetResults(deps.db, user.id, span),
  ]);
  const { current } = totals;
  const before = totals.previous;
  const period: ReportPeriod = { from: span.from, to: span.to, label: periodLabel(span) };
  const content: ReportContent = {
    period,
    currency: user.currency,
    summary: {
      income: fromCents(current.incomeCents),
      expenses: fromCents(current.expenseCents),
      balance: fromCents(current.incomeCents - current.expenseCents),
      savingsRate: savingRate(current.incomeCents, current.expenseCents).percentage,
      topCategories: breakdown.items.map((item) => ({ name: item.name, amount: item.value, percent: item.percentage })),
    },
    insights: buildInsights({
      currency: user.currency,
      categories,
      savingsRate: savingRate(current.incomeCents, current.expenseCents).percentage,
      previousSavingsRate: before ? savingRate(before.incomeCents, before.expenseCents).percentage : null,
      hasPreviousPeriod: before !== null,
      expenseCents: current.expenseCents,
      expenseCount: current.expenseCount,
      largestExpense: largest ?? null,
    }),
    // Left out without budgets, so reports read as they did before budgets existed.
    ...(budgets.length > 0 ? { budgets } : {}),
  };
  return { content, hasActivity: current.incomeCount + current.expenseCount > 0 };
}
