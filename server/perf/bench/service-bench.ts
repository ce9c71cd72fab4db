import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { User } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import { createDatabase, type Database, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { ManualClock } from '../../src/lib/clock';
import { createUser } from '../../src/test/factories';
import { createServerDatabase } from '../../src/test/server-database';
import { median } from './stats';

/*
 * What the single-user service benchmarks (analytics-summary.ts, budget-status.ts, account-balances.ts)
 * share: a migrated scratch database, one user whose clock stands still, a ledger seeded with bulk SQL,
 * and medians of repeated calls. They call the services in-process, without HTTP, so each figure is the
 * query work alone and stands beside another measured the same way in the same run.
 */

/** The day the benchmarks' clock stands on; the seeded ledger covers the five years before it. */
export const BENCH_NOW = '2026-03-15T12:00:00Z';
/** The seeded ledger's first day: 1,826 days up to the day before BENCH_NOW. */
export const BENCH_FIRST_DAY = '2021-03-16';
const SEED_DAYS = 1826;

export interface ServiceBench {
  database: Database;
  db: Db;
  clock: ManualClock;
  /** Where the rows live: the PostgreSQL server's scratch database, or the embedded database. */
  describe: string;
  createUser(overrides?: { timezone?: string }): Promise<User>;
}

/**
 * Runs `work` against a new, migrated database: a scratch database created on the PostgreSQL server
 * named by DATABASE_URL and dropped afterwards, or without it an embedded database in a temporary
 * folder, removed afterwards.
 */
export async function withServiceBench(work: (bench: ServiceBench) => Promise<void>): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || undefined;
  const scratch = serverUrl ? await createServerDatabase(serverUrl, 'finailytics_bench') : undefined;
  const dataDir = scratch ? undefined : mkdtempSync(path.join(tmpdir(), 'finailytics-bench-'));
  const database = await createDatabase({ databaseUrl: scratch?.url, dataDir, poolSize: 2 });
  try {
    await migrateDatabase(database);
    const clock = new ManualClock(BENCH_NOW);
    await work({
      database,
      db: database.db,
      clock,
      describe: scratch
        ? `PostgreSQL server, scratch database ${new URL(scratch.url).pathname.slice(1)}`
        : 'embedded PostgreSQL (PGlite), fresh data folder',
      createUser: (overrides = {}) => createUser(database.db, { now: clock.now(), ...overrides }),
    });
  } finally {
    await database.close();
    await scratch?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The median time of `runs` calls, after three that warm caches, plans and the JIT: with one, the
 * first query measured in a run came out up to twice as slow as the same work measured later.
 */
export async function timeMedian(runs: number, action: () => Promise<unknown>): Promise<number> {
  for (let warmup = 0; warmup < 3; warmup++) await action();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await action();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/**
 * The median time of each action over `runs` rounds, each round calling every action once in turn,
 * after three warming rounds: on a shared machine the load drifts within seconds, and measured one
 * after another the first of two identical queries came out slower; taken in turn, each sees the same
 * drift.
 */
export async function timeMediansInTurn<K extends string>(
  runs: number,
  actions: Record<K, () => Promise<unknown>>,
): Promise<Record<K, number>> {
  const names = Object.keys(actions) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = -3; round < runs; round++) {
    for (const name of names) {
      const started = performance.now();
      await actions[name]();
      if (round >= 0) samples.get(name)?.push(performance.now() - started);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples.get(name) ?? [])])) as Record<K, number>;
}

/**
 * Inserts `rows` transactions for one user with one INSERT … SELECT generate_series, the rollup
 * triggers running as for any write: five years of days from BENCH_FIRST_DAY, `categories` categories
 * named `Category 0`…, one income in ten, amounts from 0.01 to 5,000.00. With `accountIds` the rows go
 * round the accounts in turn; without, into the user's default account. Returns the seconds it took.
 */
export async function seedBenchLedger(
  db: Db,
  userId: string,
  rows: number,
  options: { categories: number; accountIds?: readonly string[] },
): Promise<number> {
  const started = performance.now();
  const accountIds = options.accountIds ?? [];
  // Without an account the insert trigger fills in the default one, as for any write that names none.
  const [accountColumn, account] =
    accountIds.length > 0
      ? [sql`account_id,`, sql`(${sql.param(accountIds)}::uuid[])[1 + n % ${accountIds.length}],`]
      : [sql``, sql``];
  await db.execute(sql`
    insert into transactions (user_id, ${accountColumn} title, type, amount_cents, category, date)
    select ${userId}::uuid, ${account} 'Bench ' || n,
      (case when n % 10 = 0 then 'INCOME' else 'EXPENSE' end)::transaction_type,
      1 + (n::bigint * 7919) % 500000,
      'Category ' || (n % ${options.categories}),
      ${BENCH_FIRST_DAY}::date + (n % ${SEED_DAYS})
    from generate_series(1, ${rows}) as n`);
  return (performance.now() - started) / 1000;
}
