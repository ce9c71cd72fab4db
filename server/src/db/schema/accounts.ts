import { ACCOUNT_KINDS } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from './users';

export const accountKind = pgEnum('account_kind', ACCOUNT_KINDS);

/**
 * Where a user's money sits: a wallet, a bank account, a credit card. Every transaction belongs to
 * exactly one; each user has exactly one default account (the partial unique index), which is where a
 * transaction lands when its writer names none (see the transactions_fill_account trigger).
 */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 60 }).notNull(),
    kind: accountKind('kind').notNull(),
    // ISO 4217; the user's currency when the account was made (one currency per user for now).
    currency: varchar('currency', { length: 3 }).notNull(),
    // Signed: a credit card opened with a debt starts below zero.
    openingBalanceCents: bigint('opening_balance_cents', { mode: 'number' }).notNull().default(0),
    openingDate: date('opening_date', { mode: 'string' }).notNull(),
    isArchived: boolean('is_archived').notNull().default(false),
    position: integer('position').notNull().default(0),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('accounts_user_name_unique').on(table.userId, sql`lower(${table.name})`),
    uniqueIndex('accounts_user_default_unique').on(table.userId).where(sql`${table.isDefault}`),
    // The target of the transactions' (account_id, user_id) key: a transaction cannot sit in another user's account.
    unique('accounts_id_user_unique').on(table.id, table.userId),
    index('accounts_user_position_idx').on(table.userId, table.position),
  ],
);

/**
 * Each account's transactions summed (INCOME adds, EXPENSE subtracts), kept by statement-level
 * triggers on transactions; an account's balance is its opening balance plus this.
 */
export const accountBalances = pgTable('account_balances', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  balanceCents: bigint('balance_cents', { mode: 'number' }).notNull(),
  transactionCount: integer('transaction_count').notNull(),
});

/** The same sums per account and day, for balances over time (net worth); kept by the same triggers. */
export const accountDailyTotals = pgTable(
  'account_daily_totals',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    netCents: bigint('net_cents', { mode: 'number' }).notNull(),
    transactionCount: integer('transaction_count').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.date] }),
    index('account_daily_totals_user_date_idx').on(table.userId, table.date),
  ],
);
