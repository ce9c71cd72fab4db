import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../../bench/server-process';
import { type CallResult, call, type Session, STRESS_PASSWORD, signUp } from './support/api-client';
import { startAppProcess } from './support/app-process';
import { collectGarbageAndMeasure, type HeapUsage } from './support/inspector';
import { OutcomeLog } from './support/outcomes';
import { reportStress } from './support/results';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { operationPicker, seededRandom } from './support/traffic-mix';

const CONNECTIONS = 100;
const DURATION_MS = 60_000;
const IMPORT_ROWS = 10;
const MB = 1024 * 1024;

/**
 * The mix one signed-in user makes, by weight: mostly reading the ledger and dashboard, a fair share
 * of writes, and the occasional sign-in (bcrypt at the production cost, so it is kept rare here as it
 * is in real use).
 */
const MIX = [
  ['list', 24],
  ['create', 20],
  ['summary', 10],
  ['chart', 6],
  ['breakdown', 6],
  ['categories', 5],
  ['me', 5],
  ['refresh', 10],
  ['import', 5],
  ['delete', 7],
  ['login', 2],
] as const;
type Operation = (typeof MIX)[number][0];

interface Written {
  title: string;
  cents: number;
}

/** One client: its session, and every write the server acknowledged to it. */
interface Client {
  index: number;
  session: Session;
  random: () => number;
  next: () => Operation;
  sequence: number;
  /** Acknowledged and not since deleted, by title; created ones also by id, for deleting. */
  written: Map<string, Written>;
  createdIds: Map<string, string>;
}

