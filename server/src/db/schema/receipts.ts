import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { transactions } from './transactions';
import { users } from './users';

/** PostgreSQL bytea; node-postgres answers with a Buffer, PGlite with a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value as ArrayLike<number>)),
});

/**
 * Scanned receipt images, re-encoded without their metadata (no GPS, no camera details), with a thumbnail.
 * Kept in the database so every server instance serves them and PGlite and PostgreSQL behave the same;
 * they leave with the account (ON DELETE CASCADE).
 *
 * `transaction_id` is the attachment. It has no foreign key on purpose: deleting a transaction keeps it
 * for the undo window (docs/receipts.md), and an undone delete restores the transaction under the same
 * id, so the link holds again with nothing to re-attach. `live_transaction_id` carries the same id with
 * a foreign key that the database clears when the transaction is deleted: a receipt with a link and no
 * live link is one whose transaction went away, which the prune job finds by an index instead of
 * checking every attached receipt.
 */
export const receipts = pgTable(
  'receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    transactionId: uuid('transaction_id'),
    liveTransactionId: uuid('live_transaction_id').references(() => transactions.id, { onDelete: 'set null' }),
    contentType: varchar('content_type', { length: 32 }).notNull(),
    image: bytea('image').notNull(),
    thumbnail: bytea('thumbnail').notNull(),
    byteLength: integer('byte_length').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    // Set while no transaction holds the receipt (a fresh scan, or one detached): pruned a day later.
    unattachedSince: timestamp('unattached_since', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('receipts_user_idx').on(table.userId),
    uniqueIndex('receipts_transaction_unique').on(table.transactionId),
    uniqueIndex('receipts_live_transaction_unique').on(table.liveTransactionId),
    index('receipts_unattached_idx').on(table.unattachedSince).where(sql`${table.unattachedSince} is not null`),
    index('receipts_released_idx')
      .on(table.transactionId)
      .where(sql`${table.transactionId} is not null and ${table.liveTransactionId} is null`),
  ],
);
