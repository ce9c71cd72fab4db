import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { createScheduler } from '../jobs/scheduler';
import { createMemoryMailer } from '../lib/mailer';
import { blankPng } from '../modules/receipt/fixtures/images';
import { createOfflineReceiptReader } from '../modules/receipt/offline-reader';
import { closedAfterAll } from '../test/cleanup';
import { useTestDatabase } from '../test/database';
import { testEnv } from '../test/env';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../test/factories';
import { proceduresOf } from './metrics';

const database = useTestDatabase();
const apps = closedAfterAll<FastifyInstance>();

async function makeApp(overrides: Record<string, string> = {}) {
  const app = await buildApp({ env: testEnv(overrides), database, mailer: createMemoryMailer() });
  apps.push(app);
  return app;
}

const PRODUCTION = { NODE_ENV: 'production', BCRYPT_ROUNDS: '10' };
const TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(app: FastifyInstance, token?: string): Promise<string> {
  const response = await app.inject({
    url: '/api/metrics',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.body;
}

/** The value of one series, e.g. value(text, 'finailytics_trpc_calls_total', { procedure: 'user.me' }). */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, label]) => `${key}="${label}"`)
    .join(',');
  const prefix = wanted ? `${name}{${wanted}} ` : `${name} `;
  const line = text.split('\n').find((row) => row.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

function seriesOf(text: string, name: string): string[] {
  return text.split('\n').filter((row) => row.startsWith(`${name}{`));
}

async function signIn(app: FastifyInstance): Promise<string> {
  const email = uniqueEmail();
  await createUser(database.db, { email });
  const response = await app.inject({
    method: 'POST',
    url: '/api/trpc/auth.login',
    headers: { 'content-type': 'application/json' },
    payload: { email, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  return response.json().result.data.accessToken;
}

describe('GET /api/metrics', () => {
  it('counts calls and errors per procedure, a batch once for each procedure in it', async () => {
    const app = await makeApp();
    const accessToken = await signIn(app);
    const auth = { authorization: `Bearer ${accessToken}` };

    // Two plain calls, one unauthenticated (401).
    expect((await app.inject({ url: '/api/trpc/user.me', headers: auth })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/trpc/user.me' })).statusCode).toBe(401);
    // A batch of two queries that both succeed.
    const batch = await app.inject({
      url: `/api/trpc/user.me,transaction.categories?batch=1&input=${encodeURIComponent('{}')}`,
      headers: auth,
    });
    expect(batch.statusCode).toBe(200);
    // A batch where one call fails validation and the other succeeds (207), answered unchanged.
    const mixed = await app.inject({
      url: `/api/trpc/transaction.get,user.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: 'x' } }))}`,
      headers: auth,
    });
    expect(mixed.statusCode).toBe(207);
    const [first, second] = mixed.json();
    expect(first.error.data.code).toBe('BAD_REQUEST');
    expect(second.result.data.email).toMatch(/@/);

    const text = await scrape(app);
    const calls = (procedure: string) => value(text, 'finailytics_trpc_calls_total', { procedure });
    const errors = (procedure: string, code: string) =>
      value(text, 'finailytics_trpc_errors_total', { procedure, code });
    expect(calls('auth.login')).toBe(1);
    expect(calls('user.me')).toBe(4);
    expect(calls('transaction.categories')).toBe(1);
    expect(calls('transaction.get')).toBe(1);
    expect(errors('user.me', 'UNAUTHORIZED')).toBe(1);
    expect(errors('transaction.get', 'BAD_REQUEST')).toBe(1);
    expect(seriesOf(text, 'finailytics_trpc_errors_total')).toHaveLength(2);
    expect(value(text, 'finailytics_trpc_call_duration_seconds_count', { procedure: 'user.me' })).toBe(4);
    expect(value(text, 'finailytics_trpc_call_duration_seconds_sum', { procedure: 'user.me' })).toBeGreaterThan(0);
  });

  it('keeps an error answer as tRPC sent it, Retry-After included', async () => {
    const app = await makeApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '1' });
    const email = uniqueEmail();
    await createUser(database.db, { email });
    const attempt = () =>
      app.inject({
        method: 'POST',
        url: '/api/trpc/auth.login',
        headers: { 'content-type': 'application/json' },
        payload: { email, password: 'not the password 1' },
      });
    expect((await attempt()).statusCode).toBe(401);
    const throttled = await attempt();
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(throttled.headers['content-type']).toMatch(/^application\/json/);
    expect(throttled.json().error.data.code).toBe('TOO_MANY_REQUESTS');

    const text = await scrape(app);
    expect(value(text, 'finailytics_trpc_errors_total', { procedure: 'auth.login', code: 'UNAUTHORIZED' })).toBe(1);
    expect(value(text, 'finailytics_trpc_errors_total', { procedure: 'auth.login', code: 'TOO_MANY_REQUESTS' })).toBe(
      1,
    );
  });

  it('labels any path that names no procedure "unknown", so requests cannot add series', async () => {
    const app = await makeApp();
    for (let i = 0; i < 30; i++) {
      const response = await app.inject({ url: `/api/trpc/made.up${i},also.not${i}?batch=1&input=%7B%7D` });
      expect(response.statusCode).toBe(404);
    }
    const text = await scrape(app);
    expect(seriesOf(text, 'finailytics_trpc_calls_total')).toEqual([
      'finailytics_trpc_calls_total{procedure="unknown"} 60',
    ]);
    expect(seriesOf(text, 'finailytics_trpc_errors_total')).toEqual([
      'finailytics_trpc_errors_total{procedure="unknown",code="NOT_FOUND"} 60',
    ]);
    expect(proceduresOf('/api/trpc/user.me,%E0%A4%A')).toEqual(['unknown']);
    expect(proceduresOf(`/api/trpc/${Array(500).fill('user.me').join(',')}`)).toHaveLength(100);
  });

  it('reports the database pool, and the process', async () => {
    const app = await makeApp();
    const text = await scrape(app);
    const kind = database.kind;
    const stats = database.poolStats();
    expect(value(text, 'finailytics_db_pool_max', { database: kind })).toBe(stats.max);
    expect(value(text, 'finailytics_db_pool_connections', { database: kind })).toBeGreaterThanOrEqual(1);
    if (kind === 'postgres') {
      expect(value(text, 'finailytics_db_pool_in_use', { database: kind })).toBe(0);
      expect(value(text, 'finailytics_db_pool_waiting', { database: kind })).toBe(0);
    } else {
      // One connection on the main thread: nothing is ever checked out or waits for it.
      expect(stats).toEqual({ max: 1, total: 1, inUse: null, waiting: null });
      expect(seriesOf(text, 'finailytics_db_pool_in_use')).toEqual([]);
    }
    expect(value(text, 'finailytics_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value(text, 'finailytics_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts scheduled job runs, failures and their duration', async () => {
    const app = await makeApp();
    const name = `metrics-test-${Math.random().toString(36).slice(2)}`;
    let fail = false;
    const scheduler = createScheduler({
      jobs: [
        {
          name,
          run: async () => {
            if (fail) throw new Error('job failed on purpose');
          },
        },
      ],
      intervalSeconds: 0,
      logger: { debug: () => {}, info: () => {}, error: () => {} },
    });
    await scheduler.runOnce();
    await scheduler.runOnce();
    fail = true;
    await scheduler.runOnce();
    await scheduler.stop();
    const text = await scrape(app);
    expect(value(text, 'finailytics_job_runs_total', { job: name, outcome: 'ok' })).toBe(2);
    expect(value(text, 'finailytics_job_runs_total', { job: name, outcome: 'failed' })).toBe(1);
    expect(value(text, 'finailytics_job_duration_seconds_count', { job: name })).toBe(3);
  });
});

describe('the receipt reader in /api/metrics', () => {
  it('counts scans read and turned away, their duration, and what is in flight', async () => {
    const app = await makeApp();
    const before = await scrape(app);
    const count = (text: string, outcome: string) => value(text, 'finailytics_receipt_scans_total', { outcome }) ?? 0;
    const reader = createOfflineReceiptReader({ workers: 1, queueLimit: 0 });
    try {
      const image = await blankPng();
      // One recogniser and no queue: the second scan sent while the first is read is turned away.
      const outcomes = await Promise.allSettled([
        reader.read(image, { locale: 'en-US' }),
        reader.read(image, { locale: 'en-US' }),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    } finally {
      await reader.close();
    }
    const after = await scrape(app);
    expect(count(after, 'read') - count(before, 'read')).toBe(1);
    expect(count(after, 'busy') - count(before, 'busy')).toBe(1);
    const durations = (text: string) => value(text, 'finailytics_receipt_scan_duration_seconds_count') ?? 0;
    expect(durations(after) - durations(before)).toBe(1);
    expect(value(after, 'finailytics_receipt_scans_in_flight')).toBe(0);
  }, 60_000);
});

describe('who may read /api/metrics', () => {
  it('is absent in production without METRICS_TOKEN', async () => {
    const app = await makeApp(PRODUCTION);
    const response = await app.inject('/api/metrics');
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('finailytics_');
  });

  it('asks for the token as a Bearer token when METRICS_TOKEN is set, in production and elsewhere', async () => {
    for (const overrides of [{ ...PRODUCTION, METRICS_TOKEN: TOKEN }, { METRICS_TOKEN: TOKEN }]) {
      const app = await makeApp(overrides);
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, 'Bearer ']) {
        const response = await app.inject({ url: '/api/metrics', headers: authorization ? { authorization } : {} });
        expect(response.statusCode).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(response.body).not.toContain('finailytics_');
      }
      expect(await scrape(app, TOKEN)).toContain('finailytics_trpc_call');
    }
  });

  it('refuses a METRICS_TOKEN shorter than 16 characters', () => {
    expect(() => testEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});
