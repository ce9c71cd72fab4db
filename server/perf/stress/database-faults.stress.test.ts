import { setTimeout as sleep } from 'node:timers/promises';
import { ANALYTICS_PRESETS } from '@finailytics/shared';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../bench/server-process';
import { summarizeLatencies } from '../bench/stats';
import { call, type Session, STRESS_PASSWORD, signIn, signUp } from './support/api-client';
import { startAppProcess } from './support/app-process';
import { transportCode } from './support/outcomes';
import { PrivatePostgres, type StopMode } from './support/private-postgres';
import { reportStress } from './support/results';
import { operationPicker } from './support/traffic-mix';

/*
 * The PostgreSQL server goes away under steady traffic and comes back. While it is gone the API
 * must answer every call at once with 503 SERVICE_UNAVAILABLE (never a 500, never a hang, never a
 * sign-out), /api/ready must say so while /api/health stays up, nothing may be half-written, and
 * when the server is back the same process must serve again by itself.
 *
 * A server that freezes (a hung host, a network partition; here SIGSTOP of every server process)
 * closes nothing: a query already sent waits for an answer that does not come. The app's query
 * timeout (DATABASE_QUERY_TIMEOUT_MS) must turn that into the same quick 503, and after SIGCONT the
 * same process must serve again, with no connection left in a stranger's transaction.
 */

const LOOPS = 20;
const USERS = 5;
const BASELINE_MS = 2_000;
const OUTAGE_MS = 3_000;
/** Longer than the stop outage: a call takes the query timeout to fail, so fewer calls fit. */
const FREEZE_MS = 8_000;
const RECOVERY_MS = 3_000;
/** Pause between one client's calls, like a person clicking or a client backing off a little. */
const THINK_MS = 25;
/** pg's connectionTimeoutMillis is 3 s; nothing may take much longer than that. */
const MAX_LATENCY_MS = 5_000;
/** DATABASE_QUERY_TIMEOUT_MS of the app under test: short, so a freeze of a few seconds shows it. */
const QUERY_TIMEOUT_MS = 2_000;
/**
 * While frozen a call may wait for a pool slot or a connection (3 s) and then for an answer (2 s)
 * before it fails; nothing may take longer than both and a margin.
 */
const FREEZE_MAX_LATENCY_MS = 6_000;
const UNAVAILABLE_MESSAGE = 'The database is unavailable. Please retry shortly.';

const MIX = [
  ['list', 30],
  ['create', 25],
  ['summary', 20],
  ['me', 15],
  ['refresh', 5],
  ['login', 5],
] as const;
type Operation = (typeof MIX)[number][0];
type Fault = StopMode | 'freeze';
const pick = operationPicker(MIX);

interface CallRecord {
  loop: number;
  operation: Operation;
  start: number;
  end: number;
  status: number;
  code: string;
  message: string;
  /** What the response did to the refresh cookie: null untouched, '' cleared, else a new token. */
  refreshCookie: string | null;
  /** A create's unique title. */
  title?: string;
}

interface Probe {
  at: number;
  ready: number;
  health: number;
  ms: number;
}

/**
 * A Redis database of this test's own on the shared server: the sign-in throttles are under test, so
 * other tests' failed sign-ins from the same address must not count here.
 */
