import type {
  DateRangeInput,
  ListReportsInput,
  Report,
  ReportContent,
  ReportFrequency,
  ReportList,
  ReportSettings,
  UpdateReportSettingsInput,
  User,
} from '@finailytics/shared';
import { REPORT_MESSAGES } from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import {
  addDays,
  addMonths,
  type CalendarDate,
  calendarDateIn,
  firstDayOfNextMonth,
  isoWeekday,
  nextMonday,
  startOfMonth,
} from '../../lib/calendar';
import { AppError, notFound } from '../../lib/errors';
import { consumeOrThrow, countAttempt } from '../../lib/rate-limit';
import { resolveUserRange } from '../analytics/analytics.service';
import { type DateSpan, previousPeriod } from '../analytics/date-range';
import {
  findReport,
  listReportsPage,
  markReportFailed,
  markReportSent,
  type ReportRow,
  upsertLeasedReport,
} from './report.repository';
import { generateReportContent } from './report-content';
import { renderReportEmail } from './report-email';
import { findReportSettingByUser, insertReportSetting, updateReportSetting } from './report-settings.repository';

type ReportDeps = Pick<AppDeps, 'db' | 'clock'>;

/** How long a process may take to send one report before another may try it again. */
export const REPORT_LEASE_MS = 10 * 60_000;
/** Waits before the 2nd, 3rd, 4th and 5th delivery attempts; after the 5th a report stays FAILED. */
export const RETRY_DELAYS_MINUTES = [5, 30, 120, 720] as const;
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;

/** The day the next scheduled report goes out: next Monday, or the 1st of next month, in the user's zone. */
export function nextReportDate(frequency: ReportFrequency, today: CalendarDate): CalendarDate {
  return frequency === 'WEEKLY' ? nextMonday(today) : firstDayOfNextMonth(today);
}

/**
 * What a scheduled report covers on `today`: the last complete Monday–Sunday week or calendar month,
 * compared with the one before it. After downtime only the latest period is reported.
 */
export function scheduledPeriod(
  frequency: ReportFrequency,
  today: CalendarDate,
): { period: DateSpan; previous: DateSpan } {
  if (frequency === 'WEEKLY') {
    const lastSunday = addDays(today, -isoWeekday(today));
    return {
      period: { from: addDays(lastSunday, -6), to: lastSunday },
      previous: { from: addDays(lastSunday, -13), to: addDays(lastSunday, -7) },
    };
  }
  const monthStart = startOfMonth(today);
  return {
    period: { from: addMonths(monthStart, -1), to: addDays(monthStart, -1) },
    previous: { from: addMonths(monthStart, -2), to: addDays(addMonths(monthStart, -1), -1) },
  };
}

type SettingsRow = NonNullable<Awaited<ReturnType<typeof findReportSettingByUser>>>;

function toReportSettings(row: SettingsRow): ReportSettings {
  return { id: row.id, frequency: row.frequency, isEnabled: row.isEnabled, nextReportDate: row.nextReportDate };
}

/** The user's settings; created with the sign-up defaults if the row is somehow missing. */
async function ensureReportSetting(deps: ReportDeps, user: Pick<User, 'id' | 'timezone'>): Promise<SettingsRow> {
  const row = await findReportSettingByUser(deps.db, user.id);
  if (row) return row;
  const now = deps.clock.now();
  return insertReportSetting(deps.db, {
    userId: user.id,
    frequency: 'MONTHLY',
    isEnabled: true,
    nextReportDate: firstDayOfNextMonth(calendarDateIn(user.timezone, now)),
    now,
  });
}

export async function getReportSettings(deps: ReportDeps, user: Pick<User, 'id' | 'timezone'>) {
  return toReportSettings(await ensureReportSetting(deps, user));
}

/** Enabling or changing the frequency schedules the next report afresh; disabling clears the date. */
export async function updateReportSettings(
  deps: ReportDeps,
  user: Pick<User, 'id' | 'timezone'>,
  input: UpdateReportSettingsInput,
): Promise<ReportSettings> {
  const current = await ensureReportSetting(deps, user);
  const now = deps.clock.now();
  const isEnabled = input.isEnabled ?? current.isEnabled;
  const frequency = input.frequency ?? current.frequency;
  let next = current.nextReportDate;
  if (!isEnabled) next = null;
  else if (!current.isEnabled || frequency !== current.frequency || next === null) {
    next = nextReportDate(frequency, calendarDateIn(user.timezone, now));
  }
  const row = await updateReportSetting(deps.db, user.id, { isEnabled, frequency, nextReportDate: next }, now);
  if (!row) throw notFound('Report settings');
  return toReportSettings(row);
}

async function generateForRange(deps: ReportDeps, user: User, input: DateRangeInput) {
  const range = await resolveUserRange(deps, user, input);
  const generated = await generateReportContent(deps, user, range, previousPeriod(range));
  return { range, ...generated };
}

/** A preview: the report's numbers and insights, neither stored nor sent. */
/**
 * The report for the range, generated but neither stored nor sent. Throttled per user
 * (REPORT_PREVIEW_MAX_PER_USER per REPORT_PREVIEW_WINDOW_SECONDS): each preview reads the ledger
 * over its whole range, and nothing else would stop a loop of them, empty periods included.
 */
