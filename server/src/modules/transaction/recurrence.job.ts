import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../../db/client';
import { addDays, type CalendarDate, calendarDateIn } from '../../lib/calendar';
import type { Clock } from '../../lib/clock';
import { asRecurringTemplate, type MaterializeHooks, materializeTemplate, OCCURRENCE_BATCH } from './recurrence';
import { findDueTemplateIds, lockTemplate, lockUserTemplates } from './transaction.repository';

export interface RecurringRunOptions extends MaterializeHooks {
  /** How many due template ids are read per page; each template still gets its own transaction. */
  pageSize?: number;
  /** Occurrences per database transaction (OCCURRENCE_BATCH by default). */
  batchSize?: number;
}

/**
 * Batches one run gives a single template before it moves on: a daily series across the whole
 * supported range (1900–2100, about 73,400 days) fits in 147 batches of 500. A template still behind
 * after this many is carried on by the next run, so no run is unbounded whatever the data says.
 */
export const MAX_BATCHES_PER_TEMPLATE = 200;

export interface RecurringRunResult {
  /** Templates that were due and processed by this run. */
  templates: number;
  /** Occurrences this run created. */
  occurrences: number;
}

/**
 * "Today" is each user's own calendar day in their time zone (users.timezone): a rent due on the
 * 1st appears on the 1st where the user lives, not when it is already the 1st in UTC.
 */
function todayFor(timeZone: string, now: Date): CalendarDate {
  try {
    return calendarDateIn(timeZone, now);
  } catch {
    return calendarDateIn('UTC', now);
  }
}

/**
 * Works one template's backlog off in batches of `batchSize` occurrences, each batch its own
 * transaction under `FOR UPDATE SKIP LOCKED` that commits the occurrences with the template's
 * advance, and gives the event loop a turn between batches. Stops when the template is up to date,
 * taken by another process, or after MAX_BATCHES_PER_TEMPLATE batches.
 */
async function materializeInBatches(
  db: Db,
  id: string,
  horizon: CalendarDate,
  now: Date,
  batchSize: number,
  hooks: MaterializeHooks,
): Promise<{ batches: number; created: number }> {
  let created = 0;
  let batches = 0;
  while (batches < MAX_BATCHES_PER_TEMPLATE) {
    const batch = await db.transaction(async (tx) => {
      const row = await lockTemplate(tx, id, horizon);
      // Gone, no longer due, or being handled by another run right now.
      const template = row ? asRecurringTemplate(row) : null;
      if (!row || !template) return null;
      const today = todayFor(row.timezone, now);
      if (template.nextRecurringDate > today) return null;
      return materializeTemplate(tx, template, today, now, { ...hooks, limit: batchSize });
    });
    if (batch === null) break;
    batches += 1;
    created += batch.created;
    if (!batch.behind) break;
    await yieldToEventLoop();
  }
  return { batches, created };
}

/**
 * Creates every due occurrence of every recurring template, up to each user's today, and advances
 * the templates, in batches of at most OCCURRENCE_BATCH occurrences per template and transaction.
 * Each batch is its own transaction under `FOR UPDATE SKIP LOCKED`, so
 * several processes can run this at once: each template is taken by one of them, the others pass
 * it by. Occurrences and the template's advance commit together, and the unique (template, date)
 * index makes a repeated insert a no-op, so an occurrence is never lost nor created twice.
 * A template that fails is left as it was for the next run; the others still go ahead.
 */
export async function materializeDueRecurringTransactions(
  deps: { db: Db; clock: Clock },
  options: RecurringRunOptions = {},
): Promise<RecurringRunResult> {
  const { db, clock } = deps;
  const now = clock.now();
  // Nowhere on Earth is it later than UTC+14, so nothing can be due after tomorrow in UTC.
  const horizon = addDays(calendarDateIn('UTC', now), 1);
  const pageSize = options.pageSize ?? 500;
  const batchSize = options.batchSize ?? OCCURRENCE_BATCH;
  const result: RecurringRunResult = { templates: 0, occurrences: 0 };
  const failures: Array<{ templateId: string; error: unknown }> = [];

  let cursor: string | null = null;
  for (;;) {
    const page = await findDueTemplateIds(db, horizon, cursor, pageSize);
    if (page.length === 0) break;
    cursor = page[page.length - 1] ?? null;

    for (const id of page) {
      try {
        const done = await materializeInBatches(db, id, horizon, now, batchSize, options);
        if (done.batches > 0) {
          result.templates += 1;
          result.occurrences += done.created;
        }
      } catch (error) {
        failures.push({ templateId: id, error });
      }
    }
  }

  if (failures.length > 0) {
    throw new AggregateError(
      failures.map((failure) => failure.error),
      `Recurring transactions: ${failures.length} template(s) failed (${failures
        .map((failure) => failure.templateId)
        .join(', ')}); ${result.occurrences} occurrence(s) created for ${result.templates} other template(s)`,
    );
  }
  return result;
}

/** Occurrences the report job may create for one user before it sums up a period: four batches. */
export const USER_CATCH_UP_LIMIT = 4 * OCCURRENCE_BATCH;

/**
 * Creates the due occurrences of one user's templates, up to `today`, inside the caller's
 * transaction. The report job runs it before it sums a period up: otherwise a report made after
 * downtime, or while another instance is still working through the backlog, would leave out
 * occurrences that fall in its period. A template another process is materializing right now is
 * waited for rather than skipped; PostgreSQL then reads it again, and one already advanced past
 * `today` no longer matches. At most `limit` occurrences are created in one call, so a report never
 * carries a long backlog in one transaction: `complete` is false when some are still due, and the
 * caller leaves the report for a later round, by when the recurring job has caught up.
 */
export async function materializeUserTemplates(
  tx: Db,
  userId: string,
  today: CalendarDate,
  now: Date,
  limit: number = USER_CATCH_UP_LIMIT,
): Promise<{ created: number; complete: boolean }> {
  const rows = await lockUserTemplates(tx, userId, today);
  let created = 0;
  let budget = limit;
  for (const row of rows) {
    let template = asRecurringTemplate(row);
    while (template !== null) {
      if (budget <= 0) return { created, complete: false };
      const limit = Math.min(budget, OCCURRENCE_BATCH);
      const batch = await materializeTemplate(tx, template, today, now, { limit });
      created += batch.created;
      // Counted by dates handed out, not rows written, so repeats (already there) still use it up.
      budget -= limit;
      if (!batch.behind || batch.nextRecurringDate === null) break;
      template = { ...template, nextRecurringDate: batch.nextRecurringDate };
    }
  }
  return { created, complete: true };
}