async function privateRedisDatabase(url: string): Promise<string> {
  const own = new URL(url);
  own.pathname = '/7';
  // Counters left by an earlier run (failed sign-ins count for 15 minutes) would throttle this one.
  const redis = new Redis(own.toString(), { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'finailytics:*', 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return own.toString();
}

/** Wall-clock milliseconds of a performance.now() instant, to compare with the server's log times. */
const wallClock = (instant: number) => performance.timeOrigin + instant;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function statusOf(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** One client loop: its own session, calling until told to stop, recording everything. */
async function clientLoop(
  origin: string,
  loop: number,
  signedIn: Session,
  mode: Fault,
  records: CallRecord[],
  running: () => boolean,
): Promise<void> {
  let session = signedIn;
  const { email } = session;
  let sequence = 0;
  while (running()) {
    const operation = pick();
    const title = `${mode}-${loop}-${sequence++}`;
    const auth = { accessToken: session.accessToken };
    const start = performance.now();
    let result: Awaited<ReturnType<typeof call>>;
    try {
      const signal = AbortSignal.timeout(15_000);
      switch (operation) {
        case 'list':
          result = await call(origin, 'transaction.list', { pageSize: 20 }, { ...auth, query: true, signal });
          break;
        case 'create':
          result = await call(
            origin,
            'transaction.create',
            { title, type: 'EXPENSE', amount: 12.34, category: 'Groceries', date: '2026-11-20' },
            { ...auth, signal },
          );
          break;
        case 'summary': {
          const preset = ANALYTICS_PRESETS[sequence % ANALYTICS_PRESETS.length];
          result = await call(origin, 'analytics.summary', { preset }, { ...auth, query: true, signal });
          break;
        }
        case 'me':
          result = await call(origin, 'user.me', undefined, { ...auth, query: true, signal });
          break;
        case 'refresh':
          result = await call(origin, 'auth.refresh', {}, { refreshToken: session.refreshToken, signal });
          if (result.ok && result.refreshToken) {
            const data = result.data as { accessToken: string };
            session = { ...session, accessToken: data.accessToken, refreshToken: result.refreshToken };
          }
          break;
        case 'login':
          result = await call(origin, 'auth.login', { email, password: STRESS_PASSWORD }, { signal });
          if (result.ok && result.refreshToken) {
            const data = result.data as { accessToken: string };
            session = { ...session, accessToken: data.accessToken, refreshToken: result.refreshToken };
          }
          break;
      }
      records.push({
        loop,
        operation,
        start,
        end: performance.now(),
        status: result.status,
        code: result.ok ? 'OK' : result.code,
        message: result.ok ? '' : result.message,
        refreshCookie: result.refreshToken,
        ...(operation === 'create' ? { title } : {}),
      });
    } catch (error) {
      // No HTTP answer at all: a reset connection, or the 15 s abort of a hung call.
      records.push({
        loop,
        operation,
        start,
        end: performance.now(),
        status: 0,
        code: transportCode(error),
        message: (error as Error).message,
        refreshCookie: null,
      });
    }
    await sleep(THINK_MS);
  }
}

interface ClusterState {
  /** Stored transactions whose title matches, with how many copies of each. */
  titles: Map<string, number>;
  /** transaction_daily_totals rows that differ from the ledger they summarise. */
  dailyTotalsDrift: number;
  sessionsWithoutToken: number;
  /**
   * Connections left inside a transaction that began over 2 s ago (this app's last only milliseconds):
   * one whose statement timed out, handed to the next request instead of being closed.
   */
  staleTransactions: number;
}

/** Reads the cluster directly, past the app, once it is back. */
async function inspectCluster(cluster: PrivatePostgres, titlePattern: string): Promise<ClusterState> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const stored = await client.query<{ title: string; copies: number }>(
      'select title, count(*)::int as copies from transactions where title like $1 group by title',
      [titlePattern],
    );
    const drift = await client.query<{ count: number }>(`
      select count(*)::int as count
      from (select user_id, date, type, category, sum(amount_cents) as cents, count(*) as n
            from transactions group by 1, 2, 3, 4) ledger
      full join transaction_daily_totals totals using (user_id, date, type, category)
      where coalesce(ledger.cents, 0) <> coalesce(totals.amount_cents, 0)
         or coalesce(ledger.n, 0) <> coalesce(totals.transaction_count, 0)`);
    const bare = await client.query<{ count: number }>(`
      select count(*)::int as count from sessions s
      where not exists (select 1 from refresh_tokens r where r.session_id = s.id)`);
    const stale = await client.query<{ count: number }>(`
      select count(*)::int as count from pg_stat_activity
      where backend_type = 'client backend' and pid <> pg_backend_pid()
        and xact_start < now() - interval '2 seconds'`);
    return {
      titles: new Map(stored.rows.map((row) => [row.title, row.copies])),
      dailyTotalsDrift: drift.rows[0]?.count ?? -1,
      sessionsWithoutToken: bare.rows[0]?.count ?? -1,
      staleTransactions: stale.rows[0]?.count ?? -1,
    };
  } finally {
    await client.end();
  }
}

interface LogEntry {
  level: number;
  msg: string;
  time: number;
}

/** The app's log lines; anything that is not a pino line (a stack trace, a crash) counts as fatal. */
function logEntries(server: ServerProcess): LogEntry[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogEntry;
      } catch {
        return { level: 60, msg: line, time: 0 };
      }
    });
}

