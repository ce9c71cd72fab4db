import { index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * A movement of money between two of a user's accounts. It is stored as two transactions (an EXPENSE
 * leg in the account it leaves, an INCOME leg in the one it reaches) that carry this row's id, so each
 * account's register and balance show it; the daily totals leave transfer legs out, which keeps a
 * transfer out of income, expenses, budgets and reports. Deleting the transfer deletes both legs.
 */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('transfers_user_idx').on(table.userId)],
);
