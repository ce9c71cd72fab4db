import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import type { Env } from '../../env';
import { ManualClock } from '../../lib/clock';
import { closedAfterAll } from '../../test/cleanup';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../../test/factories';
import { linkToken, messagesTo, useMailbox } from '../../test/smtp';
import { settleBackgroundTasks } from './background';
import { totpCodeAt } from './totp';

/* What HTTP shows of account recovery and two-factor sign-in: status codes, headers, cookies, bodies. */

const database = useTestDatabase();
const { smtp, mailer } = useMailbox();
const apps = closedAfterAll<FastifyInstance>();

const JSON_HEADERS = { 'content-type': 'application/json' };

async function makeApp(options: { env?: Env; clock?: ManualClock } = {}) {
  const app = await buildApp({
    env: options.env ?? testEnv(),
    database,
    mailer,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  apps.push(app);
  return app;
}

function call(app: FastifyInstance, procedure: string, payload: object, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/trpc/${procedure}`,
    headers: { ...JSON_HEADERS, ...headers },
    payload,
  });
}

const refreshCookie = (response: LightMyRequestResponse) =>
  response.cookies.find((cookie) => cookie.name === 'finailytics_refresh');

describe('auth.requestPasswordReset over HTTP', () => {
  it('answers a known and an unknown address with the same status, headers and body', async () => {
    const app = await makeApp();
    const user = await createUser(database.db);
    const known = await call(app, 'auth.requestPasswordReset', { email: user.email });
    const unknown = await call(app, 'auth.requestPasswordReset', { email: uniqueEmail('nobody') });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toBe(known.body);
    expect(known.headers['set-cookie']).toBeUndefined();
    expect(unknown.headers['content-length']).toBe(known.headers['content-length']);
    await settleBackgroundTasks();
  });

  it('answers 429 with Retry-After once the per-address requests run out', async () => {
    const app = await makeApp({ env: testEnv({ PASSWORD_RESET_MAX_PER_EMAIL: '1' }) });
    const email = uniqueEmail('nobody');
    expect((await call(app, 'auth.requestPasswordReset', { email })).statusCode).toBe(200);
    const blocked = await call(app, 'auth.requestPasswordReset', { email });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(3500);
    await settleBackgroundTasks();
  });
});

describe('forgot password, end to end over HTTP', () => {
  it('mails a link; resetting through it clears the cookie, and the new password signs in', async () => {
    const app = await makeApp();
    const user = await createUser(database.db);
    await call(app, 'auth.requestPasswordReset', { email: user.email });
    await settleBackgroundTasks();
    const token = linkToken(messagesTo(smtp, user.email).at(-1), 'reset-password');

    const reset = await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.resetPassword',
      headers: JSON_HEADERS,
      cookies: { finailytics_refresh: 'A'.repeat(43) },
      payload: { token, newPassword: 'juniper atlas 64' },
    });
    expect(reset.statusCode).toBe(200);
    expect(refreshCookie(reset)).toMatchObject({ value: '', path: '/api/trpc' });

    const reused = await call(app, 'auth.resetPassword', { token, newPassword: 'juniper atlas 65' });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.message).toBe('This link is invalid or has expired. Please ask for a new one.');

    const login = await call(app, 'auth.login', { email: user.email, password: 'juniper atlas 64' });
    expect(login.statusCode).toBe(200);
    expect(login.json().result.data).toMatchObject({ twoFactorRequired: false, user: { emailVerified: true } });
  });

  it('answers a breached new password with 400 and the reason', async () => {
    const app = await makeApp();
    const response = await call(app, 'auth.resetPassword', { token: 'A'.repeat(43), newPassword: 'password1' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/exposed in data breaches/);
  });
});

describe('two-factor sign-in over HTTP', () => {
  it('sets no cookie with the challenge, and the refresh cookie once the code is accepted', async () => {
    const clock = new ManualClock();
    const app = await makeApp({ clock });
    const user = await createUser(database.db);
    const first = await call(app, 'auth.login', { email: user.email, password: TEST_PASSWORD });
    const bearer = { authorization: `Bearer ${first.json().result.data.accessToken}` };
    const setup = (await call(app, 'user.twoFactor.setup', { password: TEST_PASSWORD }, bearer)).json().result.data;
    const enabled = await call(app, 'user.twoFactor.enable', { code: totpCodeAt(setup.secret, clock.now()) }, bearer);
    expect(enabled.json().result.data.recoveryCodes).toHaveLength(10);
    clock.advanceSeconds(30);

    const login = await call(app, 'auth.login', { email: user.email, password: TEST_PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(login.headers['set-cookie']).toBeUndefined();
    const data = login.json().result.data;
    expect(Object.keys(data).sort()).toEqual(['challenge', 'expiresAt', 'message', 'twoFactorRequired']);

    const wrong = await call(app, 'auth.verifyTwoFactor', { challenge: data.challenge, code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const verified = await call(app, 'auth.verifyTwoFactor', {
      challenge: data.challenge,
      code: totpCodeAt(setup.secret, clock.now()),
    });
    expect(verified.statusCode).toBe(200);
    expect(refreshCookie(verified)).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/trpc' });
    expect(verified.json().result.data.accessToken).toMatch(/^eyJ/);
  });
});

describe('user.me over HTTP', () => {
  it('shows emailVerified', async () => {
    const app = await makeApp();
    const user = await createUser(database.db, { emailVerified: false });
    const login = await call(app, 'auth.login', { email: user.email, password: TEST_PASSWORD });
    const me = await app.inject({
      method: 'GET',
      url: '/api/trpc/user.me',
      headers: { authorization: `Bearer ${login.json().result.data.accessToken}` },
    });
    expect(me.json().result.data).toMatchObject({ email: user.email, emailVerified: false });
  });
});
