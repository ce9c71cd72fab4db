// Brings in @fastify/cookie's request.cookies / reply.setCookie types wherever AppRouter is type-checked.
import type {} from '@fastify/cookie';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
 * What a procedure knows of the HTTP request, read from it on first use: most calls never look at the
 * client's address or origin, and building them (the proxy-aware IP, the origin string) for every
 * call showed in the per-call CPU time.
 */
class HttpRequestInfo implements RequestInfo {
  #ip: string | undefined;
  #serverOrigin: string | null | undefined;

  constructor(private readonly req: FastifyRequest) {}

  get ip(): string {
    this.#ip ??= this.req.ip;
    return this.#ip;
  }

  get userAgent(): string | null {
    return this.req.headers['user-agent']?.slice(0, 512) ?? null;
  }

  get origin(): string | null {
    return this.req.headers.origin ?? null;
  }

  get serverOrigin(): string | null {
    if (this.#serverOrigin === undefined) {
      const host = this.req.headers.host;
      this.#serverOrigin = host ? `${this.req.protocol}://${host}` : null;
    }
    return this.#serverOrigin;
  }
}

/** The refresh token in its HttpOnly cookie, scoped to the tRPC path. */
class CookieRefreshTokenStore implements RefreshTokenStore {
  constructor(
    private readonly req: FastifyRequest,
    private readonly res: FastifyReply,
    private readonly cookie: CookieSettings,
  ) {}

  read(): string | undefined {
    return this.req.cookies[this.cookie.name];
  }

  write(token: string, maxAgeSeconds: number): void {
    const { name, secure, path } = this.cookie;
    this.res.setCookie(name, token, { httpOnly: true, sameSite: 'strict', secure, path, maxAge: maxAgeSeconds });
  }

  clear(): void {
    const { name, secure, path } = this.cookie;
    this.res.clearCookie(name, { httpOnly: true, sameSite: 'strict', secure, path });
  }
}

/**
 * Everything a procedure sees that does not come from HTTP. Tests build this directly and call the
 * router through createCaller; nothing mocks a request.
 */
export function createContextInner(options: InnerContextOptions) {
  return {
    ...options.deps,
    accessToken: options.accessToken ?? null,
    request: options.request instanceof HttpRequestInfo ? options.request : requestInfoOf(options.request),
    refreshTokens: options.refreshTokenStore ?? createMemoryRefreshTokenStore(),
  };
}

export type Context = ReturnType<typeof createContextInner>;

/** A request as tests describe it, with defaults for what they leave out. */
function requestInfoOf(request: Partial<RequestInfo> | undefined): RequestInfo {
  return {
    ip: request?.ip ?? '127.0.0.1',
    userAgent: request?.userAgent ?? null,
    origin: request?.origin ?? null,
    serverOrigin: request?.serverOrigin ?? null,
  };
}

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
  return ({ req, res }: Pick<CreateFastifyContextOptions, 'req' | 'res'>): Context =>
    createContextInner({
      deps,
      accessToken: bearerToken(req.headers.authorization),
      request: new HttpRequestInfo(req),
      refreshTokenStore: new CookieRefreshTokenStore(req, res, cookie),
    });
}
