import { bigint, date, integer, pgTable, primaryKey, uuid, varchar } from 'drizzle-orm/pg-core';
import { transactionType } from './transactions';

/**
 * Per user, day, type and category: the sum and count of transactions. Triggers on `transactions`
 * (the plpgsql in the daily_totals_triggers migration) keep it equal to the ledger inside the same database transaction as every
 * insert, update and delete, whichever code writes them, so dashboards read a few thousand rows
 * instead of scanning up to millions.
 *
 * No foreign key to users: deleting a user cascades to their transactions, whose delete trigger then
 * empties these rows; a key of its own would have this table's rows vanish first and the trigger's
 * write refused.
 */
export const transactionDailyTotals = pgTable(
  'transaction_daily_totals',
  {
    userId: uuid('user_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    type: transactionType('type').notNull(),
    category: varchar('category', { length: 50 }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    transactionCount: integer('transaction_count').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.date, table.type, table.category] })],
);
