import type { ReportContent, ReportStatus } from '@finailytics/shared';
import { and, count, desc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reports, users } from '../../db/schema';

export const reportColumns = {
  id: reports.id,
  userId: reports.userId,
  periodFrom: reports.periodFrom,
  periodTo: reports.periodTo,
  status: reports.status,
  content: reports.content,
  attempts: reports.attempts,
  nextAttemptAt: reports.nextAttemptAt,
  sentAt: reports.sentAt,
  createdAt: reports.createdAt,
};

export type ReportRow = {
  id: string;
  userId: string;
  periodFrom: string;
  periodTo: string;
  status: ReportStatus;
  content: ReportContent;
  attempts: number;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
};

/**
 * Stores a scheduled report unless one exists for the same user and period. Returns whether this
 * call created it: with two schedulers racing, exactly one does.
 */
export async function insertReportOnce(
  db: Db,
  values: { userId: string; from: string; to: string; content: ReportContent; status: ReportStatus; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(reports)
    .values({
      userId: values.userId,
      periodFrom: values.from,
      periodTo: values.to,
      content: values.content,
      status: values.status,
      nextAttemptAt: values.status === 'PENDING' ? values.now : null,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoNothing({ target: [reports.userId, reports.periodFrom, reports.periodTo] })
    .returning({ id: reports.id });
  return inserted.length > 0;
}

/**
 * Stores a report the user asked for and leases it to the caller for sending (attempts + 1, next
 * attempt pushed to `leaseUntil`). An existing report for the period is refreshed, unless another
 * process holds its lease right now: then nothing is returned and that process delivers it.
 */
export async function upsertLeasedReport(
  db: Db,
  values: {
    userId: string;
    from: string;
    to: string;
    content: ReportContent;
    hasActivity: boolean;
    now: Date;
    leaseUntil: Date;
  },
): Promise<ReportRow | undefined> {
  const status: ReportStatus = values.hasActivity ? 'PENDING' : 'NO_ACTIVITY';
  const nextAttemptAt = values.hasActivity ? values.leaseUntil : null;
  const [row] = await db
    .insert(reports)
    .values({
      userId: values.userId,
      periodFrom: values.from,
      periodTo: values.to,
      content: values.content,
      status,
      attempts: values.hasActivity ? 1 : 0,
      nextAttemptAt,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoUpdate({
      target: [reports.userId, reports.periodFrom, reports.periodTo],
      set: {
        content: values.content,
        status,
        attempts: values.hasActivity ? sql`${reports.attempts} + 1` : reports.attempts,
        nextAttemptAt,
        sentAt: null,
        lastError: null,
        updatedAt: values.now,
      },
      setWhere: sql`not (${reports.status} = 'PENDING' and ${reports.nextAttemptAt} > ${values.now})`,
    })
    .returning(reportColumns);
  return row;
}

export interface LeasedReport {
  id: string;
  attempts: number;
  content: ReportContent;
  email: string;
  name: string;
}

/**
 * Takes the next report due for delivery and leases it: attempts + 1 and the next attempt pushed to
 * `leaseUntil`, in one statement. SKIP LOCKED lets several processes take different reports at once;
 * the lease keeps a report away from the others while it is being sent, and hands it back if the
 * process dies mid-send.
 */
export async function leaseNextDueReport(db: Db, now: Date, leaseUntil: Date): Promise<LeasedReport | undefined> {
  const due = db
    .select({ id: reports.id })
    .from(reports)
    .where(and(sql`${reports.status} in ('PENDING', 'FAILED')`, lte(reports.nextAttemptAt, now)))
    .orderBy(reports.nextAttemptAt)
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await db
    .update(reports)
    .set({ status: 'PENDING', attempts: sql`${reports.attempts} + 1`, nextAttemptAt: leaseUntil, updatedAt: now })
    .from(users)
    .where(and(eq(reports.id, sql`(${due})`), eq(users.id, reports.userId)))
    .returning({
      id: reports.id,
      attempts: reports.attempts,
      content: reports.content,
      email: users.email,
      name: users.name,
    });
  return row;
}

/** Records a delivery; only the holder of the lease (same attempt number) may. */
export async function markReportSent(db: Db, id: string, attempt: number, now: Date): Promise<void> {
  await db
    .update(reports)
    .set({ status: 'SENT', sentAt: now, nextAttemptAt: null, lastError: null, updatedAt: now })
    .where(and(eq(reports.id, id), eq(reports.attempts, attempt)));
}

export async function markReportFailed(
  db: Db,
  id: string,
  attempt: number,
  error: string,
  retryAt: Date | null,
  now: Date,
): Promise<void> {
  await db
    .update(reports)
    .set({ status: 'FAILED', lastError: error.slice(0, 500), nextAttemptAt: retryAt, updatedAt: now })
    .where(and(eq(reports.id, id), eq(reports.attempts, attempt)));
}

export async function findReport(db: Db, userId: string, id: string): Promise<ReportRow | undefined> {
  const [row] = await db
    .select(reportColumns)
    .from(reports)
    .where(and(eq(reports.id, id), eq(reports.userId, userId)));
  return row;
}

export async function listReportsPage(db: Db, userId: string, page: number, pageSize: number) {
  const [rows, [total]] = await Promise.all([
    db
      .select(reportColumns)
      .from(reports)
      .where(eq(reports.userId, userId))
      .orderBy(desc(reports.periodTo), desc(reports.createdAt), desc(reports.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(reports).where(eq(reports.userId, userId)),
  ]);
  return { rows, totalCount: total?.total ?? 0 };
}
