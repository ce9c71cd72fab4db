import { queryPath } from '../api';
import type { BenchRun } from '../context';
import type { LoadResult, RequestSpec } from '../load-protocol';
import type { Figure } from '../report';
import { SEARCH_KEYWORD, SEED_SPAN_DAYS } from '../seed';

interface LedgerQuery {
  name: string;
  path: string;
  /** Text a correct answer contains. */
  expect: string;
}

/** The calendar day `days` before today (UTC), as the seed's `current_date - n` counts. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

function ledgerQueries(rows: number): LedgerQuery[] {
  const listed = `"totalCount":${rows}`;
  const today = daysAgo(0);
  // The dashboard's net-worth card asks for a year to today; all time starts with the seed's first day.
  const lastYear = {
    from: `${Number(today.slice(0, 4)) - 1}${today.slice(4, 10).replace('-02-29', '-02-28')}`,
    to: today,
  };
  const allTime = { from: daysAgo(SEED_SPAN_DAYS - 1), to: today };
  return [
    { name: 'transaction.list page 1', path: queryPath('transaction.list', { page: 1 }), expect: listed },
    { name: 'transaction.list page 500', path: queryPath('transaction.list', { page: 500 }), expect: listed },
    {
      name: `transaction.list keyword "${SEARCH_KEYWORD}"`,
      path: queryPath('transaction.list', { keyword: SEARCH_KEYWORD }),
      expect: '"pagination"',
    },
    {
      name: 'analytics.summary allTime',
      path: queryPath('analytics.summary', { preset: 'allTime' }),
      expect: '"preset"',
    },
    {
      name: 'analytics.summary 30days',
      path: queryPath('analytics.summary', { preset: '30days' }),
      expect: '"preset"',
    },
    { name: 'analytics.chart allTime', path: queryPath('analytics.chart', { preset: 'allTime' }), expect: '"points"' },
    {
      name: 'analytics.expenseBreakdown allTime',
      path: queryPath('analytics.expenseBreakdown', { preset: 'allTime' }),
      expect: '"breakdown"',
    },
    { name: 'account.list', path: queryPath('account.list'), expect: '"balance"' },
    {
      name: 'account.netWorth 12 months',
      path: queryPath('account.netWorth', lastYear),
      expect: '"netWorth"',
    },
    { name: 'account.netWorth allTime', path: queryPath('account.netWorth', allTime), expect: '"netWorth"' },
  ];
}

const USER_ME = 'user.me';

/** Per tier (row count), per query: the latency figures of one connection calling it back to back. */
export type LedgerResults = Map<number, Map<string, LoadResult>>;

/**
 * Latency of one caller (one connection, no queueing). Every query is first called a few times, which
 * warms the freshly started server and estimates each one's time; then each runs as many calls as
 * fit the target time, within [minSamples, maxSamples].
 */
export async function measureLedgerTier(run: BenchRun, rows: number, results: LedgerResults): Promise<void> {
  const { targetSeconds, minSamples, maxSamples, warmupCalls } = run.settings.ledger;
  const { main } = run.accounts;
  const origin = run.server.origin;
  const headers = { authorization: `Bearer ${main.accessToken}` };
  const requests: Array<[string, RequestSpec]> = [
    [USER_ME, { kind: 'get', path: '/api/trpc/user.me', headers, expect: main.email }],
    ...ledgerQueries(rows).map((query): [string, RequestSpec] => [
      query.name,
      { kind: 'get', path: query.path, headers, expect: query.expect },
    ]),
  ];
  const meanMs = new Map<string, number>();
  for (const [name, request] of requests) {
    const warmup = await run.primary.load(
      { origin, request, connections: 1, amount: warmupCalls },
      `${name} at ${rows} rows (warm-up)`,
    );
    meanMs.set(name, warmup.latency.mean);
  }
  const tier = new Map<string, LoadResult>();
  results.set(rows, tier);
  for (const [name, request] of requests) {
    const perCall = meanMs.get(name) ?? 1;
    const amount = Math.round(Math.min(maxSamples, Math.max(minSamples, (targetSeconds * 1000) / perCall)));
    tier.set(name, await run.primary.load({ origin, request, connections: 1, amount }, `${name} at ${rows} rows`));
  }
}

export function formatRows(rows: number): string {
  return rows >= 1_000_000 ? `${rows / 1_000_000}M` : rows >= 1000 ? `${rows / 1000}k` : String(rows);
}

/**
 * The tier figures: each query's p50 and p95 at the smallest tier against user.me's (the cost of a
 * protected call that reads nothing), and at every larger tier against its own figure at the
 * smallest: that ratio is the growth, which should stay near ×1 while the rows grow ×100.
 */
export function ledgerFigures(results: LedgerResults): Figure[] {
  const tiers = [...results.keys()].sort((a, b) => a - b);
  const [smallest] = tiers;
  if (smallest === undefined) return [];
  const base = results.get(smallest);
  const figures: Figure[] = [];
  for (const name of [...(base?.keys() ?? [])].filter((key) => key !== USER_ME)) {
    for (const rows of tiers) {
      const result = results.get(rows)?.get(name);
      const reference = rows === smallest ? base?.get(USER_ME) : base?.get(name);
      if (!result || !reference) continue;
      const label = rows === smallest ? `user.me @${formatRows(rows)}` : `@${formatRows(smallest)}`;
      for (const [key, title] of [
        ['p50', 'p50'],
        ['p95', 'p95'],
      ] as const) {
        figures.push({
          scenario: `4 Ledger @${formatRows(rows)}`,
          measure: `${name} ${title}`,
          value: result.latency[key],
          unit: 'ms',
          baseline: { label, value: reference.latency[key] },
        });
      }
    }
  }
  return figures;
}

/**
 * How each query's p50 grows from the smallest to the largest tier, as the exponent k in
 * time ∝ rows^k: 0 is flat, 1 is linear; logarithmic growth over ×100 rows stays under about 0.1.
 */
export function growthLines(results: LedgerResults): string[] {
  const tiers = [...results.keys()].sort((a, b) => a - b);
  const smallest = tiers[0];
  const largest = tiers.at(-1);
  if (smallest === undefined || largest === undefined || smallest === largest) return [];
  const rowsRatio = largest / smallest;
  const lines = [
    `Growth ${formatRows(smallest)} → ${formatRows(largest)} rows (×${rowsRatio}); exponent k in time ∝ rows^k (0 flat, 1 linear):`,
  ];
  for (const [name, first] of results.get(smallest) ?? []) {
    if (name === USER_ME) continue;
    const last = results.get(largest)?.get(name);
    if (!last) continue;
    const growth = last.latency.p50 / first.latency.p50;
    const exponent = Math.log(Math.max(growth, 1e-9)) / Math.log(rowsRatio);
    const verdict = exponent < 0.15 ? 'flat / logarithmic' : exponent < 0.5 ? 'sub-linear' : 'near-linear: needs work';
    lines.push(
      `  ${name.padEnd(42)} p50 ×${growth.toFixed(2).padStart(6)}  k = ${exponent.toFixed(2).padStart(5)}  ${verdict}`,
    );
  }
  return lines;
}