function recentDate(random: () => number): string {
  const day = new Date(Date.UTC(2026, 10, 27) - Math.floor(random() * 120) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function randomRow(client: Client, title: string) {
  const cents = 1 + Math.floor(client.random() * 250_000);
  const type = client.random() < 0.2 ? 'INCOME' : 'EXPENSE';
  const category = ['Groceries', 'Dining', 'Transport', 'Utilities', 'Salary'][Math.floor(client.random() * 5)];
  return { cents, input: { title, type, amount: cents / 100, category, date: recentDate(client.random) } };
}

/** Makes one call of the given kind and records what the server acknowledged. */
async function act(origin: string, client: Client, operation: Operation): Promise<CallResult<unknown>> {
  const auth = { accessToken: client.session.accessToken };
  const query = { ...auth, query: true };
  switch (operation) {
    case 'list':
      return call(origin, 'transaction.list', { page: 1 + Math.floor(client.random() * 3), pageSize: 20 }, query);
    case 'summary':
      return call(origin, 'analytics.summary', { preset: '30days' }, query);
    case 'chart':
      return call(origin, 'analytics.chart', { preset: 'last3Months' }, query);
    case 'breakdown':
      return call(origin, 'analytics.expenseBreakdown', { preset: 'thisYear' }, query);
    case 'categories':
      return call(origin, 'transaction.categories', undefined, query);
    case 'me':
      return call(origin, 'user.me', undefined, query);
    case 'create': {
      const title = `c${client.index}-${client.sequence++}`;
      const row = randomRow(client, title);
      const result = await call<{ id: string }>(origin, 'transaction.create', row.input, auth);
      if (result.ok) {
        client.written.set(title, { title, cents: row.cents });
        client.createdIds.set(title, result.data.id);
      }
      return result;
    }
    case 'import': {
      const batch = client.sequence++;
      const rows = Array.from({ length: IMPORT_ROWS }, (_, row) =>
        randomRow(client, `i${client.index}-${batch}-${row}`),
      );
      const result = await call<{ importedCount: number }>(
        origin,
        'transaction.import',
        { rows: rows.map((row) => row.input) },
        auth,
      );
      if (result.ok && result.data.importedCount === IMPORT_ROWS) {
        for (const row of rows) client.written.set(row.input.title, { title: row.input.title, cents: row.cents });
      }
      return result;
    }
    case 'delete': {
      const [title, id] = client.createdIds.entries().next().value ?? [];
      if (!title || !id) return call(origin, 'transaction.list', { pageSize: 5 }, query);
      const result = await call(origin, 'transaction.delete', { id }, auth);
      if (result.ok) {
        client.written.delete(title);
        client.createdIds.delete(title);
      }
      return result;
    }
    case 'refresh': {
      const result = await call<{ accessToken: string }>(
        origin,
        'auth.refresh',
        {},
        {
          refreshToken: client.session.refreshToken,
        },
      );
      if (result.ok && result.refreshToken) {
        client.session = { ...client.session, accessToken: result.data.accessToken, refreshToken: result.refreshToken };
      }
      return result;
    }
    case 'login': {
      const result = await call<{ accessToken: string }>(origin, 'auth.login', {
        email: client.session.email,
        password: STRESS_PASSWORD,
      });
      if (result.ok && result.refreshToken) {
        client.session = { ...client.session, accessToken: result.data.accessToken, refreshToken: result.refreshToken };
      }
      return result;
    }
  }
}

describe('100 connections of mixed traffic for 60 s against one server', () => {
  let database: ScratchDatabase;
  let server: ServerProcess;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase(inject('stressDatabaseUrl'), 'load');
    server = await startAppProcess({
      databaseUrl: database.url,
      redisUrl: inject('stressRedisUrl'),
      inspect: true,
    });
    for (let first = 0; first < CONNECTIONS; first += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, offset) => signUp(server.origin, `load-${first + offset}@example.com`)),
      );
      batch.forEach((session, offset) => {
        const index = first + offset;
        const random = seededRandom(index + 1);
        clients.push({
          index,
          session,
          random,
          next: operationPicker(MIX, random),
          sequence: 0,
          written: new Map(),
          createdIds: new Map(),
        });
      });
    }
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers every call, loses and duplicates no write, and gives its memory back', async () => {
    const origin = server.origin;
    // Warm up every code path before the baseline, so lazily built things (JIT, pools, prepared
    // plans) count as baseline and not as growth.
    const warmUp = new OutcomeLog();
    await Promise.all(
      clients.slice(0, 10).map(async (client) => {
        for (const [operation] of MIX) {
          await warmUp.record(operation, async () => {
            const answer = await act(origin, client, operation);
            return { ...answer, code: answer.ok ? 'OK' : `${answer.code} ${answer.message}` };
          });
        }
      }),
    );
    expect(warmUp.outcomes.filter((outcome) => outcome.status !== 200)).toEqual([]);
    const baseline: HeapUsage = await collectGarbageAndMeasure(server);
    const baselineRss = server.rssBytes() ?? 0;
    server.resetPeakRss();

    const log = new OutcomeLog();
    const failures: string[] = [];
    const deadline = performance.now() + DURATION_MS;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          const operation = client.next();
          const result = await log.record(operation, async () => {
            const answer = await act(origin, client, operation);
            return { ...answer, code: answer.ok ? 'OK' : answer.code };
          });
          if (result && !result.ok && failures.length < 10) {
            failures.push(`${operation}: ${result.status} ${result.code} ${result.message}`);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const peakRss = server.peakRssBytes() ?? 0;

    // Memory: what survives a full collection once the load is over, against the same before it.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const after = await collectGarbageAndMeasure(server);
    const afterRss = server.rssBytes() ?? 0;

    // Writes: every acknowledged row is stored exactly once and nothing else is, to the cent.
    const { rows: stored } = await database.pool.query<{ user_id: string; title: string; amount_cents: string }>(
      'select user_id, title, amount_cents from transactions',
    );
    const storedByUser = new Map<string, Map<string, number[]>>();
    for (const row of stored) {
      const titles = storedByUser.get(row.user_id) ?? new Map<string, number[]>();
      titles.set(row.title, [...(titles.get(row.title) ?? []), Number(row.amount_cents)]);
      storedByUser.set(row.user_id, titles);
    }
    let acknowledged = 0;
    let lost = 0;
    let duplicated = 0;
    let unacknowledged = 0;
    let wrongAmounts = 0;
    for (const client of clients) {
      const titles = storedByUser.get(client.session.userId) ?? new Map<string, number[]>();
      acknowledged += client.written.size;
      for (const written of client.written.values()) {
        const copies = titles.get(written.title) ?? [];
        if (copies.length === 0) lost++;
        if (copies.length > 1) duplicated += copies.length - 1;
        if (copies.some((cents) => cents !== written.cents)) wrongAmounts++;
      }
      for (const title of titles.keys()) if (!client.written.has(title)) unacknowledged++;
    }
    // The dashboard's per-day totals, kept by triggers under concurrent writes, still equal the ledger.
    const { rows: drift } = await database.pool.query(`
      select coalesce(l.user_id, t.user_id) as user_id from
        (select user_id, date, type, category, sum(amount_cents) as cents, count(*) as n
           from transactions group by 1, 2, 3, 4) l
        full join transaction_daily_totals t using (user_id, date, type, category)
       where l.cents is distinct from t.amount_cents or l.n is distinct from t.transaction_count`);

    const summary = log.summary();
    const all = summary.all;
    const serverErrors = log.count((outcome) => outcome.status >= 500 || outcome.status === 0);
    const writes = log.count((o) => ['create', 'import', 'delete'].includes(o.operation) && o.status === 200);
    reportStress(
      'load',
      `${all?.calls} calls in ${seconds.toFixed(1)} s over ${CONNECTIONS} connections ` +
        `(${Math.round((all?.calls ?? 0) / seconds)}/s), ${serverErrors} 5xx or dropped, ` +
        `${log.count((o) => o.status !== 200)} non-200; p50 ${all?.latency.p50.toFixed(1)} ms, p99 ${all?.latency.p99.toFixed(1)} ms, ` +
        `max ${all?.latency.max.toFixed(0)} ms; ${writes} acknowledged writes, ${acknowledged} rows expected, ` +
        `${stored.length} stored, ${lost} lost, ${duplicated} duplicated, ${unacknowledged} unacknowledged; ` +
        `heap after GC ${(baseline.usedBytes / MB).toFixed(1)} MB before, ${(after.usedBytes / MB).toFixed(1)} MB after; ` +
        `RSS ${(baselineRss / MB).toFixed(0)} MB before, peak ${(peakRss / MB).toFixed(0)} MB, ${(afterRss / MB).toFixed(0)} MB after`,
      {
        seconds,
        connections: CONNECTIONS,
        summary,
        acknowledged,
        stored: stored.length,
        lost,
        duplicated,
        unacknowledged,
        wrongAmounts,
        baseline,
        after,
        baselineRss,
        peakRss,
        afterRss,
        failures,
      },
    );

    expect(failures).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(unacknowledged).toBe(0);
    expect(wrongAmounts).toBe(0);
    expect(stored.length).toBe(acknowledged);
    expect(drift).toEqual([]);
    // Enough traffic that the claims mean something: every kind of call ran many times.
    for (const [operation] of MIX) expect(summary[operation]?.calls ?? 0).toBeGreaterThan(50);
    // Near baseline: what the process still holds after a full collection grew by less than a
    // quarter (caches such as the rate limiter's insurance store and prepared plans are bounded).
    expect(after.usedBytes).toBeLessThan(baseline.usedBytes * 1.25);
  });
});
