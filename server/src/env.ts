import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseDurationSeconds } from './lib/duration';

/**
 * The only module that reads process.env. Everything is validated at once so a bad deployment
 * fails with one message naming every bad variable instead of the first one found.
 */

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const seconds = parseDurationSeconds(value);
      if (seconds === null) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 45s, 15m, 12h or 7d' });
        return z.NEVER;
      }
      return seconds;
    });

const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionalUrl = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined))
  .pipe(z.url().optional());

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

/**
 * GET /api/metrics (Prometheus). Set: every scrape must send `Authorization: Bearer <METRICS_TOKEN>`.
 * Unset: open in development and test, absent (404) in production.
 */
const metricsEnv = {
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
};

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(8000, 0, 65_535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalUrl,
  // A query on a PostgreSQL server that has not answered by then fails with 503 instead of hanging
  // (a frozen host, a network partition). Above any legitimate query; migrations are not subject to it.
  DATABASE_QUERY_TIMEOUT_MS: int(15_000, 100),
  DATA_DIR: z.string().min(1).default('./.data'),
  JWT_SECRET: z.string().optional(),
  JWT_EXPIRES_IN: duration('15m'),
  JWT_REFRESH_SECRET: z.string().optional(),
  JWT_REFRESH_EXPIRES_IN: duration('7d'),
  REFRESH_REUSE_INTERVAL_SECONDS: int(10, 0, 300),
  FRONTEND_ORIGIN: z
    .url()
    .default('http://localhost:5173')
    .transform((url) => new URL(url).origin),
  BCRYPT_ROUNDS: int(10, 4, 15),
  PASSWORD_MIN_LENGTH: int(8, 4, 72),
  REDIS_URL: optionalUrl,
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default('FinAIlytics <reports@finailytics.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: flag,
  LOGIN_MAX_FAILURES_PER_EMAIL: int(10, 1),
  LOGIN_MAX_FAILURES_PER_IP: int(100, 1),
  LOGIN_WINDOW_SECONDS: int(900, 1),
  SIGNUP_MAX_PER_IP: int(30, 1),
  SIGNUP_WINDOW_SECONDS: int(3600, 1),
  // Account recovery and two-factor sign-in.
  APP_URL: z
    .url()
    .default('http://localhost:8000')
    .transform((url) => url.replace(/\/+$/, '')),
  PASSWORD_RESET_MAX_PER_EMAIL: int(3, 1),
  PASSWORD_RESET_MAX_PER_IP: int(20, 1),
  PASSWORD_RESET_WINDOW_SECONDS: int(3600, 1),
  VERIFICATION_RESEND_MAX_PER_USER: int(3, 1),
  VERIFICATION_RESEND_WINDOW_SECONDS: int(3600, 1),
  // Reports a user may have e-mailed on demand (report.sendNow); only e-mails handed to the mail server count.
  REPORT_SEND_MAX_PER_USER: int(10, 1),
  REPORT_SEND_WINDOW_SECONDS: int(3600, 1),
  TOKEN_MAX_FAILURES_PER_IP: int(20, 1),
  TOKEN_WINDOW_SECONDS: int(900, 1),
  TWO_FACTOR_MAX_FAILURES_PER_USER: int(5, 1),
  TWO_FACTOR_WINDOW_SECONDS: int(900, 1),
  TWO_FACTOR_ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  TRPC_MAX_BATCH_SIZE: int(10, 1, 100),
  SCHEDULER_INTERVAL_SECONDS: int(60, 0),
  // Adds the plain routes `npm run bench` measures the tRPC stack against (plugins/bench-baseline.ts).
  BENCH_BASELINE_ROUTES: flag,
  ...metricsEnv,
});

type ParsedEnv = z.infer<typeof envSchema>;
export type Env = Omit<ParsedEnv, 'JWT_SECRET' | 'JWT_REFRESH_SECRET'> & {
  JWT_SECRET: string;
  JWT_REFRESH_SECRET: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const MIN_SECRET_LENGTH = 32;

/**
 * Parses a configuration. In production the secrets must be given; elsewhere missing ones are
 * generated once and kept in DATA_DIR so sessions survive restarts.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const blankless = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(blankless);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!parsed.success) throw new ConfigError(problems);

  const env = parsed.data;
  if (env.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'JWT_REFRESH_SECRET'] as const) {
      const secret = env[name];
      if (!secret) problems.push(`${name}: required in production`);
      else if (secret.length < MIN_SECRET_LENGTH)
        problems.push(`${name}: must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    if (env.BCRYPT_ROUNDS < 10) problems.push('BCRYPT_ROUNDS: must be at least 10 in production');
  } else {
    for (const name of ['JWT_SECRET', 'JWT_REFRESH_SECRET'] as const) {
      const secret = env[name];
      if (secret !== undefined && secret.length < MIN_SECRET_LENGTH)
        problems.push(`${name}: must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  }
  if (env.JWT_SECRET && env.JWT_SECRET === env.JWT_REFRESH_SECRET)
    problems.push('JWT_REFRESH_SECRET: must differ from JWT_SECRET');
  if (
    env.TWO_FACTOR_ENCRYPTION_KEY &&
    (env.TWO_FACTOR_ENCRYPTION_KEY === env.JWT_SECRET || env.TWO_FACTOR_ENCRYPTION_KEY === env.JWT_REFRESH_SECRET)
  )
    problems.push('TWO_FACTOR_ENCRYPTION_KEY: must differ from the JWT secrets');
  if (problems.length > 0) throw new ConfigError(problems);

  if (env.JWT_SECRET && env.JWT_REFRESH_SECRET) {
    return { ...env, JWT_SECRET: env.JWT_SECRET, JWT_REFRESH_SECRET: env.JWT_REFRESH_SECRET };
  }
  const generated = developmentSecrets(env.DATA_DIR);
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? generated.JWT_SECRET,
    JWT_REFRESH_SECRET: env.JWT_REFRESH_SECRET ?? generated.JWT_REFRESH_SECRET,
  };
}

interface GeneratedSecrets {
  JWT_SECRET: string;
  JWT_REFRESH_SECRET: string;
}

function developmentSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(dataDir, 'secrets.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as GeneratedSecrets;
  } catch {
    const secrets: GeneratedSecrets = {
      JWT_SECRET: randomBytes(48).toString('base64url'),
      JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
    };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
