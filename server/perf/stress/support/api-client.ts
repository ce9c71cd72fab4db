import http from 'node:http';

/**
 * A plain-HTTP tRPC client for the stress tests, the way curl or another language calls the API:
 * JSON bodies for mutations, `?input=` for queries, the refresh token in a Cookie header. Every
 * answer comes back as data, never as a thrown error, so a test can count what each call got;
 * only a transport failure (connection refused or reset) throws.
 */

/** The production cookie name; the processes under test run with NODE_ENV=production. */
export const REFRESH_COOKIE = '__Secure-finailytics_refresh';

export type CallResult<T> =
  | { ok: true; status: number; data: T; refreshToken: string | null }
  | { ok: false; status: number; code: string; message: string; refreshToken: string | null };

export interface CallOptions {
  accessToken?: string;
  refreshToken?: string;
  /** Sends a GET (tRPC query) instead of a POST. */
  query?: boolean;
  headers?: Record<string, string>;
  /** Aborts the call (a transport failure named AbortError). */
  signal?: AbortSignal;
}

interface TrpcErrorBody {
  error?: { message?: string; data?: { code?: string } };
}

/**
 * Keep-alive sockets, one per call in flight: a hundred concurrent client loops hold a hundred
 * connections. node:http rather than fetch because it costs the client a fraction of the CPU, and
 * on a two-core machine every cycle the client spends is one the server under test does not get.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

interface RawResponse {
  status: number;
  text: string;
  setCookie: string[];
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal | undefined,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent, ...(signal ? { signal } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          setCookie: response.headers['set-cookie'] ?? [],
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The refresh token a response set (empty when it cleared the cookie), or null when it set none. */
function refreshTokenFrom(setCookie: string[]): string | null {
  for (const line of setCookie) {
    const [pair = ''] = line.split(';');
    const separator = pair.indexOf('=');
    if (pair.slice(0, separator) === REFRESH_COOKIE) return pair.slice(separator + 1);
  }
  return null;
}

export async function call<T = unknown>(
  origin: string,
  procedure: string,
  input?: unknown,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  if (options.refreshToken) headers.cookie = `${REFRESH_COOKIE}=${options.refreshToken}`;
  const url = new URL(`/api/trpc/${procedure}`, origin);
  let body: string | undefined;
  if (options.query) {
    if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input ?? {});
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const response = await send(url, options.query ? 'GET' : 'POST', headers, body, options.signal);
  const refreshToken = refreshTokenFrom(response.setCookie);
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch {
    return { ok: false, status: response.status, code: 'NOT_JSON', message: response.text.slice(0, 300), refreshToken };
  }
  if (response.status >= 200 && response.status < 300) {
    return { ok: true, status: response.status, data: (parsed as { result: { data: T } }).result.data, refreshToken };
  }
  const error = (parsed as TrpcErrorBody).error;
  return {
    ok: false,
    status: response.status,
    code: error?.data?.code ?? 'UNKNOWN',
    message: error?.message ?? response.text.slice(0, 300),
    refreshToken,
  };
}

/** Like call(), but a refusal is an error: for setting a test up. */
export async function mustCall<T = unknown>(
  origin: string,
  procedure: string,
  input?: unknown,
  options: CallOptions = {},
): Promise<{ data: T; refreshToken: string | null }> {
  const result = await call<T>(origin, procedure, input, options);
  if (!result.ok) throw new Error(`${procedure} answered ${result.status} ${result.code}: ${result.message}`);
  return result;
}

export interface Session {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export const STRESS_PASSWORD = 'correct horse battery staple 42';

/** Registers an account and signs it in. */
export async function signUp(origin: string, email: string, name = 'Stress Test'): Promise<Session> {
  await mustCall(origin, 'auth.register', { name, email, password: STRESS_PASSWORD });
  return signIn(origin, email);
}

export async function signIn(origin: string, email: string): Promise<Session> {
  const { data, refreshToken } = await mustCall<{ accessToken: string; user: { id: string } }>(origin, 'auth.login', {
    email,
    password: STRESS_PASSWORD,
  });
  if (!refreshToken) throw new Error('auth.login set no refresh cookie');
  return { userId: data.user.id, email, accessToken: data.accessToken, refreshToken };
}
