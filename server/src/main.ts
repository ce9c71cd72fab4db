// Only what the first steps of a start need is imported here; the database driver, the migrator and
// the app load while the template is copied (openMigratedDatabase, loadServerModules).
import type { Database } from './db/client';
import { type EmbeddedStart, startEmbeddedDatabase } from './db/embedded-start';
import { ConfigError, type Env, loadEnv } from './env';
import { pgdataTemplateFolder, webDistFolder } from './lib/paths';

/** How long in-flight requests get to finish after SIGTERM before the process gives up on them. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The jobs' first round waits this long after the server answers. On the embedded database its
 * statements and the first requests share one queue, and a health probe or the page someone just
 * opened would otherwise wait behind the catch-up of every job.
 */
const FIRST_JOBS_DELAY_MS = 1_000;

/**
 * Opens the app's database, migrated. On a PostgreSQL server migrations run on a connection of their
 * own without the query timeout: a long migration, or the wait for the lock while another instance
 * migrates, is not a hung server. The embedded database allows one handle, which migrates itself.
 */
async function openMigratedDatabase(env: Env, embeddedStart: EmbeddedStart | undefined): Promise<Database> {
  const [{ createDatabase }, { migrateDatabase, templateIsCurrent }] = await Promise.all([
    import('./db/client'),
    import('./db/migrate'),
  ]);
  if (env.DATABASE_URL) {
    const migrator = await createDatabase({ databaseUrl: env.DATABASE_URL, poolSize: 1 });
    try {
      await migrateDatabase(migrator);
    } finally {
      await migrator.close();
    }
  }
  const templateDir = pgdataTemplateFolder();
  const database = await createDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    templateDir,
    embeddedStart,
    queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
  });
  if (database.kind === 'pglite' && !(database.fromTemplate && templateIsCurrent(templateDir))) {
    await migrateDatabase(database);
  }
  return database;
}

/**
 * Everything but the database, loaded while the database opens: on a first start the copy of the
 * template and PGlite's start take the longest, and loading Fastify, tRPC and the routers meanwhile
 * takes that much off the time to ready. Redis's client is loaded only when REDIS_URL is set.
 */
async function loadServerModules(env: Env) {
  const [app, jobs, clock, mailer, rateLimit, background, ioredis] = await Promise.all([
    import('./app'),
    import('./jobs'),
    import('./lib/clock'),
    import('./lib/mailer'),
    import('./lib/rate-limit'),
    import('./modules/auth/background'),
    env.REDIS_URL ? import('ioredis') : undefined,
  ]);
  return {
    ...app,
    ...jobs,
    ...clock,
    ...mailer,
    ...rateLimit,
    ...background,
    Redis: ioredis?.Redis,
  };
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const env = loadEnv();
  // On a first start the copy of the template is the longest step; it starts before anything else loads.
  const embeddedStart = env.DATABASE_URL ? undefined : startEmbeddedDatabase(env.DATA_DIR, pgdataTemplateFolder());
  const [database, modules] = await Promise.all([openMigratedDatabase(env, embeddedStart), loadServerModules(env)]);
  const { buildApp, applicationJobs, createScheduler, systemClock, createMailer, createRateLimits } = modules;
  const { settleBackgroundTasks, Redis } = modules;
  const mailer = createMailer(env);
  if (env.REDIS_URL && !Redis) throw new Error('REDIS_URL is set but the Redis client did not load');
  const redis =
    env.REDIS_URL && Redis
      ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: false })
      : undefined;

  const app = await buildApp({
    env,
    database,
    rateLimits: createRateLimits(env, redis),
    mailer,
    webDistDir: webDistFolder(),
    logger: true,
  });
  const scheduler = createScheduler({
    jobs: applicationJobs({
      db: database.db,
      clock: systemClock,
      mailer,
      logger: app.log,
      embeddedDatabase: database.kind === 'pglite',
    }),
    intervalSeconds: env.SCHEDULER_INTERVAL_SECONDS,
    logger: app.log,
  });
  app.addHook('onClose', async () => {
    // A job mid-run finishes its transaction before the database goes away.
    await scheduler.stop();
    // E-mails already on their way (verification, notices) are sent before the database goes away.
    await settleBackgroundTasks();
    redis?.disconnect();
    await database.close();
  });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ port: env.PORT, host: env.HOST });
  // Background jobs start once the server answers: their first round a moment later, then every interval.
  setTimeout(() => scheduler.start(), FIRST_JOBS_DELAY_MS).unref();
  app.log.info(
    { database: database.kind, startupMs: Math.round(performance.now() - startedAt) },
    `FinAIlytics is ready on ${address.replace('://0.0.0.0', '://localhost')}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('FinAIlytics failed to start:', error);
  }
  process.exit(1);
});
