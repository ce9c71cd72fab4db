import { eq } from 'drizzle-orm';
import jwt from 'jsonwebtoken';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportSettings, sessions, users } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { settleBackgroundTasks } from '../auth/background';
import { signAccessToken } from '../auth/tokens';

const database = useTestDatabase();

function callerWithToken(accessToken: string | null, clock = new ManualClock(new Date())) {
  const deps = testDeps({ database, clock });
  return createCaller(createContextInner({ deps, accessToken }));
}

describe('user.me', () => {
  it('returns the signed-in user without the password hash', async () => {
    const user = await createUser(database.db, { name: 'Maya' });
    const { caller } = await createTestCaller({ database, user });
    const me = await caller.user.me();
    expect(me).toEqual(user);
    expect(Object.keys(me)).not.toContain('passwordHash');
  });

  it('shows whether the address is verified', async () => {
    const unverified = await createUser(database.db, { emailVerified: false });
    const verified = await createUser(database.db);
    expect((await (await createTestCaller({ database, user: unverified })).caller.user.me()).emailVerified).toBe(false);
    expect((await (await createTestCaller({ database, user: verified })).caller.user.me()).emailVerified).toBe(true);
  });

  it('refuses a caller without a token', async () => {
    const { caller } = await createTestCaller({ database });
    expect((await errorOf(caller.user.me())).code).toBe('UNAUTHORIZED');
  });
});

