import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import type { Database } from './db/client';
import type { Env } from './env';
import { ManualClock } from './lib/clock';
import { createMemoryMailer } from './lib/mailer';
import { closedAfterAll } from './test/cleanup';
import { createEmbeddedTestDatabase, useTestDatabase } from './test/database';
import { testEnv } from './test/env';
import { createUser, TEST_PASSWORD, uniqueEmail } from './test/factories';

const database = useTestDatabase();

const JSON_HEADERS = { 'content-type': 'application/json' };
const apps = closedAfterAll<FastifyInstance>();

async function makeApp(
  options: { env?: Env; clock?: ManualClock; webDistDir?: string; logStream?: PassThrough; database?: Database } = {},
) {
  const app = await buildApp({
    env: options.env ?? testEnv(),
    database: options.database ?? database,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
    mailer: createMemoryMailer(),
  });
  apps.push(app);
  return app;
}

function setCookie(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  return Array.isArray(header) ? header.join('\n') : (header ?? '');
}

function cookieValue(response: LightMyRequestResponse, name = 'finailytics_refresh'): string | undefined {
  return response.cookies.find((cookie) => cookie.name === name)?.value;
}

async function login(
  app: FastifyInstance,
  email: string,
  password = TEST_PASSWORD,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/trpc/auth.login',
    headers: { ...JSON_HEADERS, ...headers },
    payload: { email, password },
  });
}

function refresh(app: FastifyInstance, token: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/trpc/auth.refresh',
    headers: { ...JSON_HEADERS, ...headers },
    cookies: { finailytics_refresh: token },
  });
}

