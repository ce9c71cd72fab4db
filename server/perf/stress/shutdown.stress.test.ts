import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../bench/server-process';
import { call, type Session, signUp } from './support/api-client';
import { startAppProcess } from './support/app-process';
import { type Outcome, OutcomeLog } from './support/outcomes';
import { reportStress } from './support/results';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const LOOPS = 100;
const ACCOUNTS = 20;
const IMPORT_ROWS = 2_000;
/** main.ts gives in-flight requests this long after SIGTERM before it gives up on them. */
const GRACE_MS = 10_000;
const LOAD_BEFORE_SIGNAL_MS = 4_000;

function row(title: string, index: number) {
  return {
    title,
    type: index % 5 === 0 ? 'INCOME' : 'EXPENSE',
    amount: (101 + (index % 9_000)) / 100,
    category: 'Groceries',
    date: '2026-11-20',
  };
}

interface Write {
  /** Titles the call writes; all of them or none must be stored. */
  titles: string[];
  outcome: Outcome;
}

describe('SIGTERM under load', () => {
  let database: ScratchDatabase;
  let server: ServerProcess;
  let sessions: Session[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase(inject('stressDatabaseUrl'), 'shutdown');
    server = await startAppProcess({ databaseUrl: database.url, redisUrl: inject('stressRedisUrl') });
    sessions = await Promise.all(
      Array.from({ length: ACCOUNTS }, (_, index) => signUp(server.origin, `shutdown-${index}@example.com`)),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('finishes what is in flight, refuses the rest cleanly, loses nothing acknowledged and exits 0', async () => {
    const origin = server.origin;
    const log = new OutcomeLog();
    const writes: Write[] = [];
    let signalledAt = Number.POSITIVE_INFINITY;
    let exitedAt = Number.POSITIVE_INFINITY;

    const loops = Array.from({ length: LOOPS }, async (_, loop) => {
      const session = sessions[loop % ACCOUNTS] as Session;
      const auth = { accessToken: session.accessToken };
      for (let sequence = 0; ; sequence++) {
        // Every tenth loop imports large batches, so slow requests are in flight at the signal.
        const importing = loop % 10 === 0;
        const titles = importing
          ? Array.from({ length: IMPORT_ROWS }, (_, index) => `s${loop}-${sequence}-${index}`)
          : [`s${loop}-${sequence}`];
        const result = await log.record(importing ? 'import' : 'create', async () => {
          const answer = importing
            ? await call(origin, 'transaction.import', { rows: titles.map(row) }, auth)
            : await call(origin, 'transaction.create', row(titles[0] as string, sequence), auth);
          return { ...answer, code: answer.ok ? 'OK' : answer.code };
        });
        writes.push({ titles, outcome: log.outcomes.at(-1) as Outcome });
        // Once the server has stopped answering, this client has seen how it ends.
        if (result === null && performance.now() > signalledAt) return;
        if (result !== null && !result.ok && performance.now() > exitedAt) return;
      }
    });

    await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_SIGNAL_MS));
    signalledAt = performance.now();
    server.signal('SIGTERM');
    const exit = await server.exited;
    exitedAt = performance.now();
    await Promise.all(loops);

    const { rows } = await database.pool.query<{ title: string; n: string }>(
      'select title, count(*) as n from transactions group by title',
    );
    const stored = new Map(rows.map((stored) => [stored.title, Number(stored.n)]));

    const inFlight = log.outcomes.filter((o) => o.startedAt < signalledAt && o.startedAt + o.ms > signalledAt);
    const afterSignal = log.outcomes.filter((o) => o.startedAt >= signalledAt);
    const acknowledged = writes.filter((write) => write.outcome.status === 200);
    const lost = acknowledged.filter((write) => write.titles.some((title) => stored.get(title) !== 1));
    const refused = writes.filter((write) => write.outcome.status !== 200);
    const refusedButStored = refused.filter((write) => write.titles.some((title) => stored.has(title)));
    const partial = writes.filter((write) => {
      const present = write.titles.filter((title) => stored.has(title)).length;
      return present > 0 && present < write.titles.length;
    });
    const answers = (outcomes: Outcome[]) => {
      const counts: Record<string, number> = {};
      for (const o of outcomes) {
        const key = o.status ? `${o.status} ${o.code}` : o.code;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    };
    const exitMs = exitedAt - signalledAt;
    const slowestInFlight = Math.max(...inFlight.map((o) => o.startedAt + o.ms - signalledAt));
    reportStress(
      'shutdown',
      `${log.outcomes.length} calls (${acknowledged.length} acknowledged writes, ` +
        `${acknowledged.reduce((sum, write) => sum + write.titles.length, 0)} rows); at SIGTERM ${inFlight.length} in flight: ` +
        `${JSON.stringify(answers(inFlight))}, the last done ${slowestInFlight.toFixed(0)} ms later; ` +
        `after it ${JSON.stringify(answers(afterSignal))}; exit ${exit.code} after ${exitMs.toFixed(0)} ms; ` +
        `${lost.length} acknowledged lost, ${refusedButStored.length} refused but stored, ${partial.length} partial`,
      { exit, exitMs, inFlight: answers(inFlight), afterSignal: answers(afterSignal), calls: log.summary() },
    );

    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(GRACE_MS);
    // In flight at the signal, slow imports among them: every one finished with its answer.
    expect(inFlight.length).toBeGreaterThan(LOOPS / 2);
    expect(inFlight.some((o) => o.operation === 'import')).toBe(true);
    expect(answers(inFlight)).toEqual({ '200 OK': inFlight.length });
    // After it: a 503 while the server drains, then connection refused once it stops listening.
    for (const outcome of afterSignal) {
      expect(['200 OK', '503 SERVICE_UNAVAILABLE', 'ECONNREFUSED']).toContain(
        outcome.status ? `${outcome.status} ${outcome.code}` : outcome.code,
      );
    }
    expect(lost).toEqual([]);
    expect(refusedButStored).toEqual([]);
    expect(partial).toEqual([]);
  });
});
