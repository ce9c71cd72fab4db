/**
 * budget.status for 20 budgets (19 categories, weekly and monthly, half with rollover over their
 * two-year bound, plus the overall budget) over one user with 1,000,000 transactions, beside
 * analytics.summary as the baseline, on a PostgreSQL server:
 *
 *   DATABASE_URL=postgres://… npx tsx perf/bench/budget-status.ts [rows]
 *
 * Creates a scratch database on that server and drops it afterwards.
 */
import { sql } from 'drizzle-orm';
import { createDatabase } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { budgets } from '../../src/db/schema';
import { ManualClock } from '../../src/lib/clock';
import { getSummary } from '../../src/modules/analytics/analytics.service';
import { getBudgetStatus } from '../../src/modules/budget/budget.service';
import { insertMissingCategories, listCategoriesByUser } from '../../src/modules/category/category.repository';
import { createUser } from '../../src/test/factories';
import { createServerDatabase } from '../../src/test/server-database';

const rows = Number(process.argv[2] ?? 1_000_000);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server');

const CATEGORIES = 20;
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
  const user = await createUser(database.db, { now: clock.now(), timezone: 'Europe/Berlin' });

  const started = performance.now();
  // Five years of days, twenty categories, one income in ten.
  await database.db.execute(sql`
    insert into transactions (user_id, title, type, amount_cents, category, date)
    select ${user.id}, 'Bench ' || n,
      (case when n % 10 = 0 then 'INCOME' else 'EXPENSE' end)::transaction_type,
      1 + (n::bigint * 7919) % 500000,
      'Category ' || (n % ${CATEGORIES}),
      date '2021-03-16' + (n % 1826)
    from generate_series(1, ${rows}) as n`);
  const insertSeconds = (performance.now() - started) / 1000;
  await insertMissingCategories(
    database.db,
    user.id,
    Array.from({ length: CATEGORIES }, (_, index) => ({
      kind: 'EXPENSE' as const,
      name: `Category ${index}`,
      colour: '#2563eb',
    })),
    clock.now(),
  );
  const categories = (await listCategoriesByUser(database.db, user.id)).slice(0, CATEGORIES - 1);
  await database.db.insert(budgets).values([
    ...categories.map((category, index) => ({
      userId: user.id,
      categoryId: category.id,
      period: index % 2 === 0 ? ('MONTHLY' as const) : ('WEEKLY' as const),
      amountCents: 50_000_00,
      rollover: index % 4 < 2,
      startsOn: '2022-01-03',
    })),
    { userId: user.id, categoryId: null, period: 'MONTHLY' as const, amountCents: 900_000_00, startsOn: '2026-03-01' },
  ]);
  await database.db.execute(sql`analyze`);

  const deps = { db: database.db, clock };
  const status = await getBudgetStatus(deps, user, {});
  const statusMs = await time(20, () => getBudgetStatus(deps, user, {}));
  const pastMs = await time(20, () => getBudgetStatus(deps, user, { period: '2024-06-12' }));
  const monthMs = await time(20, () => getSummary(deps, user, { preset: 'thisMonth' }));
  const allTimeMs = await time(20, () => getSummary(deps, user, { preset: 'allTime' }));

  console.log(`transactions for the user:             ${rows.toLocaleString('en-US')}`);
  console.log(`bulk insert incl. rollup triggers:     ${insertSeconds.toFixed(1)} s`);
  console.log(`budgets:                               ${status.items.length + (status.overall ? 1 : 0)}`);
  console.log(`budget.status now, median of 20:       ${statusMs.toFixed(1)} ms`);
  console.log(`budget.status mid-2024, median of 20:  ${pastMs.toFixed(1)} ms`);
  console.log(`analytics.summary thisMonth, median:   ${monthMs.toFixed(1)} ms`);
  console.log(`analytics.summary allTime, median:     ${allTimeMs.toFixed(1)} ms`);
  console.log(`ratio budget.status / summary thisMonth: ${(statusMs / monthMs).toFixed(2)}×`);
  console.log(`ratio budget.status / summary allTime:   ${(statusMs / allTimeMs).toFixed(2)}×`);
} finally {
  await database.close();
  await scratch.drop();
}
