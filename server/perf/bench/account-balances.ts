/**
 * account.list (every balance) and account.netWorth (the twelve months the dashboard's card asks for,
 * and all time) over one user with 1,000,000 transactions in six accounts, beside analytics.summary
 * over the same ranges as the baseline, and beside the balances summed straight from the ledger:
 *
 *   DATABASE_URL=postgres://… npx tsx perf/bench/account-balances.ts [rows]
 *
 * Creates a scratch database on that server and drops it afterwards; without DATABASE_URL it runs on
 * a new embedded database. The five service calls are timed in turn, so each sees the same drift of
 * the machine's load. Stops with an error when a balance or the last net-worth point differs from the
 * ledger's own sums.
 */
import type { AccountKind } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import { addMonths, calendarDateIn } from '../../src/lib/calendar';
import { createAccount, listAccounts, netWorth } from '../../src/modules/account/account.service';
import { getSummary } from '../../src/modules/analytics/analytics.service';
import { BENCH_FIRST_DAY, seedBenchLedger, timeMedian, timeMediansInTurn, withServiceBench } from './service-bench';

const rows = Number(process.argv[2] ?? 1_000_000);

/** Besides the default checking account: one of every other kind, opened with the ledger. */
const OTHER_ACCOUNTS: Array<{ name: string; kind: AccountKind; openingBalance: number }> = [
  { name: 'Savings', kind: 'SAVINGS', openingBalance: 5_000 },
  { name: 'Card', kind: 'CREDIT_CARD', openingBalance: -300 },
  { name: 'Mortgage', kind: 'LOAN', openingBalance: -150_000 },
  { name: 'Brokerage', kind: 'INVESTMENT', openingBalance: 10_000 },
  { name: 'Wallet', kind: 'CASH', openingBalance: 50.25 },
];

const cents = (amount: number) => Math.round(amount * 100);

await withServiceBench(async ({ db, clock, createUser, describe }) => {
  const user = await createUser();
  const deps = { db, clock };
  for (const account of OTHER_ACCOUNTS) {
    await createAccount(deps, user, { ...account, openingDate: BENCH_FIRST_DAY });
  }
  const accounts = await listAccounts(deps, user.id);
  const insertSeconds = await seedBenchLedger(db, user.id, rows, {
    categories: 12,
    accountIds: accounts.map((account) => account.id),
  });
  await db.execute(sql`analyze`);

  const today = calendarDateIn(user.timezone, clock.now());
  // What the dashboard's net-worth card asks for: the day a year ago to today.
  const year = { from: addMonths(today, -12), to: today };
  const allTimeSummary = await getSummary(deps, user, { preset: 'allTime' });
  const allTime = { from: allTimeSummary.preset.from, to: allTimeSummary.preset.to };

  const times = await timeMediansInTurn(20, {
    list: () => listAccounts(deps, user.id),
    netWorthYear: () => netWorth(deps, user.id, year),
    netWorthAllTime: () => netWorth(deps, user.id, allTime),
    summaryYear: () => getSummary(deps, user, year),
    summaryAllTime: () => getSummary(deps, user, { preset: 'allTime' }),
  });
  const ledgerSql = sql`
    select account_id, sum(case when type = 'INCOME' then amount_cents else -amount_cents end)::text as net
    from transactions where user_id = ${user.id} group by account_id`;
  const ledgerMs = await timeMedian(5, () => db.execute(ledgerSql));

  // The figures mean nothing unless the answers are right: every balance against the ledger's sums.
  const ledger = new Map(
    ((await db.execute(ledgerSql)) as unknown as { rows: { account_id: string; net: string }[] }).rows.map((row) => [
      row.account_id,
      Number(row.net),
    ]),
  );
  const listed = await listAccounts(deps, user.id);
  for (const account of listed) {
    const expected = cents(account.openingBalance) + (ledger.get(account.id) ?? 0);
    if (cents(account.balance) !== expected) {
      throw new Error(`${account.name}: balance ${account.balance}, the ledger says ${expected / 100}`);
    }
  }
  const yearPoints = await netWorth(deps, user.id, year);
  const allTimePoints = await netWorth(deps, user.id, allTime);
  const total = listed.reduce((sum, account) => sum + cents(account.balance), 0);
  for (const points of [yearPoints, allTimePoints]) {
    if (cents(points.at(-1)?.netWorth ?? Number.NaN) !== total) {
      throw new Error(
        `net worth on ${points.at(-1)?.date} is ${points.at(-1)?.netWorth}, the balances add to ${total / 100}`,
      );
    }
  }

  const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;
  console.log(`database:                                    ${describe}`);
  console.log(
    `transactions for the user:                   ${rows.toLocaleString('en-US')} in ${listed.length} accounts`,
  );
  console.log(`bulk insert incl. rollup triggers:           ${insertSeconds.toFixed(1)} s`);
  console.log(`account.list, median of 20:                  ${times.list.toFixed(1)} ms`);
  console.log(
    `account.netWorth ${year.from}…${year.to} (${yearPoints.length} points), median: ${times.netWorthYear.toFixed(1)} ms`,
  );
  console.log(
    `account.netWorth ${allTime.from}…${allTime.to} (${allTimePoints.length} points), median: ${times.netWorthAllTime.toFixed(1)} ms`,
  );
  console.log(`analytics.summary same 12 months, median:    ${times.summaryYear.toFixed(1)} ms`);
  console.log(`analytics.summary allTime, median:           ${times.summaryAllTime.toFixed(1)} ms`);
  console.log(`balances summed from the ledger, median of 5: ${ledgerMs.toFixed(1)} ms`);
  console.log(`ratio account.list / summary allTime:            ${ratio(times.list, times.summaryAllTime)}`);
  console.log(`ratio netWorth 12 months / summary 12 months:    ${ratio(times.netWorthYear, times.summaryYear)}`);
  console.log(`ratio netWorth allTime / summary allTime:        ${ratio(times.netWorthAllTime, times.summaryAllTime)}`);
  console.log(`ratio ledger balances / account.list:            ${ratio(ledgerMs, times.list)}`);
});
