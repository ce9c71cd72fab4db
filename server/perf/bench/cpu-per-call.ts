/**
 * `npm run bench:cpu [-- --rounds=12 --calls=2000 --concurrency=10]`: the CPU one process spends per
 * protected call, measured in-process through `app.inject` (no sockets, no load generator), so a
 * neighbour's load on a shared machine disturbs it far less than req/s. Each round makes `calls`
 * requests, `concurrency` at a time, to one target and divides the process's CPU time by them; the
 * best of the rounds counts (noise only ever adds time). Targets take turns round by round.
 *
 * Targets: the app's empty route, the app's route doing user.me's work without tRPC, user.me through
 * tRPC, and a bare Fastify instance doing the same work (prepared key, named statement through pg,
 * as bare-user-server.mjs) when DATABASE_URL names a PostgreSQL server. The app runs as production
 * does: NODE_ENV=production with its logger at info, writing to a stream that discards the lines.
 */
import { createSecretKey } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app';
import { createDatabase, type Database } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { loadEnv } from '../../src/env';
import { createServerDatabase, type ServerDatabase } from '../../src/test/server-database';
import { userOf } from './baseline-user-query.mjs';
import { median } from './stats';

const JWT_SECRET = 'bench-access-secret-0123456789abcdef0123';
const PASSWORD = 'bench-password-1';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

/** A bare Fastify instance doing user.me's work, as the separate baseline process does. */
function bareApp(databaseUrl: string): { app: FastifyInstance; pool: pg.Pool } {
  const key = createSecretKey(Buffer.from(JWT_SECRET, 'utf8'));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const app = Fastify();
  app.get('/api/bench/user', async (request, reply) => {
    const user = await userOf(request.headers.authorization, key, pool);
    if (!user) return reply.code(401).send({ error: 'Unauthorized' });
    return user;
  });
  return { app, pool };
}

interface Target {
  name: string;
  app: FastifyInstance;
  url: string;
  expect?: string;
}

async function call(target: Target, authorization: string): Promise<void> {
  const response = await target.app.inject({ method: 'GET', url: target.url, headers: { authorization } });
  if (response.statusCode !== 200 || (target.expect && !response.body.includes(target.expect))) {
    throw new Error(`${target.name} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
  }
}

/** CPU microseconds per call over one round, and the round's wall-clock latencies. */
async function round(target: Target, authorization: string, calls: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      const started = performance.now();
      await call(target, authorization);
      latencies.push(performance.now() - started);
    }
  };
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    cpuMicros: (cpu.user + cpu.system) / calls,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? Number.NaN,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? Number.NaN,
  };
}

async function main(): Promise<void> {
  const rounds = option('rounds', 12);
  const calls = option('calls', 2000);
  const concurrency = option('concurrency', 10);
  const serverUrl = process.env.DATABASE_URL || undefined;

  const scratch: ServerDatabase | undefined = serverUrl
    ? await createServerDatabase(serverUrl, 'finailytics_cpu')
    : undefined;
  const env = loadEnv({
    NODE_ENV: 'production',
    JWT_SECRET,
    JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012',
    BCRYPT_ROUNDS: '10',
    LOG_LEVEL: 'info',
    DATA_DIR: '/nonexistent-bench-data-dir',
    SCHEDULER_INTERVAL_SECONDS: '0',
    BENCH_BASELINE_ROUTES: 'true',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  });
  const database: Database = await createDatabase({ databaseUrl: scratch?.url, poolSize: 10 });
  await migrateDatabase(database);
  let logLines = 0;
  const logStream = new Writable({
    write(_chunk, _encoding, done) {
      logLines++;
      done();
    },
  });
  const app = await buildApp({ env, database, logStream });
  const bare = scratch ? bareApp(scratch.url) : undefined;

  try {
    const email = `cpu-${Date.now().toString(36)}@example.com`;
    const post = async (procedure: string, input: unknown) => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/trpc/${procedure}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(input),
      });
      if (response.statusCode !== 200) throw new Error(`${procedure}: ${response.statusCode} ${response.body}`);
      return JSON.parse(response.body) as { result: { data: { accessToken?: string } } };
    };
    await post('auth.register', { name: 'CPU Bench', email, password: PASSWORD });
    const accessToken = (await post('auth.login', { email, password: PASSWORD })).result.data.accessToken;
    if (!accessToken) throw new Error('auth.login returned no access token');
    const authorization = `Bearer ${accessToken}`;

    const targets: Target[] = [
      { name: 'app empty route', app, url: '/api/bench/ceiling' },
      { name: 'app route, same work', app, url: '/api/bench/user', expect: email },
      { name: 'user.me (tRPC)', app, url: '/api/trpc/user.me', expect: email },
    ];
    if (bare) targets.push({ name: 'bare Fastify, same work', app: bare.app, url: '/api/bench/user', expect: email });
    // `--only=trpc` (a part of a target's name) measures those targets alone, e.g. under a profiler.
    const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
    if (only) targets.splice(0, targets.length, ...targets.filter((target) => target.name.includes(only)));

    for (const target of targets) await round(target, authorization, Math.min(calls, 500), concurrency);
    const results = new Map<string, Array<Awaited<ReturnType<typeof round>>>>();
    const linesBefore = logLines;
    for (let index = 0; index < rounds; index++) {
      for (const target of index % 2 === 0 ? targets : [...targets].reverse()) {
        const result = await round(target, authorization, calls, concurrency);
        results.set(target.name, [...(results.get(target.name) ?? []), result]);
      }
    }
    const appCalls = rounds * calls * targets.filter((target) => target.app === app).length;

    console.log(
      `${database.kind === 'postgres' ? 'PostgreSQL server' : 'embedded database'}; ${rounds} rounds of ${calls} calls, ` +
        `${concurrency} at a time; log lines per app call ${((logLines - linesBefore) / appCalls).toFixed(2)}`,
    );
    // Each round's figure over the reference's in the same round (its neighbour in time), then the median:
    // a ratio that a machine slowing down and speeding up during the run disturbs little.
    const reference = results.get(targets.at(-1)?.name ?? '') ?? [];
    console.log(`target                      best µs  median µs  ×${targets.at(-1)?.name} (median)   p50 ms   p99 ms`);
    for (const target of targets) {
      const list = results.get(target.name) ?? [];
      const cpu = list.map((result) => result.cpuMicros);
      const best = Math.min(...cpu);
      const ratios = list.map((result, index) => result.cpuMicros / (reference[index]?.cpuMicros ?? Number.NaN));
      console.log(
        `${target.name.padEnd(26)} ${best.toFixed(0).padStart(8)} ${median(cpu).toFixed(0).padStart(10)} ` +
          `${median(ratios).toFixed(2).padStart(8)} ` +
          `${median(list.map((r) => r.p50))
            .toFixed(2)
            .padStart(8)} ${median(list.map((r) => r.p99))
            .toFixed(2)
            .padStart(8)}`,
      );
    }
  } finally {
    await app.close();
    await database.close();
    await bare?.app.close();
    await bare?.pool.end();
    await scratch?.drop();
  }
}

await main();
