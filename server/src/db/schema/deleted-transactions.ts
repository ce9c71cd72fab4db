import { index, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** One deleted transaction as it was stored, dates as ISO strings (how JSON keeps them). */
export interface DeletedTransactionRow {
  id: string;
  title: string;
  description: string | null;
  type: 'INCOME' | 'EXPENSE';
  amountCents: number;
  category: string;
  date: string;
  paymentMethod: string;
  isRecurring: boolean;
  recurringInterval: string | null;
  nextRecurringDate: string | null;
  recurringEndDate: string | null;
  templateId: string | null;
  /** Absent in batches kept before accounts; an account deleted since restores into the default one. */
  accountId?: string | null;
  /** Both legs of a transfer are deleted, kept and restored together. */
  transferId?: string | null;
  sourceId?: string | null;
  clearedAt?: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * What one delete removed, kept for a short while so it can be undone exactly: the rows as they were
 * (ids, timestamps and recurring schedules included) and the occurrences that lost their template
 * (the foreign key sets theirs to null), so an undo links them back. The scheduler removes expired
 * ones; the user's deletion removes theirs.
 */
export const deletedTransactionBatches = pgTable(
  'deleted_transaction_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rows: jsonb('rows').$type<DeletedTransactionRow[]>().notNull(),
    // Occurrence id → the deleted template it belonged to.
    detachedOccurrences: jsonb('detached_occurrences').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    index('deleted_transaction_batches_user_idx').on(table.userId),
    index('deleted_transaction_batches_expires_idx').on(table.expiresAt),
  ],
);