export async function previewReport(
  deps: ReportDeps & Pick<AppDeps, 'rateLimits'>,
  user: User,
  input: DateRangeInput,
): Promise<ReportContent> {
  const throttle = [deps.rateLimits.reportPreviewPerUser, user.id] as const;
  return (await countAttempt([throttle], () => generateForRange(deps, user, input))).content;
}

export function toReport(row: ReportRow): Report {
  return {
    id: row.id,
    period: { from: row.periodFrom, to: row.periodTo, label: row.content.period.label },
    status: row.status,
    sentAt: row.sentAt?.toISOString() ?? null,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    content: row.content,
  };
}

export async function listReports(
  deps: ReportDeps,
  userId: string,
  input: Required<ListReportsInput>,
): Promise<ReportList> {
  const { rows, totalCount } = await listReportsPage(deps.db, userId, input.page, input.pageSize);
  return {
    items: rows.map((row) => {
      const { id, period, status, sentAt } = toReport(row);
      return { id, period, status, sentAt };
    }),
    pagination: {
      page: input.page,
      pageSize: input.pageSize,
      totalCount,
      totalPages: Math.ceil(totalCount / input.pageSize),
    },
  };
}

export async function getReport(deps: ReportDeps, userId: string, id: string): Promise<Report> {
  const row = await findReport(deps.db, userId, id);
  if (!row) throw notFound('Report');
  return toReport(row);
}

/** When a failed attempt may be retried; null once the attempts are used up. */
export function retryTime(attempt: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MINUTES[attempt - 1];
  if (delay === undefined || attempt >= MAX_DELIVERY_ATTEMPTS) return null;
  return new Date(now.getTime() + delay * 60_000);
}

export interface DeliverableReport {
  id: string;
  /** The attempt number the caller's lease holds. */
  attempts: number;
  content: ReportContent;
  email: string;
  name: string;
}

/** E-mails a leased report and records the outcome; an SMTP failure schedules a retry, it never throws. */
export async function deliverReport(
  deps: Pick<AppDeps, 'db' | 'clock' | 'mailer'>,
  report: DeliverableReport,
): Promise<{ status: 'SENT' | 'FAILED'; error?: string }> {
  try {
    await deps.mailer.send(renderReportEmail(report.content, report));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const now = deps.clock.now();
    await markReportFailed(deps.db, report.id, report.attempts, message, retryTime(report.attempts, now), now);
    return { status: 'FAILED', error: message };
  }
  await markReportSent(deps.db, report.id, report.attempts, deps.clock.now());
  return { status: 'SENT' };
}

/**
 * Generates, stores and e-mails a report for the range now, returning the stored report (SENT,
 * FAILED with a retry scheduled, or NO_ACTIVITY when the period is empty and nothing was sent).
 * Only to a verified address, and throttled per user: anyone can sign up with a stranger's address,
 * and without these the stranger's inbox could be filled with reports over a range changed each call.
 */
export async function sendReportNow(
  deps: Pick<AppDeps, 'db' | 'clock' | 'mailer' | 'rateLimits'>,
  user: User,
  input: DateRangeInput,
): Promise<Report> {
  // Checked before the throttle, so an unverified user is told why without using up the allowance.
  if (!user.emailVerified) throw new AppError('FORBIDDEN', REPORT_MESSAGES.emailNotVerified);
  const limiter = deps.rateLimits.reportSendPerUser;
  await consumeOrThrow(limiter, user.id);
  let counted = false;
  let reportId: string;
  try {
    let outcome: Awaited<ReturnType<typeof storeAndDeliver>>['outcome'];
    ({ reportId, outcome } = await storeAndDeliver(deps, user, input));
    // A mailed report counts, and so does an empty period: it was generated and stored all the same,
    // and a throttle that let those through would let a loop of empty ranges fill the reports table.
    counted = outcome === 'SENT' || outcome === 'NO_ACTIVITY';
  } finally {
    // A refusal by the mail server, a report another request is sending, or a database failure give
    // the point back. A failing counter store must not hide the original answer; at worst a point stays taken.
    if (!counted) await limiter.reward(user.id, 1).catch(() => {});
  }
  return getReport(deps, user.id, reportId);
}

/**
 * Stores the range's report and e-mails it if it has activity. `outcome`: SENT when the mail server
 * took it, NO_ACTIVITY for an empty period, OTHER when nothing was sent for another reason.
 */
async function storeAndDeliver(
  deps: Pick<AppDeps, 'db' | 'clock' | 'mailer'>,
  user: User,
  input: DateRangeInput,
): Promise<{ reportId: string; outcome: 'SENT' | 'NO_ACTIVITY' | 'OTHER' }> {
  const { range, content, hasActivity } = await generateForRange(deps, user, input);
  const now = deps.clock.now();
  const row = await upsertLeasedReport(deps.db, {
    userId: user.id,
    from: range.from,
    to: range.to,
    content,
    hasActivity,
    now,
    leaseUntil: new Date(now.getTime() + REPORT_LEASE_MS),
  });
  if (!row) throw new AppError('CONFLICT', 'This report is being sent right now. Please try again in a few minutes.');
  if (row.status !== 'PENDING')
    return { reportId: row.id, outcome: row.status === 'NO_ACTIVITY' ? 'NO_ACTIVITY' : 'OTHER' };
  const outcome = await deliverReport(deps, {
    id: row.id,
    attempts: row.attempts,
    content,
    email: user.email,
    name: user.name,
  });
  return { reportId: row.id, outcome: outcome.status === 'SENT' ? 'SENT' : 'OTHER' };
}
