import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parsePrometheus, type Sample, sumOf } from '../../src/test/prometheus';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/test/smtp';
import type { ServerProcess } from '../bench/server-process';
import { mustCall, REFRESH_COOKIE, type Session, STRESS_PASSWORD, signIn } from './support/api-client';
import { startAppProcess } from './support/app-process';
import { CpuMeter } from './support/cpu';
import {
  type ConnectionPooler,
  type LoadBalancer,
  requireProgram,
  startHaproxy,
  startPgbouncer,
} from './support/infrastructure';
import { act, type Client, checkWrites, ledgerClient, MIX } from './support/ledger-traffic';
import { type OperationSummary, OutcomeLog } from './support/outcomes';
import { reportStress } from './support/results';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

/*
 * Scale-out: the production bundle as 1, 2 and 3 instances behind HAProxy, all on one PostgreSQL
 * database through PgBouncer in transaction mode and on one Redis, the way docs/operations.md deploys
 * it. The same mixed load runs through the proxy at each size; the figures say what each instance
 * adds on this machine and where the time goes (per-process CPU from /proc, pool waits from the
 * instances' /api/metrics and PgBouncer's own counters). The claims: no write lost, refresh-token
 * rotation and sign-in throttling hold whichever instance answers, and every scheduled job's work is
 * done exactly once while three schedulers race for it under load.
 */

const INSTANCE_COUNTS = [1, 2, 3] as const;
const CONNECTIONS = 48;
const WARM_UP_MS = 3_000;
const STEP_MS = 20_000;
/** PgBouncer's server connections to PostgreSQL, shared by every instance's pool of 10 (the app's default). */
const PGBOUNCER_POOL_SIZE = 10;
const REUSE_INTERVAL_SECONDS = 2;
const MAX_FAILURES_PER_EMAIL = 6;
const SCHEDULER_USERS = 24;
const METRICS_TOKEN = 'stress-metrics-token-0123456789';

const runId = Math.random().toString(36).slice(2, 8);
const serverDir = path.resolve(import.meta.dirname, '..', '..');

let database: ScratchDatabase;
let pooler: ConnectionPooler;
let smtp: TestSmtpServer;
let instances: ServerProcess[] = [];
const balancers: LoadBalancer[] = [];

beforeAll(async () => {
  // Before anything starts, so a machine without them fails at once with how to install them.
  requireProgram('haproxy');
  requireProgram('pgbouncer');
  database = await createScratchDatabase(inject('stressDatabaseUrl'), 'scale');
  pooler = await startPgbouncer(database.url, PGBOUNCER_POOL_SIZE);
  smtp = await startTestSmtpServer();
  const options = {
    // Everything through PgBouncer, start-up migrations included (they lock per transaction).
    databaseUrl: pooler.url,
    redisUrl: inject('stressRedisUrl'),
    env: {
      // One proxy hop: the client address is the one HAProxy adds to X-Forwarded-For.
      TRUST_PROXY: '1',
      REFRESH_REUSE_INTERVAL_SECONDS: String(REUSE_INTERVAL_SECONDS),
      LOGIN_MAX_FAILURES_PER_EMAIL: String(MAX_FAILURES_PER_EMAIL),
      // Every call comes from 127.0.0.1, and Redis keeps per-IP counters between runs: only the
      // per-address limit is under test here.
      LOGIN_MAX_FAILURES_PER_IP: '100000',
      TOKEN_MAX_FAILURES_PER_IP: '100000',
      SCHEDULER_INTERVAL_SECONDS: '1',
      SMTP_URL: smtp.url,
      METRICS_TOKEN,
    },
  };
  // All three at once: they migrate the empty database together, taking turns on the migration lock.
  instances = await Promise.all(INSTANCE_COUNTS.map(() => startAppProcess(options)));
});

afterAll(async () => {
  await Promise.all(balancers.map((balancer) => balancer.stop()));
  await Promise.all(instances.map((instance) => instance.stop()));
  await smtp?.close();
  await pooler?.stop();
  await database?.drop();
});

