import { BUDGET_ALERT_STATUSES, BUDGET_PERIODS } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { categories } from './categories';
import { users } from './users';

export const budgetPeriod = pgEnum('budget_period', BUDGET_PERIODS);
export const budgetAlertStatus = pgEnum('budget_alert_status', BUDGET_ALERT_STATUSES);

/**
 * A spending limit per period for one expense category, or for all spending when `category_id` is
 * null (at most one such overall budget per user). With `rollover`, what was left (or overspent) in
 * each period since `starts_on` carries into the next.
 */
export const budgets = pgTable(
  'budgets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'cascade' }),
    period: budgetPeriod('period').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    rollover: boolean('rollover').notNull().default(false),
    // The first day of the first period the budget covers, in the user's time zone; rollover counts from it.
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    check('budgets_amount_positive', sql`${table.amountCents} > 0`),
    uniqueIndex('budgets_user_category_unique')
      .on(table.userId, table.categoryId)
      .where(sql`${table.categoryId} is not null`),
    uniqueIndex('budgets_user_overall_unique').on(table.userId).where(sql`${table.categoryId} is null`),
    index('budgets_category_idx').on(table.categoryId),
  ],
);

/** Per user: whether budget alerts are e-mailed, and at which percentages of a budget. */
export const budgetAlertSettings = pgTable('budget_alert_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  isEnabled: boolean('is_enabled').notNull().default(true),
  // Ascending percentages, e.g. {80,100}.
  thresholds: smallint('thresholds').array().notNull().default(sql`'{80,100}'::smallint[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * One row per budget, period and threshold crossed. The unique key is what makes an alert go out
 * once even with several schedulers racing or a restart between them (the reports' machinery):
 * `next_attempt_at` is the lease and retry time, null once nothing more will be tried.
 */
export const budgetAlerts = pgTable(
  'budget_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    budgetId: uuid('budget_id')
      .notNull()
      .references(() => budgets.id, { onDelete: 'cascade' }),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    threshold: smallint('threshold').notNull(),
    // What the budget stood at when the threshold was crossed.
    budgetedCents: bigint('budgeted_cents', { mode: 'number' }).notNull(),
    spentCents: bigint('spent_cents', { mode: 'number' }).notNull(),
    status: budgetAlertStatus('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    lastError: varchar('last_error', { length: 500 }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    // Set when the user dismisses it in the app.
    dismissedAt: timestamp('dismissed_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    unique('budget_alerts_budget_period_threshold_unique').on(table.budgetId, table.periodStart, table.threshold),
    index('budget_alerts_user_created_idx').on(table.userId, table.createdAt.desc()),
    index('budget_alerts_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} in ('PENDING', 'FAILED') and ${table.nextAttemptAt} is not null`),
  ],
);