describe('protectedProcedure refuses forged access tokens', () => {
  const env = testEnv();
  let claims: { userId: string; sid: string; typ: string };

  beforeAll(async () => {
    const user = await createUser(database.db);
    const { sessionId } = await createTestCaller({ database, user });
    claims = { userId: user.id, sid: sessionId ?? '', typ: 'access' };
  });

  const unsigned = (header: object, payload: object, signature = '') =>
    [header, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') +
    `.${signature}`;

  it('accepts the genuine token (control)', async () => {
    const now = new Date();
    const { token } = signAccessToken(env, { userId: claims.userId, sid: claims.sid }, now);
    await expect(callerWithToken(token).user.me()).resolves.toMatchObject({ id: claims.userId });
  });

  it.each(['none', 'None', 'NONE'])('refuses alg: %s', async (alg) => {
    const now = Math.floor(Date.now() / 1000);
    const token = unsigned({ alg, typ: 'JWT' }, { ...claims, iat: now, exp: now + 900 });
    expect((await errorOf(callerWithToken(token).user.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses another HMAC algorithm with the right secret', async () => {
    const token = jwt.sign(claims, env.JWT_SECRET, { algorithm: 'HS512', expiresIn: 900 });
    expect((await errorOf(callerWithToken(token).user.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses an expired token', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { token } = signAccessToken(env, { userId: claims.userId, sid: claims.sid }, clock.now());
    clock.advanceSeconds(env.JWT_EXPIRES_IN + 1);
    expect((await errorOf(callerWithToken(token, clock).user.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses a token signed with another secret', async () => {
    const token = jwt.sign(claims, 'another-secret-that-is-long-enough-0000', { algorithm: 'HS256', expiresIn: 900 });
    expect((await errorOf(callerWithToken(token).user.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses a tampered payload', async () => {
    const other = await createUser(database.db);
    const { token } = signAccessToken(env, { userId: claims.userId, sid: claims.sid }, new Date());
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, userId: other.id, exp: 9_999_999_999 })).toString(
      'base64url',
    );
    expect((await errorOf(callerWithToken(`${header}.${payload}.${signature}`).user.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses a refresh-type or untyped token', async () => {
    const token = jwt.sign({ userId: claims.userId, sid: claims.sid }, env.JWT_SECRET, {
      algorithm: 'HS256',
      expiresIn: 900,
    });
    expect((await errorOf(callerWithToken(token).user.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses a valid token for a user that no longer exists', async () => {
    const doomed = await createUser(database.db);
    const { caller, sessionId } = await createTestCaller({ database, user: doomed });
    const { token } = signAccessToken(env, { userId: doomed.id, sid: sessionId ?? '' }, new Date());
    await caller.user.me();
    await database.db.delete(users).where(eq(users.id, doomed.id));
    expect((await errorOf(callerWithToken(token).user.me())).code).toBe('UNAUTHORIZED');
  });
});

describe('user.update', () => {
  it('changes name, picture, time zone and currency, and bumps updatedAt', async () => {
    const clock = new ManualClock('2026-02-01T00:00:00Z');
    const user = await createUser(database.db, { now: clock.now() });
    clock.advanceSeconds(3600);
    const { caller } = await createTestCaller({ database, user, clock });
    const updated = await caller.user.update({
      name: ' Maya Lin ',
      profilePicture: 'https://cdn.example.com/maya.png',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
    });
    expect(updated).toMatchObject({
      name: 'Maya Lin',
      profilePicture: 'https://cdn.example.com/maya.png',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      email: user.email,
      createdAt: user.createdAt,
      updatedAt: '2026-02-01T01:00:00.000Z',
    });
    await expect(caller.user.me()).resolves.toEqual(updated);
  });

  it('refuses an empty update, an unknown zone and an unknown currency', async () => {
    const { caller } = await createTestCaller({ database, user: await createUser(database.db) });
    expect((await errorOf(caller.user.update({}))).code).toBe('BAD_REQUEST');
    expect((await errorOf(caller.user.update({ timezone: 'Atlantis/Capital' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(caller.user.update({ currency: 'usd' }))).code).toBe('BAD_REQUEST');
  });
});

describe('user.changePassword', () => {
  it('sets the new password, keeps this session and ends every other one', async () => {
    const user = await createUser(database.db);
    const deps = testDeps({ database });
    const otherDevice = createMemoryRefreshTokenStore();
    await createCaller(createContextInner({ deps, refreshTokenStore: otherDevice })).auth.login({
      email: user.email,
      password: TEST_PASSWORD,
    });
    const { caller } = await createTestCaller({ database, user });
    const result = await caller.user.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new secret',
    });
    expect(result).toEqual({ message: 'Password changed', revokedSessions: 1 });
    await expect(caller.user.me()).resolves.toMatchObject({ id: user.id });
    const stale = createCaller(createContextInner({ deps, refreshTokenStore: otherDevice }));
    expect((await errorOf(stale.auth.refresh())).code).toBe('UNAUTHORIZED');

    const fresh = createCaller(createContextInner({ deps }));
    expect((await errorOf(fresh.auth.login({ email: user.email, password: TEST_PASSWORD }))).code).toBe('UNAUTHORIZED');
    await expect(fresh.auth.login({ email: user.email, password: 'a brand new secret' })).resolves.toBeTruthy();
  });

  it('e-mails the owner that the password was changed', async () => {
    const user = await createUser(database.db);
    const mailer = createMemoryMailer();
    const { caller } = await createTestCaller({ database, user, mailer });
    await caller.user.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new secret' });
    await settleBackgroundTasks();
    expect(mailer.messages.map((message) => [message.to, message.subject])).toEqual([
      [user.email, 'Your FinAIlytics password was changed'],
    ]);
  });

  it('refuses a wrong current password without changing anything', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    const error = await errorOf(
      caller.user.changePassword({ currentPassword: 'not it', newPassword: 'another secret' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Current password is incorrect');
    const fresh = createCaller(createContextInner({ deps: testDeps({ database }) }));
    await expect(fresh.auth.login({ email: user.email, password: TEST_PASSWORD })).resolves.toBeTruthy();
  });

  it('applies the password rules to the new password', async () => {
    const { caller } = await createTestCaller({ database, user: await createUser(database.db) });
    expect(
      (await errorOf(caller.user.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'short' }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      (await errorOf(caller.user.changePassword({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }))).code,
    ).toBe('BAD_REQUEST');
  });
});

describe('user.delete', () => {
  it('removes the user with their sessions and settings, and clears the cookie', async () => {
    const user = await createUser(database.db);
    const { caller, cookies } = await createTestCaller({ database, user });
    await expect(caller.user.delete({ password: TEST_PASSWORD })).resolves.toEqual({ message: 'Account deleted' });
    expect(cookies.token).toBeUndefined();
    expect(await database.db.select().from(users).where(eq(users.id, user.id))).toEqual([]);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await database.db.select().from(reportSettings).where(eq(reportSettings.userId, user.id))).toEqual([]);
    expect((await errorOf(caller.user.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses a wrong password and keeps the account', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    expect((await errorOf(caller.user.delete({ password: 'not it' }))).code).toBe('BAD_REQUEST');
    await expect(caller.user.me()).resolves.toMatchObject({ id: user.id });
  });

  it('throttles password guesses made with a stolen access token', async () => {
    const env = testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '2' });
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user, env });
    await errorOf(caller.user.delete({ password: 'guess1' }));
    await errorOf(caller.user.delete({ password: 'guess2' }));
    expect((await errorOf(caller.user.delete({ password: TEST_PASSWORD }))).code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('user.update profilePicture', () => {
  it.each(['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', '//evil.example/x.png'])(
    'refuses %s and keeps the picture it had',
    async (url) => {
      const user = await createUser(database.db);
      const { caller } = await createTestCaller({ database, user });
      await caller.user.update({ profilePicture: 'https://cdn.example.com/before.png' });
      const error = await errorOf(caller.user.update({ profilePicture: url }));
      expect(error.code).toBe('BAD_REQUEST');
      expect((await caller.user.me()).profilePicture).toBe('https://cdn.example.com/before.png');
    },
  );
});