async function withBalancer<T>(count: number, work: (balancer: LoadBalancer) => Promise<T>): Promise<T> {
  const balancer = await startHaproxy(instances.slice(0, count).map((instance) => instance.origin));
  balancers.push(balancer);
  try {
    return await work(balancer);
  } finally {
    await balancer.stop();
    balancers.splice(balancers.indexOf(balancer), 1);
  }
}

async function scrape(instance: ServerProcess): Promise<Sample[]> {
  const response = await fetch(`${instance.origin}/api/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  if (response.status !== 200) throw new Error(`/api/metrics answered ${response.status}`);
  return parsePrometheus(await response.text());
}

interface Answer {
  status: number;
  code: string;
  servedBy: string;
  refreshToken: string | null;
  retryAfter: string | null;
}

/** A POST through the proxy that keeps what the tRPC client hides: the answering instance and Retry-After. */
async function post(origin: string, procedure: string, body: unknown, refreshToken?: string): Promise<Answer> {
  const response = await fetch(`${origin}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(refreshToken ? { cookie: `${REFRESH_COOKIE}=${refreshToken}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as { error?: { data?: { code?: string } } };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${REFRESH_COOKIE}=`));
  return {
    status: response.status,
    code: parsed.error?.data?.code ?? 'OK',
    servedBy: response.headers.get('x-served-by') ?? '',
    refreshToken: cookie === undefined ? null : cookie.slice(REFRESH_COOKIE.length + 1),
    retryAfter: response.headers.get('retry-after'),
  };
}

/* ---------------------------------------------------------------------------------------------- */
/* Recurring series the three schedulers race for: calendar arithmetic of its own, in UTC.          */

const DAY_MS = 86_400_000;
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
/** Each user's two series: starting that many days ago, repeating every `every` days. */
const SERIES = [
  { title: 'Lunch', interval: 'DAILY', every: 1, startDaysAgo: 20 },
  { title: 'Cleaner', interval: 'WEEKLY', every: 7, startDaysAgo: 63 },
] as const;
/** The dates due by today after the template's own date. */
const dueDates = (series: (typeof SERIES)[number]) =>
  Array.from({ length: Math.floor(series.startDaysAgo / series.every) }, (_, k) =>
    utcDay(-series.startDaysAgo + (k + 1) * series.every),
  );

interface SchedulerUsers {
  ids: string[];
  emails: string[];
  templates: Array<{ id: string; series: (typeof SERIES)[number] }>;
}

async function createSchedulerUsers(origin: string): Promise<SchedulerUsers> {
  const emails = Array.from({ length: SCHEDULER_USERS }, (_, i) => `scheduled-${i}-${runId}@stress.test`);
  const templates: SchedulerUsers['templates'] = [];
  for (const email of emails) {
    await mustCall(origin, 'auth.register', { name: 'Scheduled', email, password: STRESS_PASSWORD, timezone: 'UTC' });
  }
  // As if each had opened the link in their verification e-mail: scheduled reports go only to confirmed addresses.
  const { rows } = await database.pool.query<{ id: string }>(
    'update users set email_verified_at = now() where email = any($1) returning id',
    [emails],
  );
  for (const email of emails) {
    const session = await signIn(origin, email);
    for (const series of SERIES) {
      const { data } = await mustCall<{ id: string }>(
        origin,
        'transaction.create',
        {
          title: series.title,
          type: 'EXPENSE',
          amount: 12.5,
          category: series.title,
          date: utcDay(-series.startDaysAgo),
          isRecurring: true,
          recurringInterval: series.interval,
        },
        { accessToken: session.accessToken },
      );
      templates.push({ id: data.id, series });
    }
  }
  return { ids: rows.map((row) => row.id), emails, templates };
}

/**
 * Time passing, simulated in the database: every series back to just after its own date with no
 * occurrence made, and every report due, in one transaction so all schedulers find it due at once.
 */
async function rewind(users: SchedulerUsers): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    await client.query('delete from transactions where template_id is not null and user_id = any($1)', [users.ids]);
    for (const template of users.templates) {
      await client.query('update transactions set next_recurring_date = $2 where id = $1', [
        template.id,
        utcDay(-template.series.startDaysAgo + template.series.every),
      ]);
    }
    await client.query('update report_settings set next_report_date = current_date - 35 where user_id = any($1)', [
      users.ids,
    ]);
    await client.query('commit');
  } finally {
    client.release();
  }
}

