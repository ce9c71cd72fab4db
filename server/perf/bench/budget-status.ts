/**
 * budget.status for 20 budgets (19 categories, weekly and monthly, half with rollover over their
 * two-year bound, plus the overall budget) over one user with 1,000,000 transactions, beside
 * analytics.summary as the baseline:
 *
 *   DATABASE_URL=postgres://… npx tsx perf/bench/budget-status.ts [rows]
 *
 * Creates a scratch database on that server and drops it afterwards; without DATABASE_URL it runs on
 * a new embedded database.
 */
import { sql } from 'drizzle-orm';
import { budgets } from '../../src/db/schema';
import { getSummary } from '../../src/modules/analytics/analytics.service';
import { getBudgetStatus } from '../../src/modules/budget/budget.service';
import { insertMissingCategories, listCategoriesByUser } from '../../src/modules/category/category.repository';
import { seedBenchLedger, timeMedian, withServiceBench } from './service-bench';

const rows = Number(process.argv[2] ?? 1_000_000);
const CATEGORIES = 20;

await withServiceBench(async ({ db, clock, createUser }) => {
  const user = await createUser({ timezone: 'Europe/Berlin' });

  // Five years of days, twenty categories, one income in ten.
  const insertSeconds = await seedBenchLedger(db, user.id, rows, { categories: CATEGORIES });
  await insertMissingCategories(
    db,
    user.id,
    Array.from({ length: CATEGORIES }, (_, index) => ({
      kind: 'EXPENSE' as const,
      name: `Category ${index}`,
      colour: '#2563eb',
    })),
    clock.now(),
  );
  const categories = (await listCategoriesByUser(db, user.id)).slice(0, CATEGORIES - 1);
  await db.insert(budgets).values([
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
  await db.execute(sql`analyze`);

  const deps = { db, clock };
  const status = await getBudgetStatus(deps, user, {});
  const statusMs = await timeMedian(20, () => getBudgetStatus(deps, user, {}));
  const pastMs = await timeMedian(20, () => getBudgetStatus(deps, user, { period: '2024-06-12' }));
  const monthMs = await timeMedian(20, () => getSummary(deps, user, { preset: 'thisMonth' }));
  const allTimeMs = await timeMedian(20, () => getSummary(deps, user, { preset: 'allTime' }));

  console.log(`transactions for the user:             ${rows.toLocaleString('en-US')}`);
  console.log(`bulk insert incl. rollup triggers:     ${insertSeconds.toFixed(1)} s`);
  console.log(`budgets:                               ${status.items.length + (status.overall ? 1 : 0)}`);
  console.log(`budget.status now, median of 20:       ${statusMs.toFixed(1)} ms`);
  console.log(`budget.status mid-2024, median of 20:  ${pastMs.toFixed(1)} ms`);
  console.log(`analytics.summary thisMonth, median:   ${monthMs.toFixed(1)} ms`);
  console.log(`analytics.summary allTime, median:     ${allTimeMs.toFixed(1)} ms`);
  console.log(`ratio budget.status / summary thisMonth: ${(statusMs / monthMs).toFixed(2)}×`);
  console.log(`ratio budget.status / summary allTime:   ${(statusMs / allTimeMs).toFixed(2)}×`);
});
