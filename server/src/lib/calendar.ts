/**
 * Calendar dates ("YYYY-MM-DD") are plain days with no time zone; a user's "today" is computed
 * in their IANA zone. Arithmetic on calendar dates is done in UTC, where every day has 24 hours.
 */

export type CalendarDate = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date it is at `instant` in `timeZone`. */
export function calendarDateIn(timeZone: string, instant: Date): CalendarDate {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function parseCalendarDate(date: CalendarDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

/**
 * The years a CalendarDate can name. 'YYYY-MM-DD' strings order like the days they name only while
 * the year has four digits: past 9999 toISOString writes '+010000-01-01', which sorts before
 * '9999-12-31', so a loop stepping towards a later date would never reach it. Inputs are held to
 * SUPPORTED_DATE_RANGE long before this; arithmetic that still leaves four digits throws.
 */
const FIRST_YEAR = 0;
const LAST_YEAR = 9999;

/** The day `day` of `month` of `year`, normalised (day 0 is the month before's last); four-digit years only. */
export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  const normalisedYear = d.getUTCFullYear();
  if (!Number.isInteger(normalisedYear) || normalisedYear < FIRST_YEAR || normalisedYear > LAST_YEAR) {
    throw new RangeError(
      `Calendar date out of range: year ${Number.isNaN(normalisedYear) ? 'invalid' : normalisedYear}`,
    );
  }
  return `${String(normalisedYear).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = parseCalendarDate(date);
  return formatCalendarDate(year, month, day + days);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds months keeping the day where possible and clamping to the month's last day (Jan 31 → Feb 28). */
export function addMonths(date: CalendarDate, months: number, anchorDay?: number): CalendarDate {
  const { year, month, day } = parseCalendarDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const wanted = anchorDay ?? day;
  return formatCalendarDate(targetYear, targetMonth, Math.min(wanted, daysInMonth(targetYear, targetMonth)));
}

export function startOfMonth(date: CalendarDate): CalendarDate {
  const { year, month } = parseCalendarDate(date);
  return formatCalendarDate(year, month, 1);
}

/** 1 = Monday … 7 = Sunday (ISO). */
export function isoWeekday(date: CalendarDate): number {
  const { year, month, day } = parseCalendarDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The first day of the month after the one `today` falls in. */
export function firstDayOfNextMonth(today: CalendarDate): CalendarDate {
  return addMonths(startOfMonth(today), 1);
}

/** The Monday strictly after `today`. */
export function nextMonday(today: CalendarDate): CalendarDate {
  return addDays(today, 8 - isoWeekday(today));
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
