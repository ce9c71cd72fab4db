import type { BenchRun } from '../context';
import type { LoadResult, RequestSpec } from '../load-protocol';
import { median } from '../stats';

const MB = 1024 * 1024;

/**
 * Many short slices of one target, combined: total successes over total time, and the median of
 * the slices' percentiles. Short slices alternating between targets keep a neighbour's burst of
 * work from landing on one target only.
 */
function combine(results: LoadResult[]) {
  const duration = results.reduce((sum, result) => sum + result.durationSeconds, 0);
  return {
    perSecond: results.reduce((sum, result) => sum + result.perSecond * result.durationSeconds, 0) / duration,
    p50: median(results.map((result) => result.latency.p50)),
    p99: median(results.map((result) => result.latency.p99)),
    requests: results.reduce((sum, result) => sum + result.requests, 0),
  };
}

/**
 * Scenario 1: user.me through tRPC against a plain Fastify route doing the same work in the same
 * process (verify the HS256 token, load the user through the same session-checked query, return
 * it), and a route doing nothing as the machine's ceiling. The targets take turns in short slices
 * (forwards, then backwards) so a noisy neighbour slows all of them alike.
 */
export async function protectedCallScenario(run: BenchRun): Promise<void> {
  const { connections, sliceSeconds, rounds, warmupSeconds } = run.settings.protectedCall;
  const { main } = run.accounts;
  const authorization = { authorization: `Bearer ${main.accessToken}` };
  const targets: Record<'ceiling' | 'bare' | 'trpc', RequestSpec> = {
    ceiling: { kind: 'get', path: '/api/bench/ceiling' },
    bare: { kind: 'get', path: '/api/bench/user', headers: authorization, expect: main.email },
    trpc: { kind: 'get', path: '/api/trpc/user.me', headers: authorization, expect: main.email },
  };
  const server = run.server;
  const origin = server.origin;

  const restingRss = server.rssBytes();
  const peakReset = server.resetPeakRss();
  for (const [name, request] of Object.entries(targets)) {
    await run.primary.load({ origin, request, connections, duration: warmupSeconds }, `warm-up ${name}`);
  }
  const results: Record<keyof typeof targets, LoadResult[]> = { ceiling: [], bare: [], trpc: [] };
  for (let round = 0; round < rounds; round++) {
    const order = (round % 2 === 0 ? ['ceiling', 'bare', 'trpc'] : ['trpc', 'bare', 'ceiling']) as Array<
      keyof typeof targets
    >;
    for (const name of order) {
      results[name].push(
        await run.primary.load({ origin, request: targets[name], connections, duration: sliceSeconds }, name),
      );
    }
  }
  const peakRss = server.peakRssBytes();

  const ceiling = combine(results.ceiling);
  const bare = combine(results.bare);
  const trpc = combine(results.trpc);
  const scenario = '1 Protected call';
  const at = `${connections} conn`;
  run.add({
    scenario,
    measure: `user.me throughput (${at})`,
    value: trpc.perSecond,
    unit: 'req/s',
    baseline: { label: 'bare route, same work', value: bare.perSecond },
  });
  run.add({
    scenario,
    measure: 'user.me latency p50',
    value: trpc.p50,
    unit: 'ms',
    baseline: { label: 'bare route', value: bare.p50 },
  });
  run.add({
    scenario,
    measure: 'user.me latency p99',
    value: trpc.p99,
    unit: 'ms',
    baseline: { label: 'bare route', value: bare.p99 },
  });
  run.add({
    scenario,
    measure: `bare route throughput (${at})`,
    value: bare.perSecond,
    unit: 'req/s',
    baseline: { label: 'ceiling: no token, no database', value: ceiling.perSecond },
  });
  if (peakRss !== null && restingRss !== null && peakReset) {
    run.add({
      scenario,
      measure: 'server peak RSS under this load',
      value: peakRss / MB,
      unit: 'MB',
      baseline: { label: 'RSS at rest', value: restingRss / MB },
    });
  } else {
    run.notes.push('Peak RSS not measured: /proc/<pid>/status and clear_refs are Linux-only.');
  }
  run.details.protectedCall = { connections, sliceSeconds, rounds, results, restingRss, peakRss };
}
