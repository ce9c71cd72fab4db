import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
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

const TRUST_PROXY_HINT =
  'write the addresses or CIDR ranges of your reverse proxies instead (e.g. TRUST_PROXY=127.0.0.1 or TRUST_PROXY=127.0.0.1,10.0.0.0/8), or how many proxies stand in front of the server (e.g. TRUST_PROXY=1)';

/** Most proxies a request plausibly passes through; a larger count is a typing mistake. */
const MAX_PROXY_HOPS = 10;

/** proxy-addr's named ranges, which Fastify accepts beside addresses and CIDRs. */
const NAMED_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (NAMED_PROXY_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return family === 4 && isIP(prefix) === 4; // a netmask such as 255.0.0.0
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which peers may tell the client's address in X-Forwarded-For: nobody (unset, `false`), the listed
 * proxies, or a number of hops (`{ hops: n }`: the last n entries were appended by proxies the
 * deployment controls, so the client is the entry before them — right only when the server cannot be
 * reached except through those proxies). Trusting everyone (`true`) lets any client write its own
 * address, the left-most entry, and so escape every per-IP throttle: it is refused.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): false | string[] | { hops: number } => {
    const text = value.trim().toLowerCase();
    if (['false', 'no', 'off', '0', 'none', ''].includes(text)) return false;
    if (['true', 'yes', 'on', 'all', '*'].includes(text)) {
      ctx.addIssue({ code: 'custom', message: `\`${value}\` lets any client forge its address; ${TRUST_PROXY_HINT}` });
      return z.NEVER;
    }
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      if (hops >= 1 && hops <= MAX_PROXY_HOPS) return { hops };
      ctx.addIssue({
        code: 'custom',
        message: `a hop count must be 1 to ${MAX_PROXY_HOPS} (0 or false trusts no proxy); ${TRUST_PROXY_HINT}`,
      });
      return z.NEVER;
    }
    const entries = text.split(',').map((entry) => entry.trim());
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `not an IP address or CIDR range: ${bad.map((entry) => `\`${entry}\``).join(', ')}; ${TRUST_PROXY_HINT}`,
      });
      return z.NEVER;
    }
    return entries;
  });
/**
 * GET /api/metrics (Prometheus). Set: every scrape must send `Authorization: Bearer <METRICS_TOKEN>`.
 * Unset: open in development and test, absent (404) in production.
 */
const metricsEnv = {
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
};

const envSchema = z.object({
  // `npm start` is how a person runs the app for real: production unless development is asked for.
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
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
  // A separate origin the web app is served from (Vite in development). Unset: same origin only, no CORS.
  FRONTEND_ORIGIN: z
    .url()
    .optional()
    .transform((url) => (url === undefined ? undefined : new URL(url).origin)),
  BCRYPT_ROUNDS: int(10, 4, 15),
  PASSWORD_MIN_LENGTH: int(8, 4, 72),
  REDIS_URL: optionalUrl,
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default('FinAIlytics <reports@finailytics.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: trustProxy,
  LOGIN_MAX_FAILURES_PER_EMAIL: int(10, 1),
  LOGIN_MAX_FAILURES_PER_IP: int(100, 1),
  LOGIN_WINDOW_SECONDS: int(900, 1),
  SIGNUP_MAX_PER_IP: int(30, 1),
  SIGNUP_WINDOW_SECONDS: int(3600, 1),
  // Account recovery and two-factor sign-in.
  // Unset: this server's own address (HOST and PORT), so a server on another port links to itself.
  APP_URL: z
    .url()
    .optional()
    .transform((url) => url?.replace(/\/+$/, '')),
  PASSWORD_RESET_MAX_PER_EMAIL: int(3, 1),
  PASSWORD_RESET_MAX_PER_IP: int(20, 1),
  PASSWORD_RESET_WINDOW_SECONDS: int(3600, 1),
  VERIFICATION_RESEND_MAX_PER_USER: int(3, 1),
  VERIFICATION_RESEND_WINDOW_SECONDS: int(3600, 1),
  // Reports a user may have e-mailed on demand (report.sendNow); only e-mails handed to the mail server count.
  REPORT_SEND_MAX_PER_USER: int(10, 1),
  REPORT_SEND_WINDOW_SECONDS: int(3600, 1),
  // Report previews a user may ask for (report.generate): each one reads the ledger over its whole range.
  REPORT_PREVIEW_MAX_PER_USER: int(30, 1),
  REPORT_PREVIEW_WINDOW_SECONDS: int(60, 1),
  // Receipt scans a user may ask for (transaction.scanReceipt): each one is a few seconds of a core.
  RECEIPT_SCAN_MAX_PER_USER: int(30, 1),
  RECEIPT_SCAN_WINDOW_SECONDS: int(3600, 1),
  // Receipt recognisers (worker threads); 0 means one fewer than the machine's cores, at least one.
  RECEIPT_OCR_WORKERS: int(0, 0, 64),
  // Scans that may wait for a recogniser; past them a scan is answered TOO_MANY_REQUESTS with Retry-After.
  RECEIPT_OCR_QUEUE: int(4, 0, 1000),
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
export type Env = Omit<ParsedEnv, 'JWT_SECRET' | 'JWT_REFRESH_SECRET' | 'APP_URL'> & {
  JWT_SECRET: string;
  JWT_REFRESH_SECRET: string;
  APP_URL: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const MIN_SECRET_LENGTH = 32;

/**
 * Parses a configuration. In production on a PostgreSQL server the secrets must be given; elsewhere
 * missing ones are generated once and kept in DATA_DIR (mode 0600) so sessions survive restarts.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const blankless = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(blankless);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  // Checked on the raw values as well, so one message names every problem even when some variable
  // did not parse.
  problems.push(...secretProblems(blankless));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const env = { ...parsed.data, APP_URL: parsed.data.APP_URL ?? ownUrl(parsed.data.HOST, parsed.data.PORT) };
  if (env.JWT_SECRET && env.JWT_REFRESH_SECRET) {
    return { ...env, JWT_SECRET: env.JWT_SECRET, JWT_REFRESH_SECRET: env.JWT_REFRESH_SECRET };
  }
  const generated = generatedSecrets(env.DATA_DIR);
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? generated.JWT_SECRET,
    JWT_REFRESH_SECRET: env.JWT_REFRESH_SECRET ?? generated.JWT_REFRESH_SECRET,
  };
}

/** Hosts that mean "this machine": a link to them is written the way a person types it. */
const LOCAL_HOSTS = new Set(['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost']);

/** The address the server listens on, as a link a person on this machine can open. */
function ownUrl(host: string, port: number): string {
  const name = LOCAL_HOSTS.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** The rules that tie several variables together: who must give the secrets, and that they differ. */
function secretProblems(raw: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const production = (raw.NODE_ENV ?? 'production') === 'production';
  // Several instances on one PostgreSQL server must share the secrets, so nothing may generate them
  // there; the embedded database is one process by construction and keeps generated ones in DATA_DIR.
  const secretsRequired = production && Boolean(raw.DATABASE_URL?.trim());
  for (const name of ['JWT_SECRET', 'JWT_REFRESH_SECRET'] as const) {
    const secret = raw[name];
    if (secret === undefined) {
      if (secretsRequired) problems.push(`${name}: required in production with DATABASE_URL`);
    } else if (secret.length < MIN_SECRET_LENGTH) {
      problems.push(`${name}: must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  }
  const rounds = Number(raw.BCRYPT_ROUNDS ?? 10);
  if (production && Number.isInteger(rounds) && rounds < 10)
    problems.push('BCRYPT_ROUNDS: must be at least 10 in production');
  if (raw.JWT_SECRET && raw.JWT_SECRET === raw.JWT_REFRESH_SECRET)
    problems.push('JWT_REFRESH_SECRET: must differ from JWT_SECRET');
  const key = raw.TWO_FACTOR_ENCRYPTION_KEY;
  if (key && (key === raw.JWT_SECRET || key === raw.JWT_REFRESH_SECRET))
    problems.push('TWO_FACTOR_ENCRYPTION_KEY: must differ from the JWT secrets');
  return problems;
}

interface GeneratedSecrets {
  JWT_SECRET: string;
  JWT_REFRESH_SECRET: string;
}

function generatedSecrets(dataDir: string): GeneratedSecrets {
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
