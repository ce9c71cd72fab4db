import { REPORT_FREQUENCIES } from '@finailytics/shared';
import { boolean, date, pgEnum, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const reportFrequency = pgEnum('report_frequency', REPORT_FREQUENCIES);

export const reportSettings = pgTable('report_settings', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  frequency: reportFrequency('frequency').notNull().default('MONTHLY'),
  isEnabled: boolean('is_enabled').notNull().default(true),
  // A calendar date in the user's time zone.
  nextReportDate: date('next_report_date', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
