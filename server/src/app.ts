import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Database } from './db/client';
import type { AppDeps } from './deps';
import type { Env } from './env';
import { type Clock, systemClock } from './lib/clock';
import { withoutQueryDetails } from './lib/errors';
import { loggerOptions, OneLinePerRequest } from './lib/logger';
import { createMailer, type Mailer } from './lib/mailer';
import { createRateLimits, type RateLimits } from './lib/rate-limit';
import { receiptImagesPlugin } from './modules/receipt/receipt.route';
import { createOfflineReceiptReader, type ReceiptReader } from './modules/receipt/receipt-reader';
import { avatarsPlugin } from './plugins/avatars';
import { benchBaselinePlugin } from './plugins/bench-baseline';
import { DRAIN_SERVER_OPTIONS, drainPlugin } from './plugins/drain';
import { healthPlugin } from './plugins/health';
import { metricsPlugin } from './plugins/metrics';
import { securityPlugin } from './plugins/security';
import { trpcPlugin } from './plugins/trpc';
import { webPlugin } from './plugins/web';
import type { CookieSettings } from './trpc/context';

export interface BuildAppOptions {
  env: Env;
  database: Database;
  clock?: Clock;
  rateLimits?: RateLimits;
  /** Report e-mail; by default SMTP_URL, or .eml files under DATA_DIR/outbox. */
  mailer?: Mailer;
  /** Reads scanned receipts; by default the offline reader, closed with the app. */
  receiptReader?: ReceiptReader;
  /** Where the built web app lives; omitted, only the API is served. */
  webDistDir?: string;
  /** Log through pino at env.LOG_LEVEL; off by default so tests stay quiet. */
  logger?: boolean;
  /** Where log lines go when logging (standard output by default). */
  logStream?: NodeJS.WritableStream;
}

/** Body limit for API calls; a 5 MB CSV import encoded as JSON fits with room to spare. */
export const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** The refresh cookie: scoped to the tRPC path, host-only, and __Secure- prefixed in production. */
export function refreshCookieSettings(env: Env): CookieSettings {
  const production = env.NODE_ENV === 'production';
  return {
    name: production ? '__Secure-finailytics_refresh' : 'finailytics_refresh',
    path: '/api/trpc',
    secure: production,
  };
}

/**
 * TRUST_PROXY as Fastify takes it. A hop count becomes a function of the hop's position: Fastify 5
 * given a plain number does not use it as one (the proxy's own address stays the client's).
 */
function fastifyTrustProxy(
  setting: Env['TRUST_PROXY'],
): false | string[] | ((address: string, hop: number) => boolean) {
  if (setting === false || Array.isArray(setting)) return setting;
  return (_address, hop) => hop < setting.hops;
}

/** The offline receipt reader, sized by the configuration; its recognisers stop when the app closes. */
function ownedReceiptReader(app: FastifyInstance, env: Env): ReceiptReader {
  const reader = createOfflineReceiptReader({
    workers: env.RECEIPT_OCR_WORKERS || undefined,
    queueLimit: env.RECEIPT_OCR_QUEUE,
  });
  app.addHook('onClose', () => reader.close());
  return reader;
}

/** Builds the whole application without listening, so tests drive it through inject(). */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { env, database } = options;
  const app = Fastify({
    logger: options.logger || options.logStream ? loggerOptions(env, options.logStream) : false,
    logController: new OneLinePerRequest(),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(env.TRUST_PROXY),
    // A batched tRPC call names every procedure in the path ("a.b,c.d,…"); the default 100 characters
    // would refuse legitimate batches long before TRPC_MAX_BATCH_SIZE does.
    routerOptions: { maxParamLength: 2000 },
    ...DRAIN_SERVER_OPTIONS,
  });

  // Routes outside tRPC (avatars, the web app, health): a server fault is logged and answered without
  // its message or stack — those can carry SQL, parameters and file paths — unless in development.
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    if (status < 500) return reply.send(error);
    request.log.error({ err: error }, 'request failed');
    const detail = env.NODE_ENV === 'development' ? (withoutQueryDetails(error) as Error).message : undefined;
    return reply
      .code(status)
      .send({ statusCode: status, error: 'Internal Server Error', message: detail ?? 'Internal server error' });
  });

  const deps: AppDeps = {
    db: database.db,
    env,
    clock: options.clock ?? systemClock,
    rateLimits: options.rateLimits ?? createRateLimits(env),
    mailer: options.mailer ?? createMailer(env),
    receiptReader: options.receiptReader ?? ownedReceiptReader(app, env),
  };

  await app.register(drainPlugin);
  await app.register(securityPlugin, {
    frontendOrigin: env.FRONTEND_ORIGIN,
    production: env.NODE_ENV === 'production',
  });
  await app.register(fastifyCookie);
  await app.register(healthPlugin, { ping: database.ping });
  await app.register(metricsPlugin, { env, database });
  await app.register(avatarsPlugin, { db: database.db });
  await app.register(receiptImagesPlugin, deps);
  await app.register(trpcPlugin, {
    deps,
    cookie: refreshCookieSettings(env),
    maxBatchSize: env.TRPC_MAX_BATCH_SIZE,
  });
  if (env.BENCH_BASELINE_ROUTES) await app.register(benchBaselinePlugin, deps);
  if (options.webDistDir) await app.register(webPlugin, { distDir: options.webDistDir });
  return app;
}
