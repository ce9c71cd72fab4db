import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { refreshTokens, sessions } from '../../db/schema';
import type { Env } from '../../env';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { closedAfterAll } from '../../test/cleanup';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { createUser, TEST_PASSWORD } from '../../test/factories';

/* Forged tokens, oversized headers and refresh races as a client sees them over HTTP. */

const database = useTestDatabase();
/** Counts requests: stands in for the attacker's key server that a jku header points at. */
let keyServer: Server;
let keyServerHits = 0;
let keyServerUrl = '';
const apps = closedAfterAll<FastifyInstance>();

beforeAll(async () => {
  keyServer = createServer((_req, res) => {
    keyServerHits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [attackerJwk] }));
  });
  await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
  keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/jwks.json`;
});
afterAll(async () => {
  await new Promise((resolve) => keyServer.close(resolve));
});

const JSON_HEADERS = { 'content-type': 'application/json' };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const attackerJwk = { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'attacker', alg: 'RS256', use: 'sig' };

async function makeApp(options: { env?: Env; clock?: ManualClock } = {}) {
  const app = await buildApp({
    env: options.env ?? testEnv(),
    database,
    mailer: createMemoryMailer(),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  apps.push(app);
  return app;
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function forge(header: object, payload: object, signer: (input: string) => string): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${signer(input)}`;
}

const signers = {
  empty: () => '',
  hs256: (key: string) => (input: string) => createHmac('sha256', key).update(input).digest('base64url'),
  rs256: (input: string) => sign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url'),
  es256: (input: string) =>
    sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'),
};

function cookieValue(response: LightMyRequestResponse): string | undefined {
  return response.cookies.find((cookie) => cookie.name === 'finailytics_refresh')?.value;
}

async function signIn(app: FastifyInstance) {
  const user = await createUser(database.db);
  const response = await app.inject({
    method: 'POST',
    url: '/api/trpc/auth.login',
    headers: JSON_HEADERS,
    payload: { email: user.email, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  const accessToken: string = response.json().result.data.accessToken;
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString());
  return { user, accessToken, sessionId: claims.sid as string, refreshToken: cookieValue(response) ?? '' };
}

function refresh(app: FastifyInstance, token: string) {
  return app.inject({
    method: 'POST',
    url: '/api/trpc/auth.refresh',
    headers: JSON_HEADERS,
    cookies: { finailytics_refresh: token },
  });
}

function me(app: FastifyInstance, authorization: string) {
  return app.inject({ method: 'GET', url: '/api/trpc/user.me', headers: { authorization } });
}

async function sessionRow(sessionId: string) {
  const [row] = await database.db
    .select({ revokedAt: sessions.revokedAt, revokedReason: sessions.revokedReason })
    .from(sessions)
    .where(eq(sessions.id, sessionId));
  return row;
}

async function tokenCount(sessionId: string): Promise<{ all: number; current: number }> {
  const [all] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(refreshTokens)
    .where(eq(refreshTokens.sessionId, sessionId));
  const [current] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.sessionId, sessionId), isNull(refreshTokens.rotatedAt)));
  return { all: all?.n ?? -1, current: current?.n ?? -1 };
}

describe('forged access tokens over HTTP', () => {
  it('answers 401 to alg none/None/NONE, RS256 and ES256 forgeries of a live session', async () => {
    const app = await makeApp();
    const { user, sessionId, accessToken } = await signIn(app);
    expect((await me(app, `Bearer ${accessToken}`)).statusCode).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    const payload = { userId: user.id, sid: sessionId, typ: 'access', iat: now, exp: now + 900 };
    const forgeries = [
      forge({ alg: 'none', typ: 'JWT' }, payload, signers.empty),
      forge({ alg: 'None', typ: 'JWT' }, payload, signers.empty),
      forge({ alg: 'NONE', typ: 'JWT' }, payload, signers.empty),
      `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}`,
      forge({ alg: 'RS256', typ: 'JWT' }, payload, signers.rs256),
      forge({ alg: 'ES256', typ: 'JWT' }, payload, signers.es256),
    ];
    for (const token of forgeries) {
      const response = await me(app, `Bearer ${token}`);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toBe('Not authenticated');
    }
  });

  it('answers 401 to jku, jwk and kid headers and never contacts the jku address', async () => {
    const app = await makeApp();
    const { user, sessionId } = await signIn(app);
    const now = Math.floor(Date.now() / 1000);
    const payload = { userId: user.id, sid: sessionId, typ: 'access', iat: now, exp: now + 900 };
    const hitsBefore = keyServerHits;
    const forgeries = [
      forge({ alg: 'RS256', typ: 'JWT', jku: keyServerUrl, kid: 'attacker' }, payload, signers.rs256),
      forge({ alg: 'RS256', typ: 'JWT', jwk: attackerJwk }, payload, signers.rs256),
      forge({ alg: 'HS256', typ: 'JWT', kid: '../../../../../../dev/null' }, payload, signers.hs256('')),
      forge({ alg: 'HS256', typ: 'JWT', kid: "' UNION SELECT 'k' --" }, payload, signers.hs256('k')),
    ];
    for (const token of forgeries) {
      expect((await me(app, `Bearer ${token}`)).statusCode).toBe(401);
    }
    expect(keyServerHits).toBe(hitsBefore);
    // The key server does answer when asked, so a fetch would have been counted.
    await new Promise<void>((resolve) => request(keyServerUrl, (res) => res.resume().on('end', resolve)).end());
    expect(keyServerHits).toBe(hitsBefore + 1);
  });
});