describe('database faults', () => {
  let cluster: PrivatePostgres;
  let server: ServerProcess;
  let emails: string[] = [];
  let exitedEarly = false;
  /** Both runs' figures, written together to stress-results/database-faults.json. */
  const results: Record<string, unknown> = {};

  beforeAll(async () => {
    cluster = await PrivatePostgres.create();
    server = await startAppProcess({
      databaseUrl: cluster.url,
      redisUrl: await privateRedisDatabase(inject('stressRedisUrl')),
      keepAllOutput: true,
      env: {
        // The scheduler runs every second, so its jobs also meet the outage.
        SCHEDULER_INTERVAL_SECONDS: '1',
        // Sign-ups are not under test; repeated runs within the hour must not run out of them.
        SIGNUP_MAX_PER_IP: '1000',
        // Stops do not wait for it (nothing answers at all); a freeze does.
        DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      },
    });
    void server.exited.then(() => {
      exitedEarly = true;
    });
    const run = Date.now().toString(36);
    emails = Array.from({ length: USERS }, (_, index) => `faults-${run}-${index}@example.com`);
    for (const email of emails) await signUp(server.origin, email);
  });

  afterAll(async () => {
    // A frozen cluster would hold the app's shutdown and its own stop.
    cluster?.thaw();
    await server?.stop();
    await cluster?.destroy();
  });

  for (const mode of ['fast', 'immediate', 'freeze'] as const) {
    const freeze = mode === 'freeze';
    const title = freeze
      ? 'answers 503 while PostgreSQL is frozen (SIGSTOP) and recovers by itself after SIGCONT'
      : `answers 503 while PostgreSQL is down (${mode} stop) and recovers by itself`;
    it(title, async () => {
      const maxAllowedMs = freeze ? FREEZE_MAX_LATENCY_MS : MAX_LATENCY_MS;
      const pid = server.pid;
      const records: CallRecord[] = [];
      const probes: Probe[] = [];
      const sessions: Session[] = [];
      for (let loop = 0; loop < LOOPS; loop++) sessions.push(await signIn(server.origin, emails[loop % USERS] ?? ''));

      let trafficOn = true;
      const probeLoop = (async () => {
        while (trafficOn) {
          const at = performance.now();
          const [ready, health] = await Promise.all([
            statusOf(`${server.origin}/api/ready`),
            statusOf(`${server.origin}/api/health`),
          ]);
          probes.push({ at, ready, health, ms: performance.now() - at });
          await sleep(50);
        }
      })();
      const loops = sessions.map((session, loop) =>
        clientLoop(server.origin, loop, session, mode, records, () => trafficOn),
      );

      // For a freeze: SIGSTOP about to be sent / sent; SIGCONT about to be sent / sent.
      let stopBegin = Number.NaN;
      let stopped = Number.NaN;
      let startBegin = Number.NaN;
      let started = Number.NaN;
      let frozenProcesses = 0;
      // Ready again: the end of the first /api/ready probe that answered 200 after the restart began.
      let readyAgain = Number.NaN;
      try {
        await sleep(BASELINE_MS);
        stopBegin = performance.now();
        if (freeze) frozenProcesses = cluster.freeze();
        else await cluster.stop(mode);
        stopped = performance.now();
        await sleep(freeze ? FREEZE_MS : OUTAGE_MS);
        startBegin = performance.now();
        if (freeze) cluster.thaw();
        else await cluster.start();
        started = performance.now();
        while (Number.isNaN(readyAgain) && performance.now() - started < 15_000) {
          const probe = probes.find((candidate) => candidate.at >= startBegin && candidate.ready === 200);
          if (probe) readyAgain = probe.at + probe.ms;
          else await sleep(20);
        }
        await sleep(RECOVERY_MS);
      } finally {
        // Whatever failed above, the cluster must not stay frozen: the calls in flight wait on it.
        cluster.thaw();
        trafficOn = false;
        await Promise.all([...loops, probeLoop]);
      }

      // The same process served throughout: never restarted, never exited.
      expect(exitedEarly, `the app process exited:\n${server.recentOutput()}`).toBe(false);
      expect(server.pid).toBe(pid);

      // Readiness and liveness.
      const firstUnready = probes.find((probe) => probe.at >= stopBegin && probe.ready === 503);
      expect(firstUnready, 'ready never turned 503').toBeDefined();
      const unreadyAfterMs = (firstUnready?.at ?? 0) + (firstUnready?.ms ?? 0) - stopBegin;
      const duringOutage = probes.filter((probe) => probe.at >= stopped && probe.at + probe.ms <= startBegin);
      // One probe at a time: frozen, each waits its ping's timeout (2 s), so only a few fit.
      expect(duringOutage.length).toBeGreaterThan(freeze ? 1 : 10);
      expect(duringOutage.filter((probe) => probe.ready !== 503)).toEqual([]);
      expect(probes.filter((probe) => probe.health !== 200)).toEqual([]);
      expect(Number.isNaN(readyAgain), 'ready never came back').toBe(false);
      const readyAfterStartMs = readyAgain - startBegin;
      expect(readyAfterStartMs).toBeLessThan(5_000);
      const maxProbeMs = Math.max(...probes.map((probe) => probe.ms));
      expect(maxProbeMs).toBeLessThan(maxAllowedMs);

      // Every answer, whenever it came: a success or a clear 503, nothing else, never slow.
      const unexpected = records.filter(
        (record) =>
          !(record.status === 200 && record.code === 'OK') &&
          !(record.status === 503 && record.code === 'SERVICE_UNAVAILABLE' && record.message === UNAVAILABLE_MESSAGE),
      );
      expect(unexpected.slice(0, 10)).toEqual([]);
      const maxLatencyMs = Math.max(...records.map((record) => record.end - record.start));
      expect(maxLatencyMs).toBeLessThan(maxAllowedMs);

      // Calls made entirely while the server was down: all 503, fast, of every kind.
      const outage = records.filter((record) => record.start >= stopped && record.end <= startBegin);
      expect(outage.filter((record) => record.status !== 503)).toEqual([]);
      // Frozen, each call takes the query timeout to fail, so the rare kinds (5 % each) may not have
      // a call entirely inside the window; the check above still covers any they made.
      for (const [operation] of MIX.filter(([, weight]) => !freeze || weight >= 15)) {
        expect(
          outage.filter((record) => record.operation === operation).length,
          `${operation} calls during the outage`,
        ).toBeGreaterThan(0);
      }
      // An outage never signs anyone out: a refused refresh leaves the cookie alone.
      const failedRefreshes = records.filter((record) => record.operation === 'refresh' && record.status === 503);
      expect(failedRefreshes.filter((record) => record.refreshCookie !== null)).toEqual([]);

      // Back by itself: every call started once ready answered 200 again succeeds.
      const after = records.filter((record) => record.start >= readyAgain);
      expect(after.length).toBeGreaterThan(100);
      expect(after.filter((record) => record.status !== 200)).toEqual([]);
      for (const [operation] of MIX) {
        expect(
          after.some((record) => record.operation === operation),
          `${operation} after recovery`,
        ).toBe(true);
      }
      const firstSuccess = records
        .filter((record) => record.start >= startBegin && record.status === 200)
        .reduce((first, record) => Math.min(first, record.end), Number.POSITIVE_INFINITY);
      const firstSuccessAfterStartMs = firstSuccess - startBegin;
      expect(firstSuccessAfterStartMs).toBeLessThan(5_000);

      // Nothing half-written: every acknowledged create is stored once; a failed one is stored only
      // if it was already in flight when the server went away (its commit may have landed just before
      // the answer was lost: the one outcome a client cannot know). Frozen, the same holds for the
      // query timeout: a create whose COMMIT was already sent commits after SIGCONT although its caller
      // got a 503, as with any client-side timeout. One whose earlier statement timed out never does:
      // its connection is closed, so the server rolls its transaction back instead of letting the next
      // user of the connection commit it. Counted below as unacknowledgedButStored.
      const creates = records.filter((record) => record.operation === 'create');
      const acknowledged = new Set(creates.filter((record) => record.status === 200).map((record) => record.title));
      const failed = creates.filter((record) => record.status !== 200);
      const inFlightAtStop = new Set(
        failed.filter((record) => record.start < stopped && record.end >= stopBegin).map((record) => record.title),
      );
      const stored = await inspectCluster(cluster, `${mode}-%`);
      expect([...acknowledged].filter((title) => stored.titles.get(title ?? '') !== 1)).toEqual([]);
      const unacknowledgedStored = [...stored.titles.keys()].filter((title) => !acknowledged.has(title));
      expect(unacknowledgedStored.filter((title) => !inFlightAtStop.has(title))).toEqual([]);
      // The trigger-maintained daily totals still equal the ledger, no session lacks its token, and no
      // connection sits in a transaction nobody will finish (or that a stranger's COMMIT would finish).
      expect(stored.dailyTotalsDrift).toBe(0);
      expect(stored.sessionsWithoutToken).toBe(0);
      expect(stored.staleTransactions).toBe(0);

      // The log: no crash, no unhandled error, no procedure failing as a 500. A scheduler job that
      // met the outage is logged and tried again; once the database is back, none fails any more.
      const entries = logEntries(server);
      expect(entries.filter((entry) => entry.level >= 50 && entry.msg !== 'job failed')).toEqual([]);
      const jobFailures = entries.filter(
        (entry) =>
          entry.msg === 'job failed' && entry.time >= wallClock(stopBegin) && entry.time <= wallClock(readyAgain),
      );
      expect(jobFailures.length).toBeGreaterThan(0);
      const lateJobFailures = entries.filter(
        (entry) => entry.msg === 'job failed' && entry.time > wallClock(readyAgain) + 2_500,
      );
      expect(lateJobFailures).toEqual([]);

      const outageLatencies = outage.map((record) => record.end - record.start);
      const figures = {
        fault: mode,
        queryTimeoutMs: QUERY_TIMEOUT_MS,
        ...(freeze ? { frozenProcesses } : {}),
        calls: records.length,
        stopTookMs: Math.round(stopped - stopBegin),
        readyTurned503AfterMs: Math.round(unreadyAfterMs),
        outageMs: Math.round(startBegin - stopped),
        outageCalls: outage.length,
        outageByOperation: Object.fromEntries(
          MIX.map(([operation]) => [operation, outage.filter((record) => record.operation === operation).length]),
        ),
        outageLatencyMs: summarizeLatencies(outageLatencies),
        failedWhileStopping: records.filter(
          (record) => record.end >= stopBegin && record.start < stopped && record.status !== 200,
        ).length,
        maxLatencyMs: Math.round(maxLatencyMs),
        maxReadyProbeMs: Math.round(maxProbeMs),
        probes: probes.length,
        startTookMs: Math.round(started - startBegin),
        readyAgainAfterStartMs: Math.round(readyAfterStartMs),
        firstSuccessAfterStartMs: Math.round(firstSuccessAfterStartMs),
        callsAfterRecovery: after.length,
        createsAcknowledged: acknowledged.size,
        createsFailed: failed.length,
        createsStored: stored.titles.size,
        unacknowledgedButStored: unacknowledgedStored.length,
        createsFailedInFlight: inFlightAtStop.size,
        schedulerJobFailuresLogged: jobFailures.length,
        pid,
      };
      results[mode] = figures;
      const [outageName, backName] = freeze
        ? [`freeze (SIGSTOP of ${frozenProcesses} server processes)`, 'SIGCONT']
        : [`${mode} stop`, `the restart began (pg_ctl start ${figures.startTookMs} ms)`];
      reportStress(
        'database-faults',
        `${outageName}: ready turned 503 ${seconds(unreadyAfterMs)} after it began; ` +
          `${outage.length} calls during the ${seconds(startBegin - stopped)} outage, all 503 SERVICE_UNAVAILABLE, ` +
          `p99 ${Math.round(figures.outageLatencyMs.p99)} ms, max ${Math.round(figures.outageLatencyMs.max)} ms; ` +
          `max latency overall ${figures.maxLatencyMs} ms, max ready probe ${Math.round(maxProbeMs)} ms; ready again ` +
          `${seconds(readyAfterStartMs)} and first success ${seconds(firstSuccessAfterStartMs)} after ${backName}, ` +
          `same pid; creates ${acknowledged.size} acknowledged / ${stored.titles.size} stored ` +
          `(${unacknowledgedStored.length} unacknowledged, in flight when it began)`,
        results,
      );
    });
  }
});
