import type { ReportContent } from '@finailytics/shared';
import { REPORT_STATUSES } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgEnum, pgTable, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users';

export const reportStatus = pgEnum('report_status', REPORT_STATUSES);

/**
 * One row per user and period. The unique (user, period) key is what makes a scheduled report go out
 * once even when two server processes run the scheduler, or one restarts after a crash.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    status: reportStatus('status').notNull().default('PENDING'),
    content: jsonb('content').$type<ReportContent>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    // When the next delivery attempt may start. While an attempt runs it is pushed ahead as a lease,
    // so another process leaves the report alone; null once nothing more will be tried.
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    lastError: varchar('last_error', { length: 500 }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    unique('reports_user_period_unique').on(table.userId, table.periodFrom, table.periodTo),
    index('reports_user_period_to_idx').on(table.userId, table.periodTo.desc(), table.createdAt.desc()),
    index('reports_due_attempt_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} in ('PENDING', 'FAILED') and ${table.nextAttemptAt} is not null`),
  ],
);
