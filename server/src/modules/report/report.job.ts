import type { Db } from '../../db/client';
import { calendarDateIn } from '../../lib/calendar';
import type { Clock } from '../../lib/clock';
import type { Mailer } from '../../lib/mailer';
import { materializeUserTemplates } from '../transaction/recurrence.job';
import { insertReportOnce, leaseNextDueReport } from './report.repository';
import { deliverReport, nextReportDate, REPORT_LEASE_MS, scheduledPeriod } from './report.service';
import { generateReportContent } from './report-content';
import { lockDueReportSettings, updateReportSetting } from './report-settings.repository';

/** The pino methods the job logs with (app.log fits). */
export interface ReportJobLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface ReportJobDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger?: ReportJobLogger;
}

export interface ReportJobResult {
  /** Reports created for periods that just ended (including NO_ACTIVITY ones). */
  created: number;
  noActivity: number;
  /** Recurring occurrences the job created itself so that its reports include them. */
  occurrences: number;
  sent: number;
  failed: number;
}

/** Settings locked per database transaction; small, so no lock is held for long. */
const SETTINGS_BATCH = 50;

/**
 * Step 1: for every user whose next report date has come (in their zone), store the report for the
 * period that just ended and move the date on, in one transaction per batch. The unique
 * (user, period) key and the row locks make this idempotent across processes and restarts: a crash
 * before commit leaves the date unmoved and nothing stored, so the next run does it again.
 */
export async function createDueReports(
  deps: ReportJobDeps,
): Promise<Pick<ReportJobResult, 'created' | 'noActivity' | 'occurrences'>> {
  const result = { created: 0, noActivity: 0, occurrences: 0 };
  const now = deps.clock.now();
  // Users whose recurring backlog is too long to catch up inside a report's transaction: their
  // report waits for a later round, by when the recurring job has worked the backlog off.
  const putOff: string[] = [];
  for (;;) {
    const handled = await deps.db.transaction(async (tx) => {
      const due = await lockDueReportSettings(tx, now, SETTINGS_BATCH, putOff);
      for (const setting of due) {
        const today = calendarDateIn(setting.timezone, now);
        const { period, previous } = scheduledPeriod(setting.frequency, today);
        // The period's recurring occurrences must exist before it is summed up, whatever the
        // recurring job (here or on another instance) has reached so far.
        const caughtUp = await materializeUserTemplates(tx, setting.userId, today, now);
        result.occurrences += caughtUp.created;
        if (!caughtUp.complete) {
          putOff.push(setting.userId);
          continue;
        }
        const { content, hasActivity } = await generateReportContent(
          { db: tx },
          { id: setting.userId, currency: setting.currency },
          period,
          previous,
        );
        const status = hasActivity ? 'PENDING' : 'NO_ACTIVITY';
        const created = await insertReportOnce(tx, { userId: setting.userId, ...period, content, status, now });
        if (created) {
          result.created += 1;
          if (!hasActivity) result.noActivity += 1;
        }
        await updateReportSetting(
          tx,
          setting.userId,
          { nextReportDate: nextReportDate(setting.frequency, today) },
          now,
        );
      }
      return due.length;
    });
    if (handled < SETTINGS_BATCH) return result;
  }
}

/**
 * Step 2: e-mail every stored report that is due (new, or failed and past its backoff), one lease
 * at a time. Each lease is committed before the message goes out, so two processes never send the
 * same report, and a process that dies mid-send hands the report back when its lease runs out.
 */
export async function deliverDueReports(deps: ReportJobDeps): Promise<Pick<ReportJobResult, 'sent' | 'failed'>> {
  const result = { sent: 0, failed: 0 };
  for (;;) {
    const now = deps.clock.now();
    const report = await leaseNextDueReport(deps.db, now, new Date(now.getTime() + REPORT_LEASE_MS));
    if (!report) return result;
    const outcome = await deliverReport(deps, report);
    if (outcome.status === 'SENT') {
      result.sent += 1;
    } else {
      result.failed += 1;
      deps.logger?.warn({ reportId: report.id, attempt: report.attempts, err: outcome.error }, 'report e-mail failed');
    }
  }
}

/** The scheduler's report job: creates the reports that are due, then sends every report waiting to go out. */
export async function runDueReports(deps: ReportJobDeps): Promise<ReportJobResult> {
  const result: ReportJobResult = { ...(await createDueReports(deps)), ...(await deliverDueReports(deps)) };
  if (result.created + result.occurrences + result.sent + result.failed > 0)
    deps.logger?.info({ ...result }, 'reports processed');
  return result;
}
