// Brings in @fastify/cookie's request.cookies / reply.setCookie types wherever AppRouter is type-checked.
import type {} from '@fastify/cookie';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { AppDeps, RequestInfo } from '../deps';

/** A context is built from these; tests that build one with createContextInner take them from here too. */
export type { AppDeps, RequestInfo } from '../deps';

/** Where the refresh token lives: an HttpOnly cookie over HTTP, a plain variable in tests. */
export interface RefreshTokenStore {
  read(): string | undefined;
  write(token: string, maxAgeSeconds: number): void;
  clear(): void;
}

export interface InnerContextOptions {
  deps: AppDeps;
  accessToken?: string | null;
  request?: Partial<RequestInfo>;
  refreshTokenStore?: RefreshTokenStore;
}

export function createMemoryRefreshTokenStore(initial?: string): RefreshTokenStore & { token: string | undefined } {
  return {
    token: initial,
    read() {
      return this.token;
    },
    write(token) {
      this.token = token;
    },
    clear() {
      this.token = undefined;
    },
  };
}

/**
 * Everything a procedure sees that does not come from HTTP. Tests build this directly and call the
 * router through createCaller; nothing mocks a request.
 */
export function createContextInner(options: InnerContextOptions) {
  return {
    ...options.deps,
    accessToken: options.accessToken ?? null,
    request: {
      ip: options.request?.ip ?? '127.0.0.1',
      userAgent: options.request?.userAgent ?? null,
      origin: options.request?.origin ?? null,
      serverOrigin: options.request?.serverOrigin ?? null,
    } satisfies RequestInfo,
    refreshTokens: options.refreshTokenStore ?? createMemoryRefreshTokenStore(),
  };
}

export type Context = ReturnType<typeof createContextInner>;

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export interface CookieSettings {
  name: string;
  path: string;
  secure: boolean;
}

/** The per-request context for the Fastify adapter: reads the Bearer token, cookie and Origin. */
export function createContextFactory(deps: AppDeps, cookie: CookieSettings) {
  return ({ req, res }: CreateFastifyContextOptions): Context => {
    const host = req.headers.host;
    return createContextInner({
      deps,
      accessToken: bearerToken(req.headers.authorization),
      request: {
        ip: req.ip,
        userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
        origin: req.headers.origin ?? null,
        serverOrigin: host ? `${req.protocol}://${host}` : null,
      },
      refreshTokenStore: {
        read: () => req.cookies[cookie.name],
        write: (token, maxAgeSeconds) => {
          res.setCookie(cookie.name, token, {
            httpOnly: true,
            sameSite: 'strict',
            secure: cookie.secure,
            path: cookie.path,
            maxAge: maxAgeSeconds,
          });
        },
        clear: () => {
          res.clearCookie(cookie.name, {
            httpOnly: true,
            sameSite: 'strict',
            secure: cookie.secure,
            path: cookie.path,
          });
        },
      },
    });
  };
}
