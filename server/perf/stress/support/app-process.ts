import path from 'node:path';
import { freePort, ServerProcess } from '../../bench/server-process';

const serverDir = path.resolve(import.meta.dirname, '..', '..', '..');

/** Production secrets for the processes under test; every instance of one test shares them. */
export const STRESS_SECRETS = {
  JWT_SECRET: 'stress-access-secret-'.padEnd(48, 'a'),
  JWT_REFRESH_SECRET: 'stress-refresh-secret-'.padEnd(48, 'r'),
  TWO_FACTOR_ENCRYPTION_KEY: 'stress-two-factor-key-'.padEnd(48, 'k'),
};

/** The browser origin the API accepts cookie-carrying calls from. */
export const STRESS_FRONTEND_ORIGIN = 'http://localhost:8000';

export interface AppProcessOptions {
  databaseUrl: string;
  redisUrl?: string;
  /** More variables, or overrides of the ones below. */
  env?: Record<string, string>;
  /** Opens the V8 inspector on a random loopback port (see inspector.ts). */
  inspect?: boolean;
  keepAllOutput?: boolean;
}

/**
 * Starts the production bundle (dist/main.js, built by the stress suite's global setup) as its own
 * process, configured as in production, and resolves once /api/ready answers 200.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  return ServerProcess.start({
    args: [...(options.inspect ? ['--inspect=127.0.0.1:0'] : []), '--enable-source-maps', 'dist/main.js'],
    cwd: serverDir,
    port,
    timeoutMs: 60_000,
    keepAllOutput: options.keepAllOutput ?? false,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      FRONTEND_ORIGIN: STRESS_FRONTEND_ORIGIN,
      APP_URL: STRESS_FRONTEND_ORIGIN,
      LOG_LEVEL: 'warn',
      // Jobs run once at start-up unless a test asks for more.
      SCHEDULER_INTERVAL_SECONDS: '0',
      // Tests sign many accounts up and in from 127.0.0.1 with the same addresses each run, and Redis
      // keeps the counts between runs: failures counted there minutes ago must not refuse a load
      // test's sign-ins.
      // Tests of these throttles set their own limits.
      SIGNUP_MAX_PER_IP: '100000',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
      LOGIN_MAX_FAILURES_PER_EMAIL: '100000',
      ...STRESS_SECRETS,
      ...options.env,
    },
  });
}
