import type { AppRouter } from '@finailytics/server/router';
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

/*
 * Whether the server can answer right now. A call that gets no answer (the network, a restart, the
 * database down: 503 SERVICE_UNAVAILABLE) marks the connection as failing; the next call that
 * succeeds marks it as working again. The app shows one banner meanwhile instead of leaving each
 * page to explain on its own.
 */

interface ErrorData {
  code?: string;
  httpStatus?: number;
}

function statusOf(error: TRPCClientError<never>): number | null {
  const data = (error.data ?? undefined) as ErrorData | undefined;
  if (typeof data?.httpStatus === 'number') return data.httpStatus;
  const response = error.meta?.response;
  return response instanceof Response ? response.status : null;
}

/**
 * The server could not answer: no response at all, SERVICE_UNAVAILABLE, or a 5xx without an API
 * error body (a proxy's 502 or 504). An API error such as NOT_FOUND or INTERNAL_SERVER_ERROR is an
 * answer, not a connection problem.
 */
export function isConnectionProblem(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const code = (error.data as ErrorData | undefined)?.code;
  if (code) return code === 'SERVICE_UNAVAILABLE';
  const status = statusOf(error);
  return status === null || status >= 500;
}

/** Attempts a query gets after its first failure. */
export const QUERY_RETRIES = 3;

/**
 * Retry policy for queries (reads, safe to repeat), with TanStack Query's default back-off of 1 s,
 * 2 s, 4 s: retried when the server could not answer or failed on its side, never on a 4xx answer,
 * which would only come again (and UNAUTHORIZED means the auth link's own refresh and retry failed).
 * Mutations are never retried automatically: a write whose answer was lost may have gone through.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (failureCount >= QUERY_RETRIES || !(error instanceof TRPCClientError)) return false;
  if (isConnectionProblem(error)) return true;
  const status = statusOf(error);
  return status !== null && status >= 500;
}

export interface ConnectionStatus {
  /** True from a call the server could not answer until the next call that succeeds. */
  failing(): boolean;
  report(outcome: 'answered' | 'unreachable'): void;
  subscribe(listener: () => void): () => void;
}

export function createConnectionStatus(): ConnectionStatus {
  let failing = false;
  const listeners = new Set<() => void>();
  return {
    failing: () => failing,
    report(outcome) {
      const next = outcome === 'unreachable';
      if (next === failing) return;
      failing = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The page's connection status, fed by every tRPC call. */
export const connection = createConnectionStatus();

/**
 * Reports each call's outcome to `status`. It sits first among the links, so it sees what the caller
 * sees: the result after the auth link's refresh and retry.
 */
export function connectionLink(status: ConnectionStatus = connection): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) =>
        next(op).subscribe({
          next(value) {
            status.report('answered');
            observer.next(value);
          },
          error(error) {
            // Other errors are answers about the call itself: they say nothing new about the connection.
            if (isConnectionProblem(error)) status.report('unreachable');
            observer.error(error);
          },
          complete() {
            observer.complete();
          },
        }),
      );
}
