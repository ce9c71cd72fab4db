import type { BudgetPeriod } from '@finailytics/shared';
import { addDays, addMonths, type CalendarDate, daysBetween, isoWeekday, startOfMonth } from '../../lib/calendar';
import { type DateSpan, endOfMonth } from '../analytics/date-range';

/*
 * A budget's periods are calendar spans in the user's time zone: Monday–Sunday weeks (ISO weeks, as
 * the weekly report) or calendar months. Transactions carry calendar dates, so only "today" needs
 * the zone; the service works it out once and passes it in.
 */

/** The first day of the period `date` falls in. */
export function periodStart(period: BudgetPeriod, date: CalendarDate): CalendarDate {
  return period === 'WEEKLY' ? addDays(date, 1 - isoWeekday(date)) : startOfMonth(date);
}

/** The period `date` falls in. */
export function periodSpan(period: BudgetPeriod, date: CalendarDate): DateSpan {
  const from = periodStart(period, date);
  return { from, to: period === 'WEEKLY' ? addDays(from, 6) : endOfMonth(from) };
}

/** The first day of the period `steps` periods after (or, negative, before) the one starting on `start`. */
export function shiftPeriodStart(period: BudgetPeriod, start: CalendarDate, steps: number): CalendarDate {
  return period === 'WEEKLY' ? addDays(start, 7 * steps) : addMonths(start, steps);
}

/** Whole periods from the one starting on `from` up to (not including) the one starting on `to`. */
export function periodsBetween(period: BudgetPeriod, from: CalendarDate, to: CalendarDate): number {
  if (period === 'WEEKLY') return Math.round(daysBetween(from, to) / 7);
  const [fromYear = 0, fromMonth = 0] = from.split('-').map(Number);
  const [toYear = 0, toMonth = 0] = to.split('-').map(Number);
  return (toYear - fromYear) * 12 + (toMonth - fromMonth);
}

/**
 * The earlier periods whose remainders roll into the period starting on `currentStart`: from the
 * budget's first period, but never more than `maxPeriods` back. Null when there are none.
 */
export function rolloverSpan(
  period: BudgetPeriod,
  startsOn: CalendarDate,
  currentStart: CalendarDate,
  maxPeriods: number,
): (DateSpan & { periods: number }) | null {
  const first = periodStart(period, startsOn);
  const periods = Math.min(periodsBetween(period, first, currentStart), maxPeriods);
  if (periods <= 0) return null;
  return { from: shiftPeriodStart(period, currentStart, -periods), to: addDays(currentStart, -1), periods };
}
