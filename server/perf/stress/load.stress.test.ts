import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../bench/server-process';
import { signUp } from './support/api-client';
import { startAppProcess } from './support/app-process';
import { collectGarbageAndMeasure, type HeapUsage } from './support/inspector';
import { act, type Client, checkWrites, ledgerClient, MIX } from './support/ledger-traffic';
import { OutcomeLog } from './support/outcomes';
import { reportStress } from './support/results';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const CONNECTIONS = 100;
const DURATION_MS = 60_000;
const MB = 1024 * 1024;

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
        clients.push(ledgerClient(first + offset, session));
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
    const writes = await checkWrites(database.pool, clients);
    const { acknowledged, stored, lost, duplicated, unacknowledged, wrongAmounts } = writes;

    const summary = log.summary();
    const all = summary.all;
    const serverErrors = log.count((outcome) => outcome.status >= 500 || outcome.status === 0);
    const acknowledgedCalls = log.count(
      (o) => ['create', 'import', 'delete'].includes(o.operation) && o.status === 200,
    );
    reportStress(
      'load',
      `${all?.calls} calls in ${seconds.toFixed(1)} s over ${CONNECTIONS} connections ` +
        `(${Math.round((all?.calls ?? 0) / seconds)}/s), ${serverErrors} 5xx or dropped, ` +
        `${log.count((o) => o.status !== 200)} non-200; p50 ${all?.latency.p50.toFixed(1)} ms, p99 ${all?.latency.p99.toFixed(1)} ms, ` +
        `max ${all?.latency.max.toFixed(0)} ms; ${acknowledgedCalls} acknowledged writes, ${acknowledged} rows expected, ` +
        `${stored} stored, ${lost} lost, ${duplicated} duplicated, ${unacknowledged} unacknowledged; ` +
        `heap after GC ${(baseline.usedBytes / MB).toFixed(1)} MB before, ${(after.usedBytes / MB).toFixed(1)} MB after; ` +
        `RSS ${(baselineRss / MB).toFixed(0)} MB before, peak ${(peakRss / MB).toFixed(0)} MB, ${(afterRss / MB).toFixed(0)} MB after`,
      {
        seconds,
        connections: CONNECTIONS,
        summary,
        acknowledged,
        stored,
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
    expect(stored).toBe(acknowledged);
    expect(writes.totalsDrift).toBe(0);
    // Enough traffic that the claims mean something: every kind of call ran many times.
    for (const [operation] of MIX) expect(summary[operation]?.calls ?? 0).toBeGreaterThan(50);
    // Near baseline: what the process still holds after a full collection grew by less than a
    // quarter (caches such as the rate limiter's insurance store and prepared plans are bounded).
    expect(after.usedBytes).toBeLessThan(baseline.usedBytes * 1.25);
  });
});
