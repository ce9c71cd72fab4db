import {
  type AnalyticsPreset,
  CHART_MAX_POINTS,
  type ChartGranularity,
  type DateRangeInput,
  PRESET_LABELS,
  type PresetInfo,
} from '@finailytics/shared';
import {
  addDays,
  addMonths,
  type CalendarDate,
  daysBetween,
  daysInMonth,
  isoWeekday,
  parseCalendarDate,
  startOfMonth,
} from '../../lib/calendar';

/** An inclusive span of calendar days. */
export interface DateSpan {
  from: CalendarDate;
  to: CalendarDate;
}

/** How a period steps back to the one before it: whole months for month and year presets, days otherwise. */
type PeriodLength = { months: number } | { days: number };

export interface ResolvedRange extends PresetInfo {
  length: PeriodLength | null;
}

export function endOfMonth(date: CalendarDate): CalendarDate {
  const { year, month } = parseCalendarDate(date);
  return `${startOfMonth(date).slice(0, 8)}${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

function presetSpan(
  preset: Exclude<AnalyticsPreset, 'allTime'>,
  today: CalendarDate,
): DateSpan & { length: PeriodLength } {
  const monthStart = startOfMonth(today);
  const year = parseCalendarDate(today).year;
  switch (preset) {
    case 'lastWeek': {
      // The last complete Monday–Sunday week, as a weekly report covers.
      const lastSunday = addDays(today, -isoWeekday(today));
      return { from: addDays(lastSunday, -6), to: lastSunday, length: { days: 7 } };
    }
    case '30days':
      return { from: addDays(today, -29), to: today, length: { days: 30 } };
    case 'thisMonth':
      return { from: monthStart, to: endOfMonth(today), length: { months: 1 } };
    case 'lastMonth':
      return { from: addMonths(monthStart, -1), to: addDays(monthStart, -1), length: { months: 1 } };
    case 'last3Months':
      return { from: addMonths(monthStart, -3), to: addDays(monthStart, -1), length: { months: 3 } };
    case 'thisYear':
      return { from: `${year}-01-01`, to: `${year}-12-31`, length: { months: 12 } };
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31`, length: { months: 12 } };
  }
}

/**
 * Turns `{ preset }` or `{ from, to }` into dates. `today` is the user's today (their time zone).
 * `allTime` spans the user's first transaction to the later of today and their last one; with no
 * transactions it is just today.
 */
export async function resolveDateRange(
  input: DateRangeInput,
  today: CalendarDate,
  allTimeBounds: () => Promise<{ first: CalendarDate | null; last: CalendarDate | null }>,
): Promise<ResolvedRange> {
  if ('from' in input) {
    const days = daysBetween(input.from, input.to) + 1;
    return { value: 'custom', label: PRESET_LABELS.custom, from: input.from, to: input.to, length: { days } };
  }
  const preset = input.preset;
  if (preset === 'allTime') {
    const { first, last } = await allTimeBounds();
    return {
      value: preset,
      label: PRESET_LABELS.allTime,
      from: first !== null && first < today ? first : today,
      to: last !== null && last > today ? last : today,
      length: null,
    };
  }
  const span = presetSpan(preset, today);
  return { value: preset, label: PRESET_LABELS[preset], ...span };
}

/** The earliest day a previous period may start on; a span reaching before it has nothing to compare with. */
const FIRST_COMPARABLE_DAY: CalendarDate = '0001-01-01';

/**
 * The same calendar span just before: previous month(s)/year for month presets, the same number of days
 * otherwise. Null for all time, and for a span whose previous one would start before year 1; ranges
 * are held to SUPPORTED_DATE_RANGE, so that guard is never the only thing between a caller and year 0.
 */
export function previousPeriod(range: ResolvedRange): DateSpan | null {
  if (range.length === null) return null;
  let from: CalendarDate;
  try {
    from =
      'months' in range.length ? addMonths(range.from, -range.length.months) : addDays(range.from, -range.length.days);
  } catch (error) {
    // The calendar refuses years outside 0–9999 rather than writing them signed.
    if (error instanceof RangeError) return null;
    throw error;
  }
  if (from < FIRST_COMPARABLE_DAY) return null;
  return { from, to: addDays(range.from, -1) };
}

export function presetInfo(range: ResolvedRange): PresetInfo {
  return { value: range.value, label: range.label, from: range.from, to: range.to };
}

/**
 * Days up to 92 (a quarter), ISO weeks up to a leap year plus a few days, then the finest of months,
 * quarters and years that keeps the chart within CHART_MAX_POINTS buckets.
 */
export function chartGranularity(span: DateSpan): ChartGranularity {
  const days = daysBetween(span.from, span.to) + 1;
  if (days <= 92) return 'day';
  if (days <= 371) return 'week';
  const from = parseCalendarDate(span.from);
  const to = parseCalendarDate(span.to);
  const monthIndex = (date: { year: number; month: number }) => date.year * 12 + date.month - 1;
  if (monthIndex(to) - monthIndex(from) + 1 <= CHART_MAX_POINTS) return 'month';
  const quarterIndex = (date: { year: number; month: number }) => Math.floor(monthIndex(date) / 3);
  if (quarterIndex(to) - quarterIndex(from) + 1 <= CHART_MAX_POINTS) return 'quarter';
  return 'year';
}
