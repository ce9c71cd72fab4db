import { RULE_FIELDS, RULE_OPERATORS } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgEnum, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { categories } from './categories';
import { paymentMethod, transactionType } from './transactions';
import { users } from './users';

export const ruleField = pgEnum('rule_field', RULE_FIELDS);
export const ruleOperator = pgEnum('rule_operator', RULE_OPERATORS);

/**
 * Categorisation rules, applied in `position` order; the first that matches wins. The pattern is
 * matched literally and case-insensitively (never as a regular expression, so no rule can be made
 * to run for long). A rule follows its category through renames and merges by id, and leaves with it.
 */
export const rules = pgTable(
  'rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    field: ruleField('field').notNull(),
    operator: ruleOperator('operator').notNull(),
    pattern: varchar('pattern', { length: 100 }).notNull(),
    // Both bounds inclusive, in cents; null means open.
    amountMinCents: bigint('amount_min_cents', { mode: 'number' }),
    amountMaxCents: bigint('amount_max_cents', { mode: 'number' }),
    // Null matches both kinds.
    transactionType: transactionType('transaction_type'),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
    setTitle: varchar('set_title', { length: 255 }),
    setPaymentMethod: paymentMethod('set_payment_method'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    index('rules_user_position_idx').on(table.userId, table.position),
    index('rules_category_idx').on(table.categoryId),
    check(
      'rules_amount_range',
      sql`${table.amountMinCents} is null or ${table.amountMaxCents} is null or ${table.amountMinCents} <= ${table.amountMaxCents}`,
    ),
  ],
);
