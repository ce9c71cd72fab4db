/**
 * analytics.summary for allTime over one user with 1,000,000 transactions, on a PostgreSQL server:
 * the rollup read the service does, against the same totals aggregated straight from the ledger.
 *
 *   DATABASE_URL=postgres://… npx tsx perf/bench/analytics-summary.ts [rows]
 *
 * Creates a scratch database on that server and drops it afterwards.
 */
import { sql } from 'drizzle-orm';
import { createDatabase } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { ManualClock } from '../../src/lib/clock';
import { getChart, getExpenseBreakdown, getSummary } from '../../src/modules/analytics/analytics.service';
import { createUser } from '../../src/test/factories';
import { createServerDatabase } from '../../src/test/server-database';

const rows = Number(process.argv[2] ?? 1_000_000);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server');

const scratch = await createServerDatabase(serverUrl, 'finailytics_bench');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function time(runs: number, action: () => Promise<unknown>): Promise<number> {
  await action();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await action();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const database = await createDatabase({ databaseUrl: scratch.url, poolSize: 2 });
try {
  await migrateDatabase(database);
  const clock = new ManualClock('2026-03-15T12:00:00Z');
  const user = await createUser(database.db, { now: clock.now() });
  const neighbour = await createUser(database.db, { now: clock.now() });

  let started = performance.now();
  // Five years of days, twelve categories, one income in ten.
  for (const [owner, count] of [
    [user.id, rows],
    [neighbour.id, Math.floor(rows / 10)],
  ] as const) {
    await database.db.execute(sql`
      insert into transactions (user_id, title, type, amount_cents, category, date)
      select ${owner}, 'Bench ' || n,
        (case when n % 10 = 0 then 'INCOME' else 'EXPENSE' end)::transaction_type,
        1 + (n::bigint * 7919) % 500000,
        'Category ' || (n % 12),
        date '2021-03-16' + (n % 1826)
      from generate_series(1, ${count}) as n`);
  }
  const insertSeconds = (performance.now() - started) / 1000;
  await database.db.execute(sql`analyze`);

  started = performance.now();
  const summary = await getSummary({ db: database.db, clock }, user, { preset: 'allTime' });
  const firstCallMs = performance.now() - started;
  const rollupMs = await time(20, () => getSummary({ db: database.db, clock }, user, { preset: 'allTime' }));
  const monthMs = await time(20, () => getSummary({ db: database.db, clock }, user, { preset: 'thisMonth' }));
  const chartMs = await time(20, () => getChart({ db: database.db, clock }, user, { preset: 'allTime' }));
  const breakdownMs = await time(20, () =>
    getExpenseBreakdown({ db: database.db, clock }, user, { preset: 'allTime' }),
  );
  const ledgerMs = await time(5, () =>
    database.db.execute(sql`
      select type, sum(amount_cents), count(*) from transactions where user_id = ${user.id} group by type`),
  );
  const [rollupRows] = (
    (await database.db.execute(
      sql`select count(*)::int as n from transaction_daily_totals where user_id = ${user.id}`,
    )) as unknown as { rows: { n: number }[] }
  ).rows;

  console.log(
    `transactions for the user:         ${rows.toLocaleString('en-US')} (+${Math.floor(rows / 10).toLocaleString('en-US')} for a neighbour)`,
  );
  console.log(`bulk insert incl. rollup triggers: ${insertSeconds.toFixed(1)} s`);
  console.log(`rollup rows for the user:          ${rollupRows?.n.toLocaleString('en-US')}`);
  console.log(`summary allTime, first call:       ${firstCallMs.toFixed(1)} ms`);
  console.log(`summary allTime, median of 20:     ${rollupMs.toFixed(1)} ms`);
  console.log(`summary thisMonth, median of 20:   ${monthMs.toFixed(1)} ms`);
  console.log(`chart allTime (61 months), median:  ${chartMs.toFixed(1)} ms`);
  console.log(`expenseBreakdown allTime, median:  ${breakdownMs.toFixed(1)} ms`);
  console.log(
    `ledger aggregate, median of 5:     ${ledgerMs.toFixed(1)} ms (${(ledgerMs / rollupMs).toFixed(0)}× slower)`,
  );
  console.log(`transactionCount reported:         ${summary.transactionCount.toLocaleString('en-US')}`);
} finally {
  await database.close();
  await scratch.drop();
}
