import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { migrationsFolder } from '../../lib/paths';
import { createServerDatabase, type ServerDatabase } from '../../test/server-database';

/*
 * The accounts migration run over a database as the previous release left it: migrated up to the
 * migration before it, with users and transactions written the way that release wrote them.
 */

const ACCOUNTS_MIGRATION = '0014_accounts';

/** A copy of the migrations folder that stops just before the accounts migration. */
function migrationsBeforeAccounts(): { folder: string; remove: () => void } {
  const source = migrationsFolder();
  const folder = mkdtempSync(path.join(tmpdir(), 'finailytics-before-accounts-'));
  mkdirSync(path.join(folder, 'meta'));
  const journal = JSON.parse(readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string }>;
  };
  const cut = journal.entries.findIndex((entry) => entry.tag === ACCOUNTS_MIGRATION);
  if (cut < 0) throw new Error(`${ACCOUNTS_MIGRATION} is not in the journal`);
  const entries = journal.entries.slice(0, cut);
  for (const entry of entries)
    copyFileSync(path.join(source, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

let database: Database;
let scratch: ServerDatabase | null = null;

beforeAll(async () => {
  const url = inject('testDatabaseUrl');
  if (url) {
    scratch = await createServerDatabase(url, 'finailytics_accounts_migration');
    database = await createDatabase({ databaseUrl: scratch.url, poolSize: 2 });
  } else {
    database = await createDatabase({});
  }
  const before = migrationsBeforeAccounts();
  try {
    if (database.kind === 'pglite') {
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: before.folder });
    } else {
      await migrateNodePg(database.db as unknown as NodePgDatabase, { migrationsFolder: before.folder });
    }
  } finally {
    before.remove();
  }
});

afterAll(async () => {
  await database?.close();
  await scratch?.drop();
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

async function insertOldUser(email: string, createdAt: string, currency = 'USD'): Promise<string> {
  const [row] = await rows<{ id: string }>(sql`
    insert into users (name, email, password_hash, timezone, currency, created_at, updated_at)
    values ('Before accounts', ${email}, 'x', 'Europe/Paris', ${currency}, ${createdAt}, ${createdAt})
    returning id`);
  if (!row) throw new Error('no user');
  return row.id;
}

interface Totals {
  user_id: string;
  net: string;
  count: string;
}

const netPerUser = sql`
  select user_id::text, sum(case when type = 'INCOME' then amount_cents else -amount_cents end)::text as net,
    count(*)::text as count
  from transactions group by user_id order by user_id`;

const dailyTotals = sql`
  select user_id::text, date::text, type::text, category, amount_cents::text, transaction_count
  from transaction_daily_totals order by user_id, date, type, category`;

describe('the accounts migration', () => {
  it("puts every transaction in its owner's new default account and changes no total", async () => {
    const alice = await insertOldUser('alice-before-accounts@example.com', '2025-03-01T10:00:00Z', 'EUR');
    const bob = await insertOldUser('bob-before-accounts@example.com', '2025-06-01T10:00:00Z');
    const carol = await insertOldUser('carol-before-accounts@example.com', '2025-01-10T10:00:00Z');
    // Alice has a history that starts before she signed up (an import), Bob none, Carol a little.
    await database.db.execute(sql`
      insert into transactions (user_id, title, type, amount_cents, category, date)
      values
        (${alice}, 'Salary', 'INCOME', 250000, 'Salary', '2024-12-31'),
        (${alice}, 'Rent', 'EXPENSE', 95000, 'Housing', '2025-01-05'),
        (${alice}, 'Groceries', 'EXPENSE', 4321, 'Groceries', '2025-01-05'),
        (${alice}, 'Refund', 'INCOME', 1999, 'Refunds', '2025-04-02'),
        (${carol}, 'Coffee', 'EXPENSE', 350, 'Dining', '2025-02-01')`);
    const netBefore = await rows<Totals>(netPerUser);
    const dailyBefore = await rows(dailyTotals);

    await migrateDatabase(database);

    const placed = await rows<{ user_id: string; in_default: string; elsewhere: string }>(sql`
      select t.user_id::text,
        count(*) filter (where a.is_default)::text as in_default,
        count(*) filter (where not a.is_default)::text as elsewhere
      from transactions t join accounts a on a.id = t.account_id and a.user_id = t.user_id
      group by t.user_id order by t.user_id`);
    expect(placed).toEqual(
      [
        { user_id: alice, in_default: '4', elsewhere: '0' },
        { user_id: carol, in_default: '1', elsewhere: '0' },
      ].sort((a, b) => a.user_id.localeCompare(b.user_id)),
    );
    expect(await rows<Totals>(netPerUser)).toEqual(netBefore);
    expect(await rows(dailyTotals)).toEqual(dailyBefore);

    const accounts = await rows<{
      user_id: string;
      name: string;
      kind: string;
      currency: string;
      opening_balance_cents: string;
      opening_date: string;
      is_default: boolean;
    }>(sql`
      select user_id::text, name, kind::text, currency, opening_balance_cents::text, opening_date::text, is_default
      from accounts where user_id in (${alice}, ${bob}, ${carol}) order by user_id`);
    const byUser = new Map(accounts.map((account) => [account.user_id, account]));
    expect(accounts).toHaveLength(3);
    expect(byUser.get(alice)).toEqual({
      user_id: alice,
      name: 'Main account',
      kind: 'CHECKING',
      currency: 'EUR',
      opening_balance_cents: '0',
      // Her oldest transaction predates her sign-up.
      opening_date: '2024-12-31',
      is_default: true,
    });
    expect(byUser.get(bob)?.opening_date).toBe('2025-06-01');
    expect(byUser.get(carol)?.opening_date).toBe('2025-01-10');

    const balances = await rows<{ user_id: string; balance_cents: string; transaction_count: number }>(sql`
      select user_id::text, balance_cents::text, transaction_count from account_balances order by user_id`);
    expect(balances.map((row) => [row.user_id, row.balance_cents, String(row.transaction_count)])).toEqual(
      netBefore.map((row) => [row.user_id, row.net, row.count]),
    );
    const daily = await rows<{ date: string; net_cents: string }>(sql`
      select date::text, net_cents::text from account_daily_totals where user_id = ${alice} order by date`);
    expect(daily).toEqual([
      { date: '2024-12-31', net_cents: '250000' },
      { date: '2025-01-05', net_cents: '-99321' },
      { date: '2025-04-02', net_cents: '1999' },
    ]);
  });

  it('sends a transaction written without an account to the default one, made on first need', async () => {
    const dave = await insertOldUser('dave-after-accounts@example.com', '2026-01-01T10:00:00Z');
    await database.db.execute(sql`
      insert into transactions (user_id, title, type, amount_cents, category, date)
      values (${dave}, 'First', 'EXPENSE', 1200, 'Dining', '2026-01-02'), (${dave}, 'Second', 'INCOME', 5000, 'Salary', '2026-01-03')`);
    const accounts = await rows<{ id: string; is_default: boolean }>(sql`
      select id::text, is_default from accounts where user_id = ${dave}`);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.is_default).toBe(true);
    const [balance] = await rows<{ account_id: string; balance_cents: string; transaction_count: number }>(sql`
      select account_id::text, balance_cents::text, transaction_count from account_balances where user_id = ${dave}`);
    expect(balance).toEqual({ account_id: accounts[0]?.id, balance_cents: '3800', transaction_count: 2 });
  });
});
