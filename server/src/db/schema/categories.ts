import { sql } from 'drizzle-orm';
import { pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { transactionType } from './transactions';
import { users } from './users';

/**
 * A user's categories, one list per kind (income or expense). A transaction still carries its
 * category's name (the daily totals and the wire format are keyed by it); this table is what makes
 * the names a managed list: `normalized_name` — lower-cased, trimmed, inner spaces collapsed — is
 * unique per user and kind, so "Groceries" and " groceries" are one category, and a rename or merge
 * rewrites the transactions' names in the same database transaction.
 */
export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: transactionType('kind').notNull(),
    name: varchar('name', { length: 50 }).notNull(),
    normalizedName: varchar('normalized_name', { length: 50 })
      .notNull()
      .generatedAlwaysAs(sql`lower(regexp_replace(btrim(name), '\\s+', ' ', 'g'))`),
    // '#rrggbb'; the charts draw the category in it.
    colour: varchar('colour', { length: 7 }).notNull(),
    // An emoji or short icon name; optional.
    icon: varchar('icon', { length: 32 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('categories_user_kind_name_unique').on(table.userId, table.kind, table.normalizedName)],
);
