import type { RecurringInterval } from '@finailytics/shared';
import type { Db } from '../../db/client';
import { addDays, addMonths, type CalendarDate, daysBetween, parseCalendarDate } from '../../lib/calendar';
import type { TransactionRecord } from './transaction.mapper';
import { advanceTemplate, insertOccurrences } from './transaction.repository';

/*
 * A recurring transaction is a template: its own row is the first occurrence (on its `date`), and
 * occurrence k falls k intervals after it. Occurrences are always computed from the template's date,
 * never from the previous occurrence, so a monthly series on Jan 31 goes Feb 28 (29), Mar 31, Apr 30:
 * clamping one month never shortens the next.
 */

/** Occurrence k (0 is the template itself) of a series starting on `anchor`. */
export function occurrenceDate(anchor: CalendarDate, interval: RecurringInterval, k: number): CalendarDate {
  switch (interval) {
    case 'DAILY':
      return addDays(anchor, k);
    case 'WEEKLY':
      return addDays(anchor, 7 * k);
    case 'MONTHLY':
      return addMonths(anchor, k);
    case 'YEARLY':
      return addMonths(anchor, 12 * k);
  }
}

/**
 * Steps occurrenceAfter may take from its estimate. The estimate lands at most two intervals short
 * (one for the `- 1`, one for a clamped month), so a few steps always suffice; the bound makes a
 * wrong comparison a thrown error instead of a loop that never ends.
 */
const MAX_STEPS_FROM_ESTIMATE = 8;

/** The first occurrence of the series strictly after `after` (the template's own date never counts). */
export function occurrenceAfter(anchor: CalendarDate, interval: RecurringInterval, after: CalendarDate): CalendarDate {
  let k = 1;
  if (after > anchor) {
    // Jump close to the answer, then step: a daily series decades old needs no thousands of steps.
    const a = parseCalendarDate(anchor);
    const b = parseCalendarDate(after);
    const months = (b.year - a.year) * 12 + (b.month - a.month);
    const estimate =
      interval === 'DAILY'
        ? daysBetween(anchor, after)
        : interval === 'WEEKLY'
          ? Math.floor(daysBetween(anchor, after) / 7)
          : interval === 'MONTHLY'
            ? months
            : Math.floor(months / 12);
    k = Math.max(1, estimate - 1);
  }
  for (let step = 0; step <= MAX_STEPS_FROM_ESTIMATE; step++, k++) {
    const candidate = occurrenceDate(anchor, interval, k);
    if (candidate > after) return candidate;
  }
  throw new Error(`No ${interval} occurrence of ${anchor} found after ${after}`);
}

/** The next occurrence still inside the series, or null when `recurringEndDate` has passed it. */
export function nextOccurrenceWithin(
  anchor: CalendarDate,
  interval: RecurringInterval,
  after: CalendarDate,
  endDate: CalendarDate | null,
): CalendarDate | null {
  const next = occurrenceAfter(anchor, interval, after);
  return endDate !== null && next > endDate ? null : next;
}

/** A template whose series runs: the row with its interval and next date set. */
export type RecurringTemplate = Omit<TransactionRecord, 'templateId' | 'recurringInterval' | 'nextRecurringDate'> & {
  recurringInterval: RecurringInterval;
  nextRecurringDate: CalendarDate;
};

/** The row as a running template, or null when it has no schedule (not recurring, or the series ended). */
export function asRecurringTemplate(row: TransactionRecord): RecurringTemplate | null {
  const { recurringInterval, nextRecurringDate } = row;
  if (!row.isRecurring || recurringInterval === null || nextRecurringDate === null) return null;
  return { ...row, recurringInterval, nextRecurringDate };
}

/**
 * Occurrences created per database transaction, by the scheduler and by the report job: one
 * statement of this many rows keeps the embedded database (which runs on the main thread) well
 * under a blocking pause, and a long backlog is worked through batch after batch.
 */
export const OCCURRENCE_BATCH = 500;

/**
 * Up to `limit` due occurrence dates (up to and including `today`) and where the series goes next:
 * a date still ≤ `today` means more are due and the next batch picks up there.
 */
export function dueOccurrences(
  template: Pick<RecurringTemplate, 'date' | 'recurringInterval' | 'nextRecurringDate' | 'recurringEndDate'>,
  today: CalendarDate,
  limit: number = OCCURRENCE_BATCH,
): { dates: CalendarDate[]; next: CalendarDate | null } {
  const { date: anchor, recurringInterval: interval, recurringEndDate: endDate } = template;
  const dates: CalendarDate[] = [];
  let next: CalendarDate | null = template.nextRecurringDate;
  if (endDate !== null && next > endDate) next = null;
  while (next !== null && next <= today && dates.length < limit) {
    const previous: CalendarDate = next;
    dates.push(previous);
    next = nextOccurrenceWithin(anchor, interval, previous, endDate);
    // Each step must move forward, or the series would repeat a date (or never end).
    if (next !== null && next <= previous) throw new Error(`Recurring series stalled at ${previous}`);
  }
  return { dates, next };
}

export interface MaterializeHooks {
  /**
   * Runs after a template's occurrences are written and before its transaction commits. A throw
   * here rolls that template back as a crash would; tests use it to prove nothing is lost or doubled.
   */
  beforeCommit?: (templateId: string) => Promise<void> | void;
}

export interface MaterializeResult {
  created: number;
  nextRecurringDate: CalendarDate | null;
  /** True while occurrences up to `today` remain for another batch. */
  behind: boolean;
}

/**
 * Creates up to `limit` due occurrences of one template and advances it past them. Must run inside
 * a transaction that holds the template's row lock, so the inserts and the advance commit together:
 * a crash in between leaves neither, and the (template, date) unique index turns any repeat into a
 * no-op. A template further behind is `behind` afterwards; the next batch resumes at its new date.
 */
export async function materializeTemplate(
  tx: Db,
  template: RecurringTemplate,
  today: CalendarDate,
  now: Date,
  hooks: MaterializeHooks & { limit?: number } = {},
): Promise<MaterializeResult> {
  const { dates, next } = dueOccurrences(template, today, hooks.limit ?? OCCURRENCE_BATCH);
  const created = await insertOccurrences(
    tx,
    dates.map((date) => ({
      userId: template.userId,
      // Occurrences land in the series' account.
      accountId: template.accountId,
      templateId: template.id,
      // The series' own name: the list marks occurrences with a badge, not a prefix.
      title: template.title,
      description: template.description,
      type: template.type,
      amountCents: template.amountCents,
      category: template.category,
      date,
      paymentMethod: template.paymentMethod,
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
    })),
    now,
  );
  await hooks.beforeCommit?.(template.id);
  if (next !== template.nextRecurringDate) await advanceTemplate(tx, template.id, next);
  return { created, nextRecurringDate: next, behind: next !== null && next <= today };
}
