/**
 * analytics.summary for allTime over one user with 1,000,000 transactions: the rollup read the
 * service does, against the same totals aggregated straight from the ledger.
 *
 *   DATABASE_URL=postgres://… npx tsx perf/bench/analytics-summary.ts [rows]
 *
 * Creates a scratch database on that server and drops it afterwards; without DATABASE_URL it runs on
 * a new embedded database.
 */
import { sql } from 'drizzle-orm';
import { getChart, getExpenseBreakdown, getSummary } from '../../src/modules/analytics/analytics.service';
import { seedBenchLedger, timeMedian, withServiceBench } from './service-bench';

const rows = Number(process.argv[2] ?? 1_000_000);

await withServiceBench(async ({ db, clock, createUser }) => {
  const user = await createUser();
  const neighbour = await createUser();

  // Five years of days, twelve categories, one income in ten; a neighbour with a tenth as many.
  const insertSeconds =
    (await seedBenchLedger(db, user.id, rows, { categories: 12 })) +
    (await seedBenchLedger(db, neighbour.id, Math.floor(rows / 10), { categories: 12 }));
  await db.execute(sql`analyze`);

  const deps = { db, clock };
  const started = performance.now();
  const summary = await getSummary(deps, user, { preset: 'allTime' });
  const firstCallMs = performance.now() - started;
  const rollupMs = await timeMedian(20, () => getSummary(deps, user, { preset: 'allTime' }));
  const monthMs = await timeMedian(20, () => getSummary(deps, user, { preset: 'thisMonth' }));
  const chartMs = await timeMedian(20, () => getChart(deps, user, { preset: 'allTime' }));
  const breakdownMs = await timeMedian(20, () => getExpenseBreakdown(deps, user, { preset: 'allTime' }));
  const ledgerMs = await timeMedian(5, () =>
    db.execute(sql`
      select type, sum(amount_cents), count(*) from transactions where user_id = ${user.id} group by type`),
  );
  const [rollupRows] = (
    (await db.execute(
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
});
