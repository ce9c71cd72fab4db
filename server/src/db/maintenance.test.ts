import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useEmbeddedTestDatabase } from '../test/database';
import { createUser } from '../test/factories';
import { queryRows } from './client';
import { vacuumWhereNeeded } from './maintenance';
import { transactions } from './schema';

// The job exists for the embedded database, and a database of its own keeps other files' writes out of its counts.
const database = useEmbeddedTestDatabase();

async function deadRows(table: string): Promise<number> {
  await database.db.execute(sql`select pg_stat_force_next_flush()`);
  const rows = await queryRows<{ n_dead_tup: number | string }>(
    database.db,
    sql`select n_dead_tup from pg_stat_user_tables where relname = ${table}`,
  );
  return Number(rows[0]?.n_dead_tup ?? 0);
}

describe('vacuumWhereNeeded', () => {
  it('vacuums the ledger and its rollup once updates leave dead rows past the threshold', async () => {
    const user = await createUser(database.db);
    await database.db.execute(sql`
      insert into transactions (user_id, title, type, amount_cents, category, date)
      select ${user.id}, 'Coffee ' || g, 'EXPENSE', 100 + g, 'Food', date '2023-01-01' + (g % 1000)
      from generate_series(1, 2000) g`);
    await database.db
      .update(transactions)
      .set({ amountCents: sql`${transactions.amountCents} + 1` })
      .where(eq(transactions.userId, user.id));
    expect(await deadRows('transactions')).toBeGreaterThan(1000);

    const first = await vacuumWhereNeeded(database.db);
    expect(first.vacuumed).toEqual(expect.arrayContaining(['transactions', 'transaction_daily_totals']));
    expect(await deadRows('transactions')).toBe(0);

    // Nothing has changed since, so the next round does nothing.
    const second = await vacuumWhereNeeded(database.db);
    expect(second.vacuumed).not.toContain('transactions');
    expect(second.analyzed).not.toContain('transactions');
  });
});
