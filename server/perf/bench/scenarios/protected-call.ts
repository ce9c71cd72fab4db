import type { BenchRun } from '../context';
import type { LoadResult, RequestSpec } from '../load-protocol';
import type { ServerProcess } from '../server-process';
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

type Combined = ReturnType<typeof combine> & { cpuMs: number };

type TargetName = 'trpc' | 'appRoute' | 'appCeiling' | 'bare' | 'bareCeiling' | 'express';

interface Target {
  process: ServerProcess;
  request: RequestSpec;
}

/**
 * Scenario 1: user.me through tRPC against the same work done without the app. The baselines are
 * processes of their own, started beside the server on the same database: a bare Fastify process
 * (verify the HS256 token with a prepared key, the same session-checked query through pg, the user
 * as JSON) and the Express + passport-jwt stack doing the same. Two routes inside the app split the
 * cost: one doing user.me's work without tRPC, one doing nothing, compared with an empty route in
 * the bare process. The embedded database has one owner, so there only the in-app routes run. The
 * targets take turns in short slices (forwards, then backwards) so a noisy neighbour slows all alike.
 */
export async function protectedCallScenario(run: BenchRun): Promise<void> {
  const { connections, sliceSeconds, rounds, warmupSeconds } = run.settings.protectedCall;
  const { main } = run.accounts;
  const authorization = { authorization: `Bearer ${main.accessToken}` };
  const userRoute: RequestSpec = { kind: 'get', path: '/api/bench/user', headers: authorization, expect: main.email };
  const ceilingRoute: RequestSpec = { kind: 'get', path: '/api/bench/ceiling' };
  const server = run.server;

  const baselines: ServerProcess[] = [];
  const targets: Partial<Record<TargetName, Target>> = {
    trpc: {
      process: server,
      request: { kind: 'get', path: '/api/trpc/user.me', headers: authorization, expect: main.email },
    },
    appRoute: { process: server, request: userRoute },
    appCeiling: { process: server, request: ceilingRoute },
  };
  if (run.database.kind === 'postgres') {
    const bare = await run.startBaseline('bare-user-server.mjs');
    const express = await run.startBaseline('express-server.mjs');
    baselines.push(bare, express);
    targets.bare = { process: bare, request: userRoute };
    targets.bareCeiling = { process: bare, request: ceilingRoute };
    targets.express = { process: express, request: userRoute };
  } else {
    run.notes.push(
      'Scenario 1 compared user.me with routes inside the app only: the embedded database has one owner, so the ' +
        'bare Fastify and Express baseline processes need DATABASE_URL.',
    );
  }
  const names = Object.keys(targets) as TargetName[];

  const restingRss = server.rssBytes();
  const peakReset = server.resetPeakRss();
  const results: Partial<Record<TargetName, LoadResult[]>> = {};
  // Server CPU seconds spent per target: the figure a busy machine disturbs least.
  const cpu: Partial<Record<TargetName, number>> = {};
  try {
    for (const name of names) {
      const { process, request } = targets[name] as Target;
      const { origin } = process;
      await run.primary.load({ origin, request, connections, duration: warmupSeconds }, `warm-up ${name}`);
    }
    for (let round = 0; round < rounds; round++) {
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        const { process, request } = targets[name] as Target;
        const cpuBefore = process.cpuSeconds();
        const result = await run.primary.load(
          { origin: process.origin, request, connections, duration: sliceSeconds },
          name,
        );
        const cpuAfter = process.cpuSeconds();
        results[name] = [...(results[name] ?? []), result];
        if (cpuBefore !== null && cpuAfter !== null) cpu[name] = (cpu[name] ?? 0) + cpuAfter - cpuBefore;
      }
    }
  } finally {
    await Promise.all(baselines.map((baseline) => baseline.stop()));
  }
  const peakRss = server.peakRssBytes();

  const figures = Object.fromEntries(
    Object.entries(results).map(([name, list]) => {
      const combined = combine(list);
      const seconds = cpu[name as TargetName];
      // Milliseconds of the answering process's CPU per response.
      const cpuMs = seconds === undefined ? Number.NaN : (seconds * 1000) / Math.max(1, combined.requests);
      return [name, { ...combined, cpuMs }];
    }),
  ) as Partial<Record<TargetName, Combined>>;
  const trpc = figures.trpc as Combined;
  const appRoute = figures.appRoute as Combined;
  const appCeiling = figures.appCeiling as Combined;
  const { bare, bareCeiling, express } = figures;
  const scenario = '1 Protected call';
  const at = `${connections} conn`;
  // The bare process is the baseline when it ran; otherwise the same work inside the app.
  const reference = bare
    ? { figures: bare, label: 'bare Fastify process, same work' }
    : { figures: appRoute, label: 'in-app route, same work' };
  const add = (measure: string, unit: 'req/s' | 'ms', value: number, label: string, baseline: number) =>
    run.add({ scenario, measure, value, unit, baseline: { label, value: baseline } });

  add(`user.me throughput (${at})`, 'req/s', trpc.perSecond, reference.label, reference.figures.perSecond);
  add('user.me latency p50', 'ms', trpc.p50, reference.label, reference.figures.p50);
  add('user.me latency p99', 'ms', trpc.p99, reference.label, reference.figures.p99);
  add('user.me server CPU per call', 'ms', trpc.cpuMs, reference.label, reference.figures.cpuMs);
  if (express) {
    add(`user.me throughput (${at})`, 'req/s', trpc.perSecond, 'Express + passport-jwt', express.perSecond);
    add('Express + passport-jwt latency p50', 'ms', express.p50, 'bare Fastify process', reference.figures.p50);
    add('Express + passport-jwt latency p99', 'ms', express.p99, 'bare Fastify process', reference.figures.p99);
    add('Express + passport-jwt CPU per call', 'ms', express.cpuMs, 'bare Fastify process', reference.figures.cpuMs);
  }
  if (bare) {
    add(`in-app route, same work (${at})`, 'req/s', appRoute.perSecond, reference.label, bare.perSecond);
  }
  if (bareCeiling) {
    add(`in-app empty route (${at})`, 'req/s', appCeiling.perSecond, 'bare Fastify empty route', bareCeiling.perSecond);
  } else {
    add(`in-app route, same work (${at})`, 'req/s', appRoute.perSecond, 'in-app empty route', appCeiling.perSecond);
  }
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
  run.details.protectedCall = { connections, sliceSeconds, rounds, figures, results, restingRss, peakRss };
}
