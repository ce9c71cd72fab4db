import type { ErrorCode } from '@finailytics/shared';

export interface AppErrorOptions {
  /** Seconds the client should wait before trying again (TOO_MANY_REQUESTS). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error services throw. It names an API error code but knows nothing of tRPC or HTTP;
 * the base procedure maps it to a TRPCError.
 */
export class AppError extends Error {
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

/** PostgreSQL's unique_violation, whichever driver raised it. */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && 'code' in current && current.code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** True when the database could not be reached at all (connection refused, reset, timed out, hung). */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = typeof current === 'object' && 'code' in current ? String(current.code) : '';
    const message = current instanceof Error ? current.message : '';
    if (
      ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001'].includes(code) ||
      // node-postgres raises these without a code: a connection that dropped, a pool that gave up
      // waiting, a client used again after its connection failed (a transaction's next query), and a
      // server that stopped answering for DATABASE_QUERY_TIMEOUT_MS (frozen host, network partition).
      /Connection terminated|timeout exceeded when trying to connect|is not queryable|Query read timeout/i.test(message)
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Properties that carry a statement or row values: Drizzle's query errors and PGlite's errors set the
 * statement and parameters; PostgreSQL's `detail` can quote the whole failing row ("Failing row
 * contains (…)", password hash included) and `internalQuery` a statement of its own.
 */
const QUERY_DETAIL_KEYS = new Set(['query', 'params', 'parameters', 'queryOptions', 'detail', 'internalQuery']);
const QUERY_FAILED = /^Failed query: /;

/**
 * A copy of an error (and its causes) fit for a log line or an answer: without the SQL statement and
 * its parameters, which Drizzle puts in the message ("Failed query: … params: …") and drivers attach as
 * properties. Parameters can be anything a user sent or the server stored — a password hash among them.
 * What stays is the error's kind, the database's own message (e.g. "value too long for type character
 * varying(255)"), its code, the constraint, table and column it names, and the stack frames.
 */
export function withoutQueryDetails(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  const message = QUERY_FAILED.test(error.message) ? 'Failed query (statement and parameters withheld)' : error.message;
  const copy = new Error(message);
  copy.name = error.name;
  const header = `${error.name}: ${error.message}`;
  const stack = error.stack ?? '';
  const firstFrame = stack.indexOf('\n    at ');
  const frames = stack.startsWith(header) ? stack.slice(header.length) : firstFrame >= 0 ? stack.slice(firstFrame) : '';
  copy.stack = `${error.name}: ${message}${frames}`;
  const target = copy as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(error)) {
    if (!QUERY_DETAIL_KEYS.has(key) && key !== 'cause') target[key] = value;
  }
  if (error.cause !== undefined) copy.cause = withoutQueryDetails(error.cause, depth + 1);
  return copy;
}
