import { PAYMENT_METHODS, RECURRING_INTERVALS, TRANSACTION_TYPES } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { transfers } from './transfers';
import { users } from './users';

/**
 * The text keyword search reads: title, category and description joined by a control character
 * (which keywords never contain), so a match cannot span two fields. The trigram index below is
 * built on exactly this expression, which is what lets the planner use it.
 */
function searchText(table: { title: AnyPgColumn; category: AnyPgColumn; description: AnyPgColumn }) {
  return sql`(${table.title} || chr(31) || ${table.category} || chr(31) || coalesce(${table.description}, ''))`;
}

export const transactionType = pgEnum('transaction_type', TRANSACTION_TYPES);
export const paymentMethod = pgEnum('payment_method', PAYMENT_METHODS);
export const recurringInterval = pgEnum('recurring_interval', RECURRING_INTERVALS);

export const transactions = pgTable(
  'transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // NOT NULL in the database. A writer that names no account gets the user's default one from the
    // transactions_fill_account trigger, so inserts send NULL here rather than a value computed in JS.
    accountId: uuid('account_id')
      .notNull()
      .$defaultFn(() => sql`null`),
    title: varchar('title', { length: 255 }).notNull(),
    description: text('description'),
    type: transactionType('type').notNull(),
    // Integer minor units (cents); the API speaks decimals and converts at the edge.
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    category: varchar('category', { length: 50 }).notNull(),
    // A calendar date: the day the money moved, with no time zone attached.
    date: date('date', { mode: 'string' }).notNull(),
    paymentMethod: paymentMethod('payment_method').notNull().default('CASH'),
    isRecurring: boolean('is_recurring').notNull().default(false),
    recurringInterval: recurringInterval('recurring_interval'),
    nextRecurringDate: date('next_recurring_date', { mode: 'string' }),
    recurringEndDate: date('recurring_end_date', { mode: 'string' }),
    // Set on occurrences a recurring template created; (template, date) is unique so each is made once.
    templateId: uuid('template_id').references((): AnyPgColumn => transactions.id, { onDelete: 'set null' }),
    // Set on both legs of a transfer between two accounts; such rows are never income or expense.
    transferId: uuid('transfer_id').references(() => transfers.id, { onDelete: 'cascade' }),
    // Where an imported row came from (an OFX FITID, or a hash for CSV and QIF rows): unique per account,
    // which is what makes a re-imported or overlapping statement add only what is new.
    sourceId: varchar('source_id', { length: 100 }),
    // Reconciliation: when the person ticked the row off against the bank's statement.
    clearedAt: timestamp('cleared_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    check('transactions_amount_positive', sql`${table.amountCents} > 0`),
    // Through (account, user), so a transaction can never sit in another user's account.
    foreignKey({
      name: 'transactions_account_user_fk',
      columns: [table.accountId, table.userId],
      foreignColumns: [accounts.id, accounts.userId],
    }),
    index('transactions_user_account_date_idx').on(table.userId, table.accountId, table.date.desc(), table.id.desc()),
    index('transactions_user_date_idx').on(table.userId, table.date.desc(), table.id.desc()),
    index('transactions_user_created_idx').on(table.userId, table.createdAt.desc(), table.id.desc()),
    index('transactions_user_amount_idx').on(table.userId, table.amountCents.desc(), table.id.desc()),
    // Serves the category filter in the list's default order, and the per-user category counts.
    index('transactions_user_category_date_idx').on(table.userId, table.category, table.date.desc(), table.id.desc()),
    index('transactions_user_title_idx').on(table.userId, table.title, table.id),
    // Needs the pg_trgm extension, created by the enable_pg_trgm migration that precedes this index.
    index('transactions_search_trgm_idx').using('gin', sql`${searchText(table)} gin_trgm_ops`),
    index('transactions_due_recurring_idx')
      .on(table.nextRecurringDate)
      .where(sql`${table.isRecurring} and ${table.nextRecurringDate} is not null`),
    uniqueIndex('transactions_template_occurrence_unique').on(table.templateId, table.date),
    uniqueIndex('transactions_account_source_unique')
      .on(table.accountId, table.sourceId)
      .where(sql`${table.sourceId} is not null`),
    index('transactions_transfer_idx').on(table.transferId).where(sql`${table.transferId} is not null`),
  ],
);

export const transactionSearchText = searchText(transactions);
