import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';

/** Words the seeded titles are made of; a keyword search for one of them matches 1 row in 24. */
const MERCHANTS = [
  'Coffee Corner',
  'Grocery Mart',
  'City Transit',
  'Electric Company',
  'Book Nook',
  'Pharmacy Plus',
  'Cinema Hall',
  'Fuel Station',
  'Bakery Lane',
  'Phone Bill',
  'Gym Membership',
  'Streaming Service',
  'Hardware Store',
  'Pet Supplies',
  'Bike Repair',
  'Water Utility',
  'Flower Shop',
  'Taxi Ride',
  'Noodle House',
  'Garden Centre',
  'Music Store',
  'Parking Garage',
  'Dry Cleaner',
  'Salary',
] as const;

const CATEGORIES = [
  'Groceries',
  'Dining',
  'Transport',
  'Utilities',
  'Entertainment',
  'Health',
  'Shopping',
  'Housing',
  'Education',
  'Travel',
  'Personal Care',
  'Other',
] as const;

/** The keyword the search scenario looks for: present in 1 title in 24. */
export const SEARCH_KEYWORD = 'coffee';

/** Days back from today the seeded dates spread over: five years, so "allTime" charts 61 months. */
export const SEED_SPAN_DAYS = 1826;

function textArray(values: readonly string[]) {
  return sql.raw(`array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')}]::text[]`);
}

/** Rows per statement: bounds the transition table the daily-totals trigger aggregates. */
const CHUNK_ROWS = 100_000;

/**
 * Inserts transactions number `from` … `to - 1` for one user with one INSERT … SELECT generate_series
 * per chunk, straight into the database (the rollup triggers run as they do for any write). The
 * values are a pure function of the row number, so growing a ledger from 10k to 100k rows adds the
 * rows 10k…100k and yields the same data as seeding 100k at once.
 */
export async function seedTransactions(db: Db, userId: string, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += CHUNK_ROWS) {
    const end = Math.min(start + CHUNK_ROWS, to) - 1;
    await db.execute(sql`
      insert into transactions (user_id, title, description, type, amount_cents, category, date, payment_method)
      select ${userId}::uuid,
        (${textArray(MERCHANTS)})[1 + n % ${MERCHANTS.length}] || ' ' || n,
        case when n % 5 = 0 then 'Receipt ' || n || ' kept in the shoebox' end,
        (case when n % 10 = 0 then 'INCOME' else 'EXPENSE' end)::transaction_type,
        1 + (n::bigint * 7919) % 500000,
        (${textArray(CATEGORIES)})[1 + n % ${CATEGORIES.length}],
        current_date - (n % ${SEED_SPAN_DAYS}),
        (array['CARD', 'BANK_TRANSFER', 'MOBILE_PAYMENT', 'AUTO_DEBIT', 'CASH', 'OTHER'])[1 + n % 6]::payment_method
      from generate_series(${start}::int, ${end}::int) as n`);
  }
}
