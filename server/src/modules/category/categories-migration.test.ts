import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CATEGORIES } from '@finailytics/shared';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { categories, transactions } from '../../db/schema';
import { migrationsFolder } from '../../lib/paths';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, income, insertTransactions, readDailyTotals } from '../../test/ledger';

// The migration works through every user's rows: a database no other test file writes to.
const database = usePrivateTestDatabase();

/**
 * The migration's data statements (the last three: categories from typed names, transactions to the
 * chosen spelling, the starter set), run again over a ledger written the way the previous version
 * wrote it: names typed freely, no category rows.
 */
const dataStatements = readFileSync(path.join(migrationsFolder(), '0013_categories_rules_budgets.sql'), 'utf8')
  .split('--> statement-breakpoint')
  .slice(-3);

async function runMigrationData() {
  // Before the migration there were no category rows at all (the factory and earlier tests made some).
  await database.db.delete(categories);
  for (const statement of dataStatements) await database.db.execute(sql.raw(statement));
}

/** Per type, category and day, summed: what analytics reads. */
const sumByCategory = (rows: Awaited<ReturnType<typeof readDailyTotals>>, normalise: (name: string) => string) => {
  const sums = new Map<string, { cents: number; count: number }>();
  for (const row of rows) {
    const key = `${row.date}|${row.type}|${normalise(row.category)}`;
    const sum = sums.get(key) ?? { cents: 0, count: 0 };
    sums.set(key, { cents: sum.cents + row.amountCents, count: sum.count + row.transactionCount });
  }
  return Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)));
};

describe('the categories migration', () => {
  it('makes one category per spelling family, named by the most used spelling, and merges in the starter set', async () => {
    const user = await createUser(database.db);
    await insertTransactions(database.db, user.id, [
      expense(10, '2026-01-01', 'groceries'),
      expense(11, '2026-01-01', 'Groceries'),
      expense(12, '2026-01-02', 'Groceries'),
      expense(13, '2026-01-03', ' GROCERIES '),
      expense(20, '2026-01-04', 'Pet   food'),
      expense(21, '2026-01-04', 'pet food'),
      expense(22, '2026-01-05', 'Pet food'),
      income(100, '2026-01-01', 'groceries'),
      income(200, '2026-01-02', 'Side gig'),
    ]);
    const before = await readDailyTotals(database.db, [user.id]);

    await runMigrationData();

    const rows = await database.db
      .select({ kind: categories.kind, name: categories.name })
      .from(categories)
      .where(eq(categories.userId, user.id))
      .orderBy(asc(categories.kind), asc(categories.normalizedName));
    const names = rows.map((row) => `${row.kind} ${row.name}`);
    // Groceries: 2 uses against 1 each. Pet food: a tie of one use each, the first alphabetically ('Pet food' < 'pet food').
    expect(names).toContain('EXPENSE Groceries');
    expect(names).toContain('EXPENSE Pet food');
    expect(names).toContain('INCOME groceries');
    expect(names).toContain('INCOME Side gig');
    for (const starter of DEFAULT_CATEGORIES) {
      expect(
        names.filter((name) => name.toLowerCase() === `${starter.kind} ${starter.name}`.toLowerCase()),
      ).toHaveLength(1);
    }
    expect(rows).toHaveLength(DEFAULT_CATEGORIES.length + 3);

    const written = await database.db
      .select({ type: transactions.type, category: transactions.category })
      .from(transactions)
      .where(eq(transactions.userId, user.id));
    expect(written.map((row) => `${row.type} ${row.category}`).sort()).toEqual([
      'EXPENSE Groceries',
      'EXPENSE Groceries',
      'EXPENSE Groceries',
      'EXPENSE Groceries',
      'EXPENSE Pet food',
      'EXPENSE Pet food',
      'EXPENSE Pet food',
      'INCOME Side gig',
      'INCOME groceries',
    ]);

    const after = await readDailyTotals(database.db, [user.id]);
    const normalise = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
    expect(sumByCategory(after, normalise)).toEqual(sumByCategory(before, normalise));
    expect(after.reduce((sum, row) => sum + row.amountCents, 0)).toBe(
      before.reduce((sum, row) => sum + row.amountCents, 0),
    );
    // The rollup holds the chosen spellings only.
    expect([...new Set(after.map((row) => row.category))].sort()).toEqual([
      'Groceries',
      'Pet food',
      'Side gig',
      'groceries',
    ]);
  });

  it('keeps the spelling a user typed over the starter set’s', async () => {
    const user = await createUser(database.db);
    await insertTransactions(database.db, user.id, [expense(5, '2026-02-01', 'groceries')]);
    await runMigrationData();
    const rows = await database.db
      .select({ name: categories.name, colour: categories.colour })
      .from(categories)
      .where(eq(categories.userId, user.id));
    expect(rows.filter((row) => row.name.toLowerCase() === 'groceries')).toEqual([
      { name: 'groceries', colour: '#2563eb' },
    ]);
    expect(rows).toHaveLength(DEFAULT_CATEGORIES.length);
  });
});
