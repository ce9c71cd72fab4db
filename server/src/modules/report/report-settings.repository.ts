import type { ReportFrequency } from '@finailytics/shared';
import { and, eq, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportSettings, users } from '../../db/schema';

export const reportSettingColumns = {
  id: reportSettings.id,
  userId: reportSettings.userId,
  frequency: reportSettings.frequency,
  isEnabled: reportSettings.isEnabled,
  nextReportDate: reportSettings.nextReportDate,
  createdAt: reportSettings.createdAt,
  updatedAt: reportSettings.updatedAt,
};

export async function insertReportSetting(
  db: Db,
  values: { userId: string; frequency: ReportFrequency; isEnabled: boolean; nextReportDate: string | null; now: Date },
) {
  const [row] = await db
    .insert(reportSettings)
    .values({
      userId: values.userId,
      frequency: values.frequency,
      isEnabled: values.isEnabled,
      nextReportDate: values.nextReportDate,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .returning(reportSettingColumns);
  if (!row) throw new Error('Insert returned no row');
  return row;
}

export async function findReportSettingByUser(db: Db, userId: string) {
  const [row] = await db.select(reportSettingColumns).from(reportSettings).where(eq(reportSettings.userId, userId));
  return row;
}

export async function updateReportSetting(
  db: Db,
  userId: string,
  changes: { frequency?: ReportFrequency; isEnabled?: boolean; nextReportDate?: string | null },
  now: Date,
) {
  const [row] = await db
    .update(reportSettings)
    .set({ ...changes, updatedAt: now })
    .where(eq(reportSettings.userId, userId))
    .returning(reportSettingColumns);
  return row;
}

/**
 * Locks up to `limit` enabled settings whose next report date has arrived in their user's time zone.
 * SKIP LOCKED: a second scheduler takes other users instead of waiting, so no user is handled twice.
 * `exceptUserIds` are left out: users this run already put off.
 */
export async function lockDueReportSettings(db: Db, now: Date, limit: number, exceptUserIds: readonly string[] = []) {
  return db
    .select({
      userId: reportSettings.userId,
      frequency: reportSettings.frequency,
      timezone: users.timezone,
      currency: users.currency,
    })
    .from(reportSettings)
    .innerJoin(users, eq(users.id, reportSettings.userId))
    .where(
      and(
        eq(reportSettings.isEnabled, true),
        // Scheduled reports go only to confirmed addresses; an unconfirmed user's date waits until they confirm.
        isNotNull(users.emailVerifiedAt),
        sql`${reportSettings.nextReportDate} <= (${now.toISOString()}::timestamptz at time zone ${users.timezone})::date`,
        exceptUserIds.length > 0 ? notInArray(reportSettings.userId, [...exceptUserIds]) : undefined,
      ),
    )
    .orderBy(reportSettings.nextReportDate, reportSettings.userId)
    .limit(limit)
    .for('update', { of: reportSettings, skipLocked: true });
}
