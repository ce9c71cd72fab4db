import type { AppRouter } from '@finailytics/server/router';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  type Operation,
  splitLink,
  TRPCClientError,
  type TRPCLink,
} from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { connectionLink } from './connection';
import {
  type AccessSession,
  createSessionStore,
  createTabChannel,
  type SessionStore,
  type TabChannel,
} from './session';

/*
 * The one tRPC client. Links, in order:
 *   0. connectionLink: notes whether the server answered, for the app-wide connection banner.
 *   1. authLink: attaches the in-memory access token, refreshes it shortly before it expires, and on
 *      UNAUTHORIZED refreshes once (one refresh shared by every failing call) and retries once.
 *   2. splitLink: calls that read or write the refresh cookie go unbatched through httpLink (the
 *      cookie's Path does not match a batched URL such as /api/trpc/a,b); the rest are batched.
 */

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type ApiError = TRPCClientError<AppRouter>;

export const API_URL = `${(import.meta.env.VITE_API_URL ?? '/api').replace(/\/$/, '')}/trpc`;

/** Procedures that read or set the refresh cookie: never batched. */
export const COOKIE_PATHS: ReadonlySet<string> = new Set([
  'auth.refresh',
  'auth.login',
  'auth.verifyTwoFactor',
  'auth.resetPassword',
  'auth.logout',
  'auth.logoutAll',
  'auth.revokeSession',
  'user.delete',
]);

/** Procedures the auth link leaves alone: they need no access token and are never retried. */
const UNAUTHENTICATED_PATHS: ReadonlySet<string> = new Set([
  'auth.refresh',
  'auth.login',
  'auth.register',
  'auth.logout',
]);

/** The server caps a batch at 10 calls (TRPC_MAX_BATCH_SIZE). */
export const MAX_BATCH_ITEMS = 10;

/** Refresh this long before expiry at most; short-lived tokens refresh at a fifth of their life. */
const MAX_REFRESH_MARGIN_MS = 30_000;

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';
}

export interface AuthLinkOptions {
  session: SessionStore;
  /** Exchanges the refresh cookie for a new access token; null when the session is over. */
  refresh: () => Promise<AccessSession | null>;
  /** Tells other tabs about a new token or the end of the session. */
  tabs?: TabChannel;
  /** Serialises refreshes across tabs (the Web Locks API) where the browser has it. */
  withLock?: <T>(task: () => Promise<T>) => Promise<T>;
  now?: () => number;
}

export interface AuthController {
  /** One refresh at a time: concurrent callers share the same promise. */
  refresh(): Promise<AccessSession | null>;
  /** The token to send now, refreshed first when it is about to expire. */
  tokenForRequest(): Promise<string | null>;
}

export function createAuthController(options: AuthLinkOptions): AuthController {
  const { session } = options;
  const now = options.now ?? Date.now;
  const withLock = options.withLock ?? ((task) => task());
  let inflight: Promise<AccessSession | null> | null = null;

  const margin = () => Math.min(MAX_REFRESH_MARGIN_MS, session.lifetimeMs() / 5);
  const isFresh = () => session.get() !== null && session.remainingMs(now()) > margin();

  const refreshNow = async (): Promise<AccessSession | null> => {
    const before = session.get()?.accessToken;
    return withLock(async () => {
      // Another tab may have refreshed while this one waited, and sent its token over the channel.
      const current = session.get();
      if (current && current.accessToken !== before && isFresh()) return current;
      const next = await options.refresh();
      if (next) {
        session.set(next, now());
        options.tabs?.post({ type: 'token', session: next });
      } else {
        session.clear();
      }
      return next;
    });
  };

  const controller: AuthController = {
    refresh() {
      if (!inflight) {
        inflight = refreshNow().finally(() => {
          inflight = null;
        });
      }
      return inflight;
    },
    async tokenForRequest() {
      const current = session.get();
      if (!current || isFresh()) return current?.accessToken ?? null;
      try {
        return (await controller.refresh())?.accessToken ?? null;
      } catch {
        // A failed early refresh is not fatal: the token may still have a moment left.
        return current.accessToken;
      }
    },
  };
  return controller;
}

/** How the start-up restore is going, for the splash to tell a slow start from an unreachable server. */
export interface RestoreProgress {
  /** Attempts that failed so far (the server or its database could not answer, or the network failed). */
  failures: number;
  /** An attempt is on its way to the server. */
  attempting: boolean;
}

/** Stops the retries when called. */
export interface SessionRestore {
  (): void;
  /** Tries again at once instead of waiting out the back-off; ignored while an attempt is on its way. */
  retryNow(): void;
}

