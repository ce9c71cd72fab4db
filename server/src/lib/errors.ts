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