describe('a 16 kB Authorization header', () => {
  const huge = [`Bearer ${'A'.repeat(16 * 1024)}`, `Bearer eyJ${'a'.repeat(16 * 1024)}.e30.x`, 'x'.repeat(16 * 1024)];

  it('is a clean 401 from the app', async () => {
    const app = await makeApp();
    for (const authorization of huge) {
      const response = await me(app, authorization);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toBe('Not authenticated');
    }
  });

  it('is 401 or 431 from a listening server, never a 5xx, and the server keeps serving', async () => {
    const app = await makeApp();
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    /** The status line of the answer, read from a raw socket: the server may close it straight after. */
    const statusOf = (authorization: string) =>
      new Promise<number>((resolve) => {
        let received = '';
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            `GET /api/trpc/user.me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`,
          );
        });
        socket.on('data', (chunk) => {
          received += chunk.toString('latin1');
        });
        socket.on('error', () => {});
        socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0)));
      });
    for (const authorization of huge) {
      expect([401, 431]).toContain(await statusOf(authorization));
    }
    expect(await statusOf('Bearer short')).toBe(401);
  });
});

describe('refresh token replay and races over HTTP', () => {
  it('revokes the session when the grandparent is replayed inside the grace window', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const app = await makeApp({ clock });
    const { sessionId, refreshToken: grandparent, accessToken } = await signIn(app);
    const parent = cookieValue(await refresh(app, grandparent)) ?? '';
    const current = cookieValue(await refresh(app, parent)) ?? '';
    expect(new Set([grandparent, parent, current]).size).toBe(3);
    clock.advanceSeconds(1);

    const replay = await refresh(app, grandparent);
    expect(replay.statusCode).toBe(401);
    expect(cookieValue(replay)).toBe('');
    expect(await sessionRow(sessionId)).toMatchObject({ revokedReason: 'reuse_detected' });
    // The holder of the current token and of the access token are signed out too.
    expect((await refresh(app, current)).statusCode).toBe(401);
    expect((await me(app, `Bearer ${accessToken}`)).statusCode).toBe(401);
  });

  it('answers ten parallel refreshes of one token with 200 and one new cookie: exactly one rotation', async () => {
    const app = await makeApp();
    const { sessionId, refreshToken } = await signIn(app);
    const responses = await Promise.all(Array.from({ length: 10 }, () => refresh(app, refreshToken)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(200));
    const cookies = new Set(responses.map(cookieValue));
    expect(cookies.size).toBe(1);
    const [child] = [...cookies];
    expect(child).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(child).not.toBe(refreshToken);
    expect(await tokenCount(sessionId)).toEqual({ all: 2, current: 1 });
    expect((await sessionRow(sessionId))?.revokedAt).toBeNull();
    // The converged child rotates on normally.
    expect((await refresh(app, child ?? '')).statusCode).toBe(200);
    expect(await tokenCount(sessionId)).toEqual({ all: 3, current: 1 });
  });

  it('answers 401 and clears the cookie once the absolute session lifetime has passed', async () => {
    const clock = new ManualClock('2026-06-01T00:00:00Z');
    const app = await makeApp({ clock });
    const { refreshToken } = await signIn(app);
    clock.advanceSeconds(6 * 86_400);
    const rotated = await refresh(app, refreshToken);
    expect(rotated.statusCode).toBe(200);
    // Rotation never extends the session: the new cookie lives only for what is left of it.
    expect(rotated.cookies.find((cookie) => cookie.name === 'finailytics_refresh')?.maxAge).toBe(86_400);
    clock.advanceSeconds(86_400);
    const late = await refresh(app, cookieValue(rotated) ?? '');
    expect(late.statusCode).toBe(401);
    expect(cookieValue(late)).toBe('');
  });
});