describe('health', () => {
  it('answers /api/health and /api/ready while the database answers', async () => {
    const app = await makeApp();
    expect((await app.inject('/api/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/api/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 on /api/ready when the database does not', async () => {
    const app = await makeApp({ database: { ...database, ping: async () => false } });
    expect((await app.inject('/api/health')).statusCode).toBe(200);
    const ready = await app.inject('/api/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable' });
  });
});

describe('the refresh cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to /api/trpc, with the refresh lifetime, and never in the body', async () => {
    const app = await makeApp();
    const user = await createUser(database.db);
    const response = await login(app, user.email);
    expect(response.statusCode).toBe(200);
    const cookie = setCookie(response);
    expect(cookie).toMatch(/^finailytics_refresh=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('Max-Age=604800');
    expect(cookie).toContain('Path=/api/trpc');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    expect(response.body).not.toContain(cookieValue(response));
    expect(response.json().result.data.accessToken).toMatch(/^eyJ/);
  });

  it('is __Secure- prefixed and Secure in production, where errors carry no stack', async () => {
    const env = testEnv({
      NODE_ENV: 'production',
      BCRYPT_ROUNDS: '10',
      JWT_SECRET: 'p'.repeat(40),
      JWT_REFRESH_SECRET: 'q'.repeat(40),
    });
    const app = await makeApp({ env });
    const user = await createUser(database.db);
    const response = await login(app, user.email);
    const cookie = setCookie(response);
    expect(cookie).toMatch(/^__Secure-finailytics_refresh=/);
    expect(cookie).toContain('Secure');
    const failed = await login(app, user.email, 'wrong-password');
    expect(failed.json().error.data.stack).toBeUndefined();
  });

  it('is rotated by auth.refresh, and the replayed old one later revokes the session', async () => {
    const clock = new ManualClock(new Date());
    const app = await makeApp({ clock });
    const user = await createUser(database.db);
    const first = cookieValue(await login(app, user.email)) ?? '';
    const rotated = await refresh(app, first);
    expect(rotated.statusCode).toBe(200);
    const second = cookieValue(rotated) ?? '';
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(Object.keys(rotated.json().result.data).sort()).toEqual(['accessToken', 'expiresAt']);

    clock.advanceSeconds(30);
    const replay = await refresh(app, first);
    expect(replay.statusCode).toBe(401);
    expect(setCookie(replay)).toMatch(/^finailytics_refresh=; Max-Age=0; Path=\/api\/trpc/);
    expect((await refresh(app, second)).statusCode).toBe(401);
  });

  it('lets two concurrent refreshes with one token both succeed with the same new token', async () => {
    const app = await makeApp();
    const user = await createUser(database.db);
    const token = cookieValue(await login(app, user.email)) ?? '';
    const [a, b] = await Promise.all([refresh(app, token), refresh(app, token)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(cookieValue(a)).toBe(cookieValue(b));
    expect(cookieValue(a)).not.toBe(token);
  });

  it('is cleared by auth.logout with the same Path', async () => {
    const app = await makeApp();
    const user = await createUser(database.db);
    const token = cookieValue(await login(app, user.email)) ?? '';
    const response = await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.logout',
      headers: JSON_HEADERS,
      cookies: { finailytics_refresh: token },
    });
    expect(response.statusCode).toBe(200);
    expect(setCookie(response)).toMatch(
      /^finailytics_refresh=; Max-Age=0; Path=\/api\/trpc;.*HttpOnly; SameSite=Strict/,
    );
    expect((await refresh(app, token)).statusCode).toBe(401);
  });
});

describe('CSRF and CORS', () => {
  it('allows the front-end origin with credentials in a preflight, and no other', async () => {
    const app = await makeApp();
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/trpc/auth.login',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('http://localhost:5173');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const refused = await preflight('https://evil.example');
    expect(refused.headers['access-control-allow-origin']).not.toBe('https://evil.example');
  });

  it('refuses cookie-authenticated calls from a foreign Origin', async () => {
    const app = await makeApp();
    const user = await createUser(database.db);
    const token = cookieValue(await login(app, user.email)) ?? '';
    const response = await refresh(app, token, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toBe('Request origin not allowed');
    const sameOrigin = await refresh(app, token, { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(sameOrigin.statusCode).toBe(200);
  });

  it.each([
    ['text/plain', '{"email":"a@b.co","password":"x"}'],
    ['application/x-www-form-urlencoded', 'email=a%40b.co&password=x'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('refuses a POST sent as %s with 415', async (contentType, payload) => {
    const app = await makeApp();
    const response = await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.login',
      headers: { 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(415);
  });

  it('refuses a mutation over GET', async () => {
    const app = await makeApp();
    const input = encodeURIComponent(JSON.stringify({ email: 'a@b.co', password: 'x' }));
    const response = await app.inject({ method: 'GET', url: `/api/trpc/auth.login?input=${input}` });
    expect(response.statusCode).toBe(405);
  });
});

describe('request handling', () => {
  it('answers malformed JSON with 400', async () => {
    const app = await makeApp();
    const response = await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.login',
      headers: JSON_HEADERS,
      payload: '{"email": "a@b.co", ',
    });
    expect(response.statusCode).toBe(400);
  });

  it('answers an oversized body with 413', async () => {
    const app = await makeApp();
    const response = await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.login',
      headers: JSON_HEADERS,
      payload: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(9 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
  });

  it('answers validation failures with 400, a readable message and the field errors', async () => {
    const app = await makeApp();
    const response = await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.register',
      headers: JSON_HEADERS,
      payload: { name: 'A', email: 'not-an-email', password: 'password123' },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.message).toBe('Invalid email address');
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.zodError.fieldErrors).toEqual({ email: ['Invalid email address'] });
  });

  it('sends the security headers, the content security policy on everything but JSON', async () => {
    const app = await makeApp();
    for (const url of ['/api/health', '/api/trpc/user.me']) {
      const response = await app.inject(url);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(response.headers['content-security-policy']).toBeUndefined();
    }
  });

  it('lets curl-style clients call a query with ?input= and a Bearer token', async () => {
    const app = await makeApp();
    const user = await createUser(database.db);
    const { accessToken } = (await login(app, user.email)).json().result.data;
    const response = await app.inject({
      method: 'GET',
      url: '/api/trpc/user.me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().result.data).toEqual(user);
    expect((await app.inject('/api/trpc/user.me')).statusCode).toBe(401);
  });
});

describe('throttling over HTTP', () => {
  it('answers 429 with Retry-After once the failures run out', async () => {
    const app = await makeApp({ env: testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '2' }) });
    const user = await createUser(database.db);
    expect((await login(app, user.email, 'bad')).statusCode).toBe(401);
    expect((await login(app, user.email, 'bad')).statusCode).toBe(401);
    const blocked = await login(app, user.email, 'bad');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(blocked.json().error.data.retryAfterSeconds).toBe(Number(blocked.headers['retry-after']));
  });

  it('counts every call of a batched request', async () => {
    const app = await makeApp({ env: testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '3' }) });
    const user = await createUser(database.db);
    const calls = 8;
    const input = Object.fromEntries(
      Array.from({ length: calls }, (_, i) => [i, { email: user.email, password: `guess-${i}` }]),
    );
    const response = await app.inject({
      method: 'POST',
      url: `/api/trpc/${Array(calls).fill('auth.login').join(',')}?batch=1`,
      headers: JSON_HEADERS,
      payload: input,
    });
    const codes = (response.json() as { error: { data: { code: string } } }[]).map((entry) => entry.error.data.code);
    expect(codes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(3);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(5);
    expect(response.headers['retry-after']).toBeDefined();
  });

  it('refuses batches larger than TRPC_MAX_BATCH_SIZE', async () => {
    const app = await makeApp();
    const calls = 11;
    // Long procedure names too: the cap is on calls, not on the path length.
    const response = await app.inject({
      method: 'POST',
      url: `/api/trpc/${Array(calls).fill('auth.logout').join(',')}?batch=1`,
      headers: JSON_HEADERS,
      payload: Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, {}])),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('Batch call exceeds maximum size');
  });

  it('accepts a full batch of long procedure names', async () => {
    const app = await makeApp();
    const calls = 10;
    const response = await app.inject({
      method: 'POST',
      url: `/api/trpc/${Array(calls).fill('auth.logout').join(',')}?batch=1`,
      headers: JSON_HEADERS,
      payload: Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, {}])),
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('the web app', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'finailytics-web-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>FinAIlytics</title><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');

  it('is served at / with client-side routes falling back to index.html', async () => {
    const app = await makeApp({ webDistDir: dist });
    const home = await app.inject('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<title>FinAIlytics</title>');
    const deepLink = await app.inject('/transactions?page=2');
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.headers['content-type']).toContain('text/html');
    const asset = await app.inject('/assets/app-abc123.js');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('sends every security header with pages and served files', async () => {
    const app = await makeApp({ webDistDir: dist });
    for (const url of ['/', '/transactions', '/assets/app-abc123.js']) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(200);
      const policy = response.headers['content-security-policy'];
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('keeps unknown API paths as JSON 404s', async () => {
    const app = await makeApp({ webDistDir: dist });
    const response = await app.inject('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe('Not Found');
  });
});

describe('logging', () => {
  it('never writes passwords, tokens or cookies to the log', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const app = await makeApp({ env: testEnv({ LOG_LEVEL: 'trace' }), logStream: stream });
    const email = uniqueEmail('logs');
    const password = 'a-very-distinct-password';
    await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.register',
      headers: JSON_HEADERS,
      payload: { name: 'L', email, password },
    });
    const loggedIn = await login(app, email, password);
    const { accessToken } = loggedIn.json().result.data;
    const token = cookieValue(loggedIn) ?? '';
    await refresh(app, token);
    await app.inject({ method: 'GET', url: '/api/trpc/user.me', headers: { authorization: `Bearer ${accessToken}` } });
    const log = lines.join('');
    expect(log).toContain('/api/trpc/auth.login');
    expect(log).not.toContain(password);
    expect(log).not.toContain(accessToken);
    expect(log).not.toContain(token);
  });
});

describe('the client address behind a proxy', () => {
  /** A sign-in from the peer `remoteAddress`, carrying `forwardedFor` as X-Forwarded-For. */
  const loginFrom = (
    app: FastifyInstance,
    remoteAddress: string,
    forwardedFor: string,
    email: string,
    password: string,
  ) =>
    app.inject({
      method: 'POST',
      url: '/api/trpc/auth.login',
      remoteAddress,
      headers: { ...JSON_HEADERS, 'x-forwarded-for': forwardedFor },
      payload: { email, password },
    });

  it('keeps the sign-in throttle when a client forges the head of X-Forwarded-For', async () => {
    const app = await makeApp({ env: testEnv({ TRUST_PROXY: '127.0.0.1' }) });
    const user = await createUser(database.db);
    // The proxy at 127.0.0.1 appends the address it saw; whatever the client wrote comes before it.
    const throughProxy = (forged: number, password = 'wrong password') =>
      loginFrom(app, '127.0.0.1', `198.51.100.${forged}, 203.0.113.7`, user.email, password);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await throughProxy(attempt)).statusCode).toBe(401);
    }
    expect((await throughProxy(11)).statusCode).toBe(429);
    // The right password does not get through either: the real address is still throttled.
    expect((await throughProxy(99, TEST_PASSWORD)).statusCode).toBe(429);
  });

  it('with a hop count, takes the address the last proxy appended, not the forged head', async () => {
    const app = await makeApp({ env: testEnv({ TRUST_PROXY: '1' }) });
    const user = await createUser(database.db);
    const throughProxy = (forged: number, password = 'wrong password') =>
      loginFrom(app, '127.0.0.1', `198.51.100.${forged}, 203.0.113.8`, user.email, password);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await throughProxy(attempt)).statusCode).toBe(401);
    }
    expect((await throughProxy(11, TEST_PASSWORD)).statusCode).toBe(429);
    // Another real client behind the same proxy is not throttled by the first one's failures.
    const other = await loginFrom(app, '127.0.0.1', '198.51.100.1, 203.0.113.9', user.email, TEST_PASSWORD);
    expect(other.statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer that is not a listed proxy', async () => {
    const app = await makeApp({ env: testEnv({ TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES_PER_EMAIL: '2' }) });
    const user = await createUser(database.db);
    const direct = (forged: number) =>
      loginFrom(app, '203.0.113.9', `198.51.100.${forged}`, user.email, 'wrong password');
    expect((await direct(1)).statusCode).toBe(401);
    expect((await direct(2)).statusCode).toBe(401);
    expect((await direct(3)).statusCode).toBe(429);
  });
});

describe('the JSON-only rule', () => {
  it.each(['/api/%74rpc/auth.login', '/api/trp%63/auth.login', '/%61pi/trpc/auth.login', '/api/trpc/auth%2Elogin'])(
    'holds for %s, however the path is spelled',
    async (url) => {
      const app = await makeApp();
      const user = await createUser(database.db);
      // A cross-site form can send multipart/form-data without a preflight; tRPC would read it as input.
      const field = (name: string, value: string) =>
        `--x\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        payload: `${field('email', user.email)}${field('password', TEST_PASSWORD)}--x--\r\n`,
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().error.message).toBe('Requests to the API must be sent as application/json');
    },
  );

  it('answers CORS for nobody when no FRONTEND_ORIGIN is set', async () => {
    const app = await makeApp({ env: testEnv({ FRONTEND_ORIGIN: '' }) });
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/trpc/auth.login',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('a failing database query', () => {
  let broken: Database;
  beforeAll(async () => {
    // A database of its own in which every new account fails at the INSERT, after the password was hashed.
    broken = await createEmbeddedTestDatabase();
    await broken.db.execute('ALTER TABLE users ADD CONSTRAINT refuse_new_users CHECK (false) NOT VALID');
    // And a route outside tRPC whose query fails.
    await broken.db.execute('DROP TABLE user_avatars');
  });
  afterAll(async () => {
    await broken.close();
  });

  async function failedSignUp(env: Env) {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const app = await makeApp({ env, logStream: stream, database: broken });
    const email = uniqueEmail('broken');
    const response = await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.register',
      headers: JSON_HEADERS,
      payload: { name: 'Hash Holder', email, password: 'a-distinct-password-42' },
    });
    return { response, log: lines.join(''), email };
  }

  it('logs the failure without the statement, its parameters or the password hash', async () => {
    const { response, log, email } = await failedSignUp(testEnv({ LOG_LEVEL: 'info' }));
    expect(response.statusCode).toBe(500);
    expect(log).toContain('procedure failed');
    expect(log).toContain('refuse_new_users');
    expect(log).not.toMatch(/\$2[aby]\$/);
    expect(log).not.toContain(email);
    expect(log).not.toMatch(/insert into/i);
    expect(log).not.toContain('params');
  });

  it('answers without the statement or its parameters, and generically unless in development', async () => {
    const { response } = await failedSignUp(testEnv());
    expect(response.json().error.message).toBe('Internal server error');
    expect(response.json().error.data.stack).toBeUndefined();
    const development = await failedSignUp(testEnv({ NODE_ENV: 'development' }));
    const body = development.response.body;
    expect(development.response.json().error.data.stack).toMatch(
      /^TRPCError: Failed query \(statement and parameters withheld\)\n {4}at /,
    );
    expect(body).not.toMatch(/\$2[aby]\$/);
    expect(body).not.toContain(development.email);
    expect(body).not.toMatch(/insert into/i);
    expect(body).not.toContain('params');
  });

  it('answers a route outside tRPC generically too, and logs it without the statement', async () => {
    for (const NODE_ENV of ['test', 'production', 'development'] as const) {
      const stream = new PassThrough();
      const lines: string[] = [];
      stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
      const app = await makeApp({
        env: testEnv({ NODE_ENV, LOG_LEVEL: 'info', BCRYPT_ROUNDS: '10' }),
        logStream: stream,
        database: broken,
      });
      const response = await app.inject('/api/avatars/0b9c2f4e-3f0a-4c55-9d2e-8a1b2c3d4e5f');
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(/select|user_avatars|params|\.ts:/i);
      if (NODE_ENV !== 'development') expect(response.json().message).toBe('Internal server error');
      const log = lines.join('');
      expect(log).toContain('request failed');
      expect(log).toContain('user_avatars'); // the database's own message names the table
      expect(log).not.toMatch(/select|params/i);
    }
  });
});