const schedulerOccurrences = async (users: SchedulerUsers) =>
  (
    await database.pool.query<{ n: number }>(
      'select count(*)::int as n from transactions where template_id is not null and user_id = any($1)',
      [users.ids],
    )
  ).rows[0]?.n ?? 0;
const reportMails = () => smtp.messages.filter((message) => message.subject.startsWith('Your FinAIlytics report'));

/** Seconds until every due occurrence exists and every report e-mail has gone (null: not within a minute). */
async function timeToCatchUp(users: SchedulerUsers): Promise<number | null> {
  const started = performance.now();
  const expected = users.templates.reduce((sum, template) => sum + dueDates(template.series).length, 0);
  while (performance.now() - started < 60_000) {
    if ((await schedulerOccurrences(users)) >= expected && reportMails().length >= users.ids.length) {
      return (performance.now() - started) / 1000;
    }
    await sleep(250);
  }
  return null;
}

/* ---------------------------------------------------------------------------------------------- */

interface StepFigures {
  instances: number;
  seconds: number;
  calls: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non200: number;
  /** Calls each instance answered in the step, from its own /api/metrics. */
  servedPerInstance: number[];
  cpuSeconds: { apps: number[]; postgres: number; pgbouncer: number; haproxy: number; loadGenerator: number };
  /** Share of both cores busy during the step, whoever's work it was (the machine is shared). */
  machineBusy: number;
  appPoolWaitingMax: number;
  appPoolWaitingMean: number;
  appPoolInUseMean: number;
  pgbouncerClientsWaitingMax: number;
  /** Time transactions waited for one of PgBouncer's server connections, per transaction. */
  pgbouncerWaitMsPerTransaction: number;
  pgbouncerTransactions: number;
  summary: Record<string, OperationSummary>;
}

async function postgresBackends(): Promise<number[]> {
  const { rows } = await database.pool.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return rows.map((row) => row.pid);
}

async function pgbouncerTotals(): Promise<{ transactions: number; waitMicroseconds: number }> {
  const database_ = new URL(pooler.url).pathname.slice(1);
  const rows = await pooler.admin<{ database: string; total_xact_count: string; total_wait_time: string }>(
    'SHOW STATS',
  );
  const row = rows.find((entry) => entry.database === database_);
  return { transactions: Number(row?.total_xact_count ?? 0), waitMicroseconds: Number(row?.total_wait_time ?? 0) };
}

/** Samples pool gauges once a second while the step runs. */
function samplePools(active: ServerProcess[]) {
  const waiting: number[] = [];
  const inUse: number[] = [];
  const clientsWaiting: number[] = [];
  let stopped = false;
  const database_ = new URL(pooler.url).pathname.slice(1);
  const loop = (async () => {
    while (!stopped) {
      const scrapes = await Promise.all(active.map(scrape));
      waiting.push(scrapes.reduce((sum, samples) => sum + sumOf(samples, 'finailytics_db_pool_waiting'), 0));
      inUse.push(scrapes.reduce((sum, samples) => sum + sumOf(samples, 'finailytics_db_pool_in_use'), 0));
      const pools = await pooler.admin<{ database: string; cl_waiting: string }>('SHOW POOLS');
      clientsWaiting.push(Number(pools.find((pool) => pool.database === database_)?.cl_waiting ?? 0));
      await sleep(1_000);
    }
  })();
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  return async () => {
    stopped = true;
    await loop;
    return {
      appPoolWaitingMax: Math.max(0, ...waiting),
      appPoolWaitingMean: mean(waiting),
      appPoolInUseMean: mean(inUse),
      pgbouncerClientsWaitingMax: Math.max(0, ...clientsWaiting),
    };
  };
}

