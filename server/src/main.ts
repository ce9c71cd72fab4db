import { createDatabase, type Database } from './db/client';
import { migrateDatabase, templateIsCurrent } from './db/migrate';
import { ConfigError, type Env, loadEnv } from './env';
import { pgdataTemplateFolder, webDistFolder } from './lib/paths';

/** How long in-flight requests get to finish after SIGTERM before the process gives up on them. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Opens the app's database, migrated. On a PostgreSQL server migrations run on a connection of their
 * own without the query timeout: a long migration, or the wait for the lock while another instance
 * migrates, is not a hung server. The embedded database allows one handle, which migrates itself.
 */
async function openMigratedDatabase(env: Env): Promise<Database> {
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
  const [database, modules] = await Promise.all([openMigratedDatabase(env), loadServerModules(env)]);
  const { buildApp, applicationJobs, createScheduler, systemClock, createMailer, createRateLimits } = modules;
  const { settleBackgroundTasks, Redis } = modules;
  const mailer = createMailer(env);
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
  // Background jobs start once the server answers; their first round runs now, then every interval.
  scheduler.start();
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
