import type { ReportFrequency } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportSettings } from '../../db/schema';

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
