import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database, PoolStats } from '../db/client';
import type { Env } from '../env';
import { METRICS_PREFIX, processMetricsRegistry } from '../lib/metrics';
import { appRouter } from '../trpc/router';

/*
 * GET /api/metrics in the Prometheus text format: tRPC calls and their duration per procedure,
 * errors per procedure and tRPC code, the database pool, and (from lib/metrics.ts) the process and
 * the scheduler's jobs.
 *
 * Labels come from closed sets only, so no request can add a time series: a procedure label is one
 * of the router's procedures or "unknown", and a batched call (`/api/trpc/a.b,c.d`) counts once for
 * each procedure it names, never as the raw path.
 */

export interface MetricsOptions {
  /** METRICS_TOKEN: when set, scrapes must present it as a Bearer token. */
  env: Pick<Env, 'METRICS_TOKEN' | 'NODE_ENV'>;
  database: Pick<Database, 'poolStats' | 'kind'>;
}

const TRPC_PREFIX = '/api/trpc/';
/** TRPC_MAX_BATCH_SIZE is at most 100; a path naming more is refused by tRPC and counted up to here. */
const MAX_PROCEDURES_PER_REQUEST = 100;
const knownProcedures = new Set(Object.keys(appRouter._def.procedures));

/** The procedures a tRPC request names, each a known procedure's name or "unknown". */
export function proceduresOf(url: string): string[] {
  const path = url.slice(TRPC_PREFIX.length).split('?', 1)[0] ?? '';
  let names: string[];
  try {
    names = decodeURIComponent(path).split(',', MAX_PROCEDURES_PER_REQUEST);
  } catch {
    return ['unknown'];
  }
  return names.map((name) => (knownProcedures.has(name) ? name : 'unknown'));
}

/**
 * The tRPC code of each call in an error answer: a batch answers an array with one item per call (null
 * here for a call that succeeded); one object answers for every call (a single call, or a request
 * refused before any call ran).
 */
function errorCodesOf(body: string, calls: number): Array<string | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return Array(calls).fill('UNKNOWN');
  }
  return Array.from({ length: calls }, (_, i) => {
    const item = (Array.isArray(parsed) ? parsed[i] : parsed) as { error?: { data?: { code?: unknown } } } | undefined;
    if (!item?.error) return null;
    const code = item.error.data?.code;
    return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'UNKNOWN';
  });
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares digests, so neither the token's length nor its bytes show in the comparison's timing. */
function presentsToken(request: FastifyRequest, expected: Buffer): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  return match?.[1] !== undefined && timingSafeEqual(sha256(match[1]), expected);
}

interface RequestMetrics {
  procedures: string[];
  codes: Array<string | null> | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    trpcMetrics?: RequestMetrics;
  }
}

export const metricsPlugin = fp(async (app: FastifyInstance, options: MetricsOptions) => {
  const registry = new Registry();
  const calls = new Counter({
    name: `${METRICS_PREFIX}trpc_calls_total`,
    help: 'tRPC procedure calls; a batched request counts once for each procedure in it.',
    labelNames: ['procedure'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${METRICS_PREFIX}trpc_call_duration_seconds`,
    help: 'Time to answer the HTTP request that carried each procedure call (the whole batch for a batched call).',
    labelNames: ['procedure'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: `${METRICS_PREFIX}trpc_errors_total`,
    help: 'tRPC procedure calls that answered an error, by tRPC error code.',
    labelNames: ['procedure', 'code'],
    registers: [registry],
  });
  const poolGauge = (name: string, help: string, read: (stats: PoolStats) => number | null) =>
    new Gauge({
      name: `${METRICS_PREFIX}db_pool_${name}`,
      help,
      labelNames: ['database'],
      registers: [registry],
      collect() {
        const value = read(options.database.poolStats());
        if (value !== null) this.set({ database: options.database.kind }, value);
      },
    });
  poolGauge('max', 'Most connections the pool opens (1 for the embedded database).', (stats) => stats.max);
  poolGauge('connections', 'Connections open now.', (stats) => stats.total);
  poolGauge('in_use', 'Connections checked out by a query or transaction (PostgreSQL server only).', (s) => s.inUse);
  poolGauge('waiting', 'Queries waiting for a free connection (PostgreSQL server only).', (s) => s.waiting);

  // Each procedure's series, resolved once: labelling per call would hash the label set every time.
  const seriesOf = new Map(
    [...knownProcedures, 'unknown'].map((procedure) => [
      procedure,
      { calls: calls.labels({ procedure }), duration: duration.labels({ procedure }) },
    ]),
  );

  // Callback hooks, not async ones: every request passes them, and a promise per hook is measurable.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.startsWith(TRPC_PREFIX)) {
      request.trpcMetrics = { procedures: proceduresOf(request.url), codes: null };
    }
    done();
  });

  // An error answer is read once to learn each call's tRPC code; a 200 means every call succeeded.
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    const metrics = request.trpcMetrics;
    if (!metrics) return done(null, payload);
    // tRPC's own adapter answers with a Response whose status the reply takes only after this hook.
    if (payload instanceof Response) {
      if (payload.status === 200) return done(null, payload);
      payload.text().then(
        (body) => {
          metrics.codes = errorCodesOf(body, metrics.procedures.length);
          const copy = new Response(body, {
            status: payload.status,
            statusText: payload.statusText,
            headers: payload.headers,
          });
          done(null, copy);
        },
        (error: Error) => done(error),
      );
      return;
    }
    if (reply.statusCode !== 200) {
      metrics.codes = errorCodesOf(typeof payload === 'string' ? payload : '', metrics.procedures.length);
    }
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const metrics = request.trpcMetrics;
    if (metrics) {
      const seconds = reply.elapsedTime / 1000;
      metrics.procedures.forEach((procedure, i) => {
        const series = seriesOf.get(procedure);
        series?.calls.inc();
        series?.duration.observe(seconds);
        const code = metrics.codes?.[i];
        if (code) errors.inc({ procedure, code });
      });
    }
    done();
  });

  const token = options.env.METRICS_TOKEN;
  if (options.env.NODE_ENV === 'production' && !token) return;
  const expected = token ? sha256(token) : null;
  app.get('/api/metrics', async (request, reply) => {
    if (expected && !presentsToken(request, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: 'Unauthorized' });
    }
    const merged = Registry.merge([processMetricsRegistry(), registry]);
    return reply.type(merged.contentType).send(await merged.metrics());
  });
});