/**
 * Restores the session on load through the refresh cookie. Only a refused cookie ends it: while the
 * server or its database cannot answer (a 503, a network error) the session is not over, merely
 * unconfirmed, so this tries again, backing off, rather than sending a signed-in user to the sign-in
 * page. `onProgress` hears of every attempt and failure. Returns a function that stops the retries.
 */
export function restoreSession(
  controller: AuthController,
  session: SessionStore,
  retryDelayMs: (attempt: number) => number = (attempt) => Math.min(10_000, 500 * 2 ** attempt),
  onProgress: (progress: RestoreProgress) => void = () => {},
): SessionRestore {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let waiting = false;
  let failures = 0;
  const attempt = () => {
    waiting = false;
    onProgress({ failures, attempting: true });
    controller.refresh().catch(() => {
      if (stopped || session.status() !== 'unknown') return;
      failures++;
      waiting = true;
      onProgress({ failures, attempting: false });
      timer = setTimeout(attempt, retryDelayMs(failures - 1));
    });
  };
  attempt();
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  return Object.assign(stop, {
    retryNow() {
      if (stopped || !waiting) return;
      clearTimeout(timer);
      attempt();
    },
  });
}

export function authLink(options: AuthLinkOptions & { controller?: AuthController }): TRPCLink<AppRouter> {
  const controller = options.controller ?? createAuthController(options);
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        if (UNAUTHENTICATED_PATHS.has(op.path)) return next(op).subscribe(observer);

        let subscription: Unsubscribable | undefined;
        let closed = false;
        const send = (token: string | null, isRetry: boolean) => {
          subscription = next({ ...op, context: { ...op.context, accessToken: token } }).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              if (isRetry || !isUnauthorized(error)) return observer.error(error);
              // When another call has already replaced the token this one used, retry with it.
              const current = options.session.get()?.accessToken ?? null;
              const fresh =
                current && current !== token
                  ? Promise.resolve(current)
                  : controller.refresh().then((next) => next?.accessToken ?? null);
              fresh.then(
                (nextToken) => {
                  if (closed) return;
                  if (nextToken) send(nextToken, true);
                  else observer.error(error);
                },
                (refreshError: unknown) => {
                  if (!closed) observer.error(toClientError(refreshError));
                },
              );
            },
          });
        };

        controller.tokenForRequest().then(
          (token) => {
            if (!closed) send(token, false);
          },
          (error: unknown) => observer.error(toClientError(error)),
        );
        return () => {
          closed = true;
          subscription?.unsubscribe();
        };
      });
}

function toClientError(error: unknown): ApiError {
  return error instanceof TRPCClientError
    ? (error as ApiError)
    : TRPCClientError.from(error instanceof Error ? error : new Error(String(error)));
}

function authorizationHeader(op: Operation | undefined): Record<string, string> {
  const token = op?.context.accessToken;
  return typeof token === 'string' ? { Authorization: `Bearer ${token}` } : {};
}

/** Every request carries the refresh cookie where its Path matches (credentials: 'include'). */
const fetchWithCredentials: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'include' });

/** The client used only for auth.refresh, so a refresh never passes through the auth link. */
function createRefreshFunction(url: string): () => Promise<AccessSession | null> {
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url, fetch: fetchWithCredentials })] });
  return async () => {
    try {
      const { accessToken, expiresAt } = await client.auth.refresh.mutate();
      return { accessToken, expiresAt };
    } catch (error) {
      if (
        error instanceof TRPCClientError &&
        (error.data?.code === 'UNAUTHORIZED' || error.data?.code === 'FORBIDDEN')
      ) {
        return null;
      }
      throw error;
    }
  };
}

function webLock<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return task();
  return navigator.locks.request('finailytics-refresh', task) as Promise<T>;
}

/** The page's session and the channel to the other tabs. */
export const session = createSessionStore();
export const tabs = createTabChannel();
const refresh = createRefreshFunction(API_URL);
/** Shared by the link and the start-up restore, so the page never runs two refreshes at once. */
export const auth = createAuthController({ session, refresh, tabs, withLock: webLock });

export function createLinks(url = API_URL): TRPCLink<AppRouter>[] {
  return [
    connectionLink(),
    authLink({ session, refresh, controller: auth }),
    splitLink({
      condition: (op) => COOKIE_PATHS.has(op.path),
      true: httpLink({ url, fetch: fetchWithCredentials, headers: ({ op }) => authorizationHeader(op) }),
      false: httpBatchLink({
        url,
        maxItems: MAX_BATCH_ITEMS,
        fetch: fetchWithCredentials,
        headers: ({ opList }) => authorizationHeader(opList[0]),
      }),
    }),
  ];
}

export const trpc = createTRPCReact<AppRouter>();

export function createTrpcClient() {
  return trpc.createClient({ links: createLinks() });
}