const servedCalls = async (instance: ServerProcess) => sumOf(await scrape(instance), 'finailytics_trpc_calls_total');

describe(`1, 2 and 3 instances behind HAProxy, on PgBouncer (transaction mode) and Redis`, () => {
  it('migrated once, with three instances starting together through PgBouncer', async () => {
    const journal = JSON.parse(readFileSync(path.join(serverDir, 'drizzle', 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const { rows } = await database.pool.query<{ n: number }>(
      'select count(*)::int as n from drizzle.__drizzle_migrations',
    );
    expect(rows[0]?.n).toBe(journal.entries.length);
    for (const instance of instances) expect((await fetch(`${instance.origin}/api/ready`)).status).toBe(200);
    console.log(
      `[stress] scale-out start-up: 3 instances started at once through PgBouncer (transaction mode), ` +
        `${journal.entries.length} migrations applied once; ready in ${instances.map((i) => Math.round(i.startupMs)).join(', ')} ms`,
    );
  });

  it('serves the same mixed load on each size without losing a write, and runs every scheduled job once', async () => {
    const clients: Client[] = [];
    const scheduled = await withBalancer(3, async ({ origin }) => {
      for (let first = 0; first < CONNECTIONS; first += 8) {
        const sessions = await Promise.all(
          Array.from({ length: 8 }, async (_, offset): Promise<Session> => {
            const email = `scale-${first + offset}-${runId}@stress.test`;
            await mustCall(origin, 'auth.register', { name: 'Scale', email, password: STRESS_PASSWORD });
            return signIn(origin, email);
          }),
        );
        sessions.forEach((session, offset) => {
          clients.push(ledgerClient(first + offset, session));
        });
      }
      return createSchedulerUsers(origin);
    });

    const steps: StepFigures[] = [];
    const failures: string[] = [];
    const log = new OutcomeLog();
    let caughtUp: Promise<number | null> = Promise.resolve(null);
    for (const count of INSTANCE_COUNTS) {
      const active = instances.slice(0, count);
      const step = await withBalancer(count, async (balancer) => {
        // New instances and a new proxy warm up (JIT, pools, keep-alive connections) unmeasured.
        const warmUpEnd = performance.now() + WARM_UP_MS;
        await Promise.all(
          clients.map(async (client) => {
            while (performance.now() < warmUpEnd) await act(balancer.origin, client, client.next());
          }),
        );
        if (count === 3) {
          await rewind(scheduled);
          caughtUp = timeToCatchUp(scheduled);
        }
        const servedBefore = await Promise.all(active.map(servedCalls));
        const bouncerBefore = await pgbouncerTotals();
        const backends = await postgresBackends();
        const pids = { apps: active.map((i) => i.pid), haproxy: balancer.pid, pgbouncer: pooler.pid };
        const meter = new CpuMeter([...pids.apps, pids.haproxy, pids.pgbouncer, ...backends]);
        const loadCpuBefore = process.cpuUsage();
        const stopSampling = samplePools(active);
        const stepLog = new OutcomeLog();
        const deadline = performance.now() + STEP_MS;
        await Promise.all(
          clients.map(async (client) => {
            while (performance.now() < deadline) {
              const operation = client.next();
              const result = await stepLog.record(operation, async () => {
                const answer = await act(balancer.origin, client, operation);
                return { ...answer, code: answer.ok ? 'OK' : answer.code };
              });
              if (result && !result.ok && failures.length < 10) {
                failures.push(`${count} instances, ${operation}: ${result.status} ${result.code} ${result.message}`);
              }
            }
          }),
        );
        const seconds = meter.elapsedSeconds();
        const loadCpu = process.cpuUsage(loadCpuBefore);
        const allBackends = [...new Set([...backends, ...(await postgresBackends())])];
        const pools = await stopSampling();
        const bouncerAfter = await pgbouncerTotals();
        const servedAfter = await Promise.all(active.map(servedCalls));
        log.outcomes.push(...stepLog.outcomes);
        const summary = stepLog.summary();
        const all = summary.all;
        const transactions = bouncerAfter.transactions - bouncerBefore.transactions;
        return {
          instances: count,
          seconds,
          calls: all?.calls ?? 0,
          perSecond: (all?.calls ?? 0) / seconds,
          p50Ms: all?.latency.p50 ?? 0,
          p99Ms: all?.latency.p99 ?? 0,
          maxMs: all?.latency.max ?? 0,
          non200: stepLog.count((outcome) => outcome.status !== 200),
          servedPerInstance: servedAfter.map((after, i) => after - (servedBefore[i] ?? 0)),
          cpuSeconds: {
            apps: pids.apps.map((pid) => meter.used([pid])),
            postgres: meter.used(allBackends),
            pgbouncer: meter.used([pids.pgbouncer]),
            haproxy: meter.used([pids.haproxy]),
            loadGenerator: (loadCpu.user + loadCpu.system) / 1e6,
          },
          machineBusy: meter.machineBusy(),
          ...pools,
          pgbouncerWaitMsPerTransaction:
            transactions > 0
              ? (bouncerAfter.waitMicroseconds - bouncerBefore.waitMicroseconds) / 1000 / transactions
              : 0,
          pgbouncerTransactions: transactions,
          summary,
        } satisfies StepFigures;
      });
      steps.push(step);
      const cpu = step.cpuSeconds;
      const perCore = (seconds: number) => `${Math.round((seconds / step.seconds) * 100)}%`;
      // What one call costs, whatever else the machine is doing: the figure that bounds throughput here.
      const perCall = (seconds: number) => ((seconds * 1000) / Math.max(step.calls, 1)).toFixed(2);
      const serverSide = cpu.apps.reduce((sum, s) => sum + s, 0) + cpu.postgres + cpu.pgbouncer + cpu.haproxy;
      console.log(
        `[stress] scale-out ${count} instance${count > 1 ? 's' : ''}: ${step.calls} calls in ${step.seconds.toFixed(1)} s ` +
          `(${Math.round(step.perSecond)}/s), p50 ${step.p50Ms.toFixed(1)} ms, p99 ${step.p99Ms.toFixed(1)} ms, ` +
          `${step.non200} non-200; served ${step.servedPerInstance.join('/')}; CPU (100% = one core) ` +
          `apps ${cpu.apps.map(perCore).join('+')}, postgres ${perCore(cpu.postgres)}, pgbouncer ${perCore(cpu.pgbouncer)}, ` +
          `haproxy ${perCore(cpu.haproxy)}, load generator ${perCore(cpu.loadGenerator)}; machine ${Math.round(step.machineBusy * 100)}% busy; ` +
          `app pool waiting max ${step.appPoolWaitingMax} (mean ${step.appPoolWaitingMean.toFixed(1)}), in use mean ${step.appPoolInUseMean.toFixed(1)}; ` +
          `pgbouncer clients waiting max ${step.pgbouncerClientsWaitingMax}, wait ${step.pgbouncerWaitMsPerTransaction.toFixed(2)} ms per transaction; ` +
          `CPU per call: apps ${perCall(cpu.apps.reduce((sum, s) => sum + s, 0))} ms, postgres ${perCall(cpu.postgres)} ms, ` +
          `all server-side ${perCall(serverSide)} ms → ${Math.round(2000 / Number(perCall(serverSide)))}/s ceiling on two idle cores`,
      );
    }

    // The schedulers have raced under load since the rewind; a few more rounds would show any work done twice.
    const caughtUpSeconds = await caughtUp;
    await sleep(3_000);

    // Every series has exactly its due dates, once each.
    const { rows: made } = await database.pool.query<{ template_id: string; date: string }>(
      `select template_id, to_char(date, 'YYYY-MM-DD') as date from transactions
        where template_id is not null and user_id = any($1) order by template_id, date`,
      [scheduled.ids],
    );
    const wrongSeries = scheduled.templates.filter(
      (template) =>
        JSON.stringify(made.filter((row) => row.template_id === template.id).map((row) => row.date)) !==
        JSON.stringify(dueDates(template.series)),
    );
    const expectedOccurrences = scheduled.templates.reduce((sum, t) => sum + dueDates(t.series).length, 0);
    // One report per user, sent once, in one e-mail.
    const { rows: reports } = await database.pool.query<{ user_id: string; status: string; attempts: number }>(
      'select user_id, status, attempts from reports where user_id = any($1)',
      [scheduled.ids],
    );
    const mailsTo = reportMails().flatMap((message) => message.recipients);
    const jobRuns = await Promise.all(
      instances.map(async (instance) => {
        const samples = await scrape(instance);
        return {
          ok: sumOf(samples, 'finailytics_job_runs_total', { outcome: 'ok' }),
          failed: sumOf(samples, 'finailytics_job_runs_total', { outcome: 'failed' }),
        };
      }),
    );

    const writes = await checkWrites(database.pool, clients);
    const serverErrors = log.count((outcome) => outcome.status >= 500 || outcome.status === 0);
    const [one, two, three] = steps;
    reportStress(
      'scale-out',
      `${CONNECTIONS} connections, ${STEP_MS / 1000} s per size: ` +
        steps.map((s) => `${s.instances} → ${Math.round(s.perSecond)}/s p99 ${s.p99Ms.toFixed(0)} ms`).join(', ') +
        `; ${serverErrors} 5xx or dropped; ${writes.acknowledged} acknowledged rows, ${writes.stored} stored, ` +
        `${writes.lost} lost, ${writes.duplicated} duplicated; scheduler on 3 instances under load: ` +
        `${made.length}/${expectedOccurrences} occurrences, ${wrongSeries.length} wrong series, ` +
        `${reports.length} reports and ${mailsTo.length} report e-mails for ${SCHEDULER_USERS} users, ` +
        `caught up ${caughtUpSeconds === null ? 'never' : `${caughtUpSeconds.toFixed(1)} s after the rewind`}; job runs ok/failed per instance ` +
        jobRuns.map((runs) => `${runs.ok}/${runs.failed}`).join(', '),
      {
        connections: CONNECTIONS,
        stepSeconds: STEP_MS / 1000,
        pgbouncerPoolSize: PGBOUNCER_POOL_SIZE,
        steps,
        writes,
        serverErrors,
        failures,
        scheduler: {
          users: SCHEDULER_USERS,
          templates: scheduled.templates.length,
          occurrences: made.length,
          expectedOccurrences,
          wrongSeries: wrongSeries.length,
          reports: reports.length,
          reportEmails: mailsTo.length,
          caughtUpSeconds,
          jobRuns,
        },
      },
    );

    expect(failures).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(writes).toMatchObject({ lost: 0, duplicated: 0, unacknowledged: 0, wrongAmounts: 0, totalsDrift: 0 });
    expect(writes.stored).toBe(writes.acknowledged);
    expect(writes.acknowledged).toBeGreaterThan(0);
    // Enough of every kind of call that the claims mean something, refreshes above all.
    const overall = log.summary();
    for (const [operation] of MIX) expect(overall[operation]?.calls ?? 0).toBeGreaterThan(20);
    expect(overall.refresh?.statuses).toEqual({ '200': overall.refresh?.calls });
    // The proxy spread the load: every instance answered at least half its fair share.
    for (const step of [one, two, three]) {
      const total = step?.servedPerInstance.reduce((sum, n) => sum + n, 0) ?? 0;
      for (const served of step?.servedPerInstance ?? []) {
        expect(served).toBeGreaterThan(total / (step?.instances ?? 1) / 2);
      }
    }
    // The scheduler's work, exactly once.
    expect(wrongSeries).toEqual([]);
    expect(made).toHaveLength(expectedOccurrences);
    expect(reports).toHaveLength(SCHEDULER_USERS);
    expect(new Set(reports.map((report) => report.user_id)).size).toBe(SCHEDULER_USERS);
    expect(reports.filter((report) => report.status !== 'SENT' || report.attempts !== 1)).toEqual([]);
    expect([...mailsTo].sort()).toEqual([...scheduled.emails].sort());
    for (const runs of jobRuns) {
      expect(runs.failed).toBe(0);
      expect(runs.ok).toBeGreaterThan(0);
    }
  });

  it('rotates a refresh token once when parallel refreshes land on different instances, and refuses a replay on any', async () => {
    await withBalancer(3, async ({ origin }) => {
      const email = `rotation-${runId}@stress.test`;
      await mustCall(origin, 'auth.register', { name: 'Rotation', email, password: STRESS_PASSWORD });
      const signedIn = await signIn(origin, email);
      const answers = await Promise.all(
        Array.from({ length: 9 }, () => post(origin, 'auth.refresh', {}, signedIn.refreshToken)),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(9).fill(200));
      const servedBy = new Set(answers.map((answer) => answer.servedBy));
      expect(servedBy.size).toBe(3);
      const children = new Set(answers.map((answer) => answer.refreshToken));
      expect(children.size).toBe(1);
      const child = answers[0]?.refreshToken ?? '';
      expect(child).toMatch(/^[A-Za-z0-9_-]{43}$/);

      // Past the reuse interval, the spent token is a replay whichever instance sees it: the session ends.
      await sleep(REUSE_INTERVAL_SECONDS * 1000 + 500);
      const replays = await Promise.all(
        Array.from({ length: 3 }, () => post(origin, 'auth.refresh', {}, signedIn.refreshToken)),
      );
      for (const replay of replays) expect(replay).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      const afterwards = await post(origin, 'auth.refresh', {}, child);
      expect(afterwards).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      const { rows } = await database.pool.query<{ revoked_reason: string | null }>(
        'select revoked_reason from sessions where user_id = $1',
        [signedIn.userId],
      );
      expect(rows).toEqual([{ revoked_reason: 'reuse_detected' }]);
      console.log(
        `[stress] scale-out refresh: 9 parallel refreshes over ${[...servedBy].sort().join(', ')} → one child; ` +
          `replays on ${replays.map((replay) => replay.servedBy).join(', ')} → 401, session revoked (reuse_detected)`,
      );
    });
  });

  it('counts failed sign-ins for one address on every instance together', async () => {
    await withBalancer(3, async ({ origin }) => {
      const email = `throttle-${runId}@stress.test`;
      await mustCall(origin, 'auth.register', { name: 'Throttle', email, password: STRESS_PASSWORD });
      const attempts: Answer[] = [];
      for (let i = 0; i < MAX_FAILURES_PER_EMAIL + 3; i++) {
        attempts.push(await post(origin, 'auth.login', { email, password: 'a wrong password 123' }));
      }
      const rightPassword = await post(origin, 'auth.login', { email, password: STRESS_PASSWORD });
      expect(new Set(attempts.slice(0, MAX_FAILURES_PER_EMAIL).map((a) => a.servedBy)).size).toBe(3);
      for (const attempt of attempts.slice(0, MAX_FAILURES_PER_EMAIL)) {
        expect(attempt).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryAfter: null });
      }
      for (const attempt of [...attempts.slice(MAX_FAILURES_PER_EMAIL), rightPassword]) {
        expect(attempt).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
        expect(Number(attempt.retryAfter)).toBeGreaterThan(0);
      }
      const line = [...attempts, rightPassword].map((a) => `${a.servedBy}:${a.status}`).join(' ');
      console.log(`[stress] scale-out throttle (limit ${MAX_FAILURES_PER_EMAIL} per address): ${line}`);
    });
  });
});
