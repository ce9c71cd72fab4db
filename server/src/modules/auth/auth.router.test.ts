import { AUTH_MESSAGES } from '@finailytics/shared';
import bcrypt from 'bcrypt';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { reportSettings, sessions, users } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf, retryAfter, zodIssues, zodMessages } from '../../test/errors';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../../test/factories';
import { type AppDeps, createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { pruneEndedSessions } from './prune.job';

const database = useTestDatabase();

/** A client of its own (own cookie jar) sharing the app's dependencies, as a second browser tab would. */
function clientWith(deps: AppDeps, options: { refreshToken?: string; accessToken?: string; origin?: string } = {}) {
  const cookies = createMemoryRefreshTokenStore(options.refreshToken);
  const ctx = createContextInner({
    deps,
    accessToken: options.accessToken ?? null,
    request: { origin: options.origin ?? null, serverOrigin: 'http://127.0.0.1:8000' },
    refreshTokenStore: cookies,
  });
  return { caller: createCaller(ctx), cookies };
}

/** auth.login's answer when it started a session (no second factor asked for). */
function sessionOf<T extends { twoFactorRequired: boolean }>(result: T): Extract<T, { twoFactorRequired: false }> {
  if (result.twoFactorRequired) throw new Error('expected a session, got a two-factor challenge');
  return result as Extract<T, { twoFactorRequired: false }>;
}

async function signedIn(deps: AppDeps, email?: string) {
  const user = await createUser(deps.db, email ? { email } : {});
  const client = clientWith(deps);
  const login = sessionOf(await client.caller.auth.login({ email: user.email, password: TEST_PASSWORD }));
  return { user, login, ...client };
}

describe('auth.register', () => {
  it('creates the user with the seed response shape and no password hash', async () => {
    const { caller } = await createTestCaller({ database });
    const email = uniqueEmail('register');
    const result = await caller.auth.register({
      name: '  John Doe ',
      email: email.toUpperCase(),
      password: 'plum orchard 42',
    });
    expect(result.message).toBe('User registered successfully');
    expect(result.data.user).toMatchObject({
      name: 'John Doe',
      email,
      profilePicture: null,
      timezone: 'UTC',
      currency: 'USD',
    });
    expect(Object.keys(result.data.user).sort()).toEqual(
      [
        'createdAt',
        'currency',
        'email',
        'emailVerified',
        'id',
        'name',
        'profilePicture',
        'timezone',
        'updatedAt',
      ].sort(),
    );
    const [row] = await database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, email));
    expect(row?.hash).toMatch(/^\$2b\$04\$/);
  });

  it('creates the default report setting: monthly, enabled, first day of next month in the user zone', async () => {
    const clock = new ManualClock('2026-03-31T23:30:00Z');
    const { caller } = await createTestCaller({ database, clock });
    const { data } = await caller.auth.register({
      name: 'Kiri',
      email: uniqueEmail(),
      password: 'plum orchard 42',
      timezone: 'Pacific/Kiritimati',
    });
    const [setting] = await database.db.select().from(reportSettings).where(eq(reportSettings.userId, data.user.id));
    // 23:30 UTC on 31 March is already 1 April in UTC+14, so the next report is on 1 May.
    expect(setting).toMatchObject({ frequency: 'MONTHLY', isEnabled: true, nextReportDate: '2026-05-01' });
  });

  it('refuses a second account for the same address in any case', async () => {
    const { caller } = await createTestCaller({ database });
    const email = uniqueEmail('dup');
    await caller.auth.register({ name: 'A', email, password: 'plum orchard 42' });
    const error = await errorOf(
      caller.auth.register({ name: 'B', email: ` ${email.toUpperCase()} `, password: 'plum orchard 42' }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(AUTH_MESSAGES.userExists);
  });

  it('gives one account to two concurrent sign-ups of one address', async () => {
    const { caller } = await createTestCaller({ database });
    const email = uniqueEmail('race');
    const results = await Promise.allSettled([
      caller.auth.register({ name: 'A', email, password: 'plum orchard 42' }),
      caller.auth.register({ name: 'B', email, password: 'plum orchard 42' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [count] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.email, email));
    expect(count?.n).toBe(1);
  });

  it('answers invalid input with BAD_REQUEST and the field errors', async () => {
    const { caller } = await createTestCaller({ database });
    const error = await errorOf(caller.auth.register({ name: '', email: 'nope', password: 'short' }));
    expect(error.code).toBe('BAD_REQUEST');
    const fields = zodIssues(error)
      .map((issue) => String(issue.path[0]))
      .sort();
    expect(fields).toEqual(['email', 'name', 'password']);
  });

  it('refuses a password over 72 bytes rather than truncating it', async () => {
    const { caller } = await createTestCaller({ database });
    const error = await errorOf(caller.auth.register({ name: 'A', email: uniqueEmail(), password: 'ä'.repeat(37) }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(zodMessages(error)).toEqual(['Password must be at most 72 bytes']);
  });

  it('follows PASSWORD_MIN_LENGTH', async () => {
    const strict = await createTestCaller({ database, env: testEnv({ PASSWORD_MIN_LENGTH: '12' }) });
    const error = await errorOf(
      strict.caller.auth.register({ name: 'A', email: uniqueEmail(), password: 'elevenchars' }),
    );
    expect(zodMessages(error)).toEqual(['Password must be at least 12 characters']);
    const seedLike = await createTestCaller({ database, env: testEnv({ PASSWORD_MIN_LENGTH: '4' }) });
    await expect(
      seedLike.caller.auth.register({ name: 'A', email: uniqueEmail(), password: 'abcd' }),
    ).resolves.toBeTruthy();
  });

  it('leaves no user behind when creating the report setting fails', async () => {
    await database.db.execute(sql`
      create or replace function refuse_doomed_setting() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from users where id = new.user_id and email like 'doomed-%') then
          raise exception 'report setting refused';
        end if;
        return new;
      end $$`);
    await database.db.execute(sql`
      create or replace trigger refuse_doomed_setting before insert on report_settings
      for each row execute function refuse_doomed_setting()`);
    const { caller } = await createTestCaller({ database });
    const email = uniqueEmail('doomed');
    const error = await errorOf(caller.auth.register({ name: 'A', email, password: 'plum orchard 42' }));
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    const rows = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    expect(rows).toEqual([]);
  });

  it('allows at most SIGNUP_MAX_PER_IP sign-ups per IP', async () => {
    const env = testEnv({ SIGNUP_MAX_PER_IP: '2' });
    const { caller } = await createTestCaller({ database, env, request: { ip: '203.0.113.7' } });
    await caller.auth.register({ name: 'A', email: uniqueEmail(), password: 'plum orchard 42' });
    await caller.auth.register({ name: 'B', email: uniqueEmail(), password: 'plum orchard 42' });
    const error = await errorOf(caller.auth.register({ name: 'C', email: uniqueEmail(), password: 'plum orchard 42' }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(retryAfter(error)).toBeGreaterThan(3500);
  });
});

describe('auth.login', () => {
  it('returns the user, an access token, its expiry and the report setting, and sets the refresh cookie', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const deps = testDeps({ database, clock });
    const { user, login, cookies } = await signedIn(deps);
    expect(login.message).toBe('User logged in successfully');
    expect(login.user).toEqual(user);
    expect(login.expiresAt).toBe('2026-06-01T10:15:00.000Z');
    expect(login.reportSetting).toMatchObject({ frequency: 'MONTHLY', isEnabled: true });
    expect(Object.keys(login.reportSetting ?? {}).sort()).toEqual(['frequency', 'id', 'isEnabled']);
    expect(cookies.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(login)).not.toContain(cookies.token);
    const me = await clientWith(deps, { accessToken: login.accessToken }).caller.user.me();
    expect(me.id).toBe(user.id);
  });

  it('matches the e-mail case-insensitively', async () => {
    const deps = testDeps({ database });
    const user = await createUser(deps.db);
    const result = sessionOf(
      await clientWith(deps).caller.auth.login({ email: user.email.toUpperCase(), password: TEST_PASSWORD }),
    );
    expect(result.user.id).toBe(user.id);
  });

  it('gives unknown e-mail and wrong password the same answer', async () => {
    const deps = testDeps({ database });
    const user = await createUser(deps.db);
    const { caller } = clientWith(deps);
    const wrongPassword = await errorOf(caller.auth.login({ email: user.email, password: 'wrong-password' }));
    const unknownEmail = await errorOf(caller.auth.login({ email: uniqueEmail('ghost'), password: 'wrong-password' }));
    for (const error of [wrongPassword, unknownEmail]) {
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.message).toBe('Email/password not found');
    }
  });

  it('spends the same bcrypt work on an unknown e-mail as on a wrong password', async () => {
    const env = testEnv({ BCRYPT_ROUNDS: '10' });
    const deps = testDeps({ database, env });
    const user = await createUser(deps.db);
    const { caller } = clientWith(deps);
    // Warm the dummy hash, then time several attempts of each kind.
    await errorOf(caller.auth.login({ email: uniqueEmail(), password: 'x' }));
    // user's own hash is cost 4; re-hash at 10 so both paths compare at the configured cost.
    const hash = await bcrypt.hash(TEST_PASSWORD, 10);
    await database.db.update(users).set({ passwordHash: hash }).where(eq(users.id, user.id));
    const timeOne = async (email: string) => {
      const started = performance.now();
      await errorOf(caller.auth.login({ email, password: 'wrong-password' }));
      return performance.now() - started;
    };
    // Interleaved, so a burst of load on the machine affects both kinds alike.
    let wrong = 0;
    let unknown = 0;
    for (let i = 0; i < 4; i++) {
      wrong += await timeOne(user.email);
      unknown += await timeOne(uniqueEmail('ghost'));
    }
    expect(unknown / wrong).toBeGreaterThan(0.5);
    expect(unknown / wrong).toBeLessThan(2);
  });

  it('throttles after LOGIN_MAX_FAILURES_PER_EMAIL failures for one (IP, email), with a retry time', async () => {
    const deps = testDeps({ database, env: testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '3' }) });
    const user = await createUser(deps.db);
    const { caller } = clientWith(deps);
    for (let i = 0; i < 3; i++) {
      expect((await errorOf(caller.auth.login({ email: user.email, password: 'nope' }))).code).toBe('UNAUTHORIZED');
    }
    const blocked = await errorOf(caller.auth.login({ email: user.email, password: TEST_PASSWORD }));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
    expect(retryAfter(blocked)).toBeGreaterThan(800);
    // Another address from the same IP is not blocked by this counter.
    const other = await createUser(deps.db);
    await expect(caller.auth.login({ email: other.email, password: TEST_PASSWORD })).resolves.toBeTruthy();
  });

  it('counts parallel guesses too: no more than the limit ever reach the password check', async () => {
    const deps = testDeps({ database, env: testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '5' }) });
    const user = await createUser(deps.db);
    const { caller } = clientWith(deps);
    const passwordChecks = vi.spyOn(bcrypt, 'compare');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => errorOf(caller.auth.login({ email: user.email, password: 'guess' }))),
    );
    expect(passwordChecks).toHaveBeenCalledTimes(5);
    passwordChecks.mockRestore();
    expect(results.filter((e) => e.code === 'UNAUTHORIZED')).toHaveLength(5);
    expect(results.filter((e) => e.code === 'TOO_MANY_REQUESTS')).toHaveLength(15);
  });

  it('resets the per-address counter after a successful sign-in', async () => {
    const deps = testDeps({ database, env: testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '3' }) });
    const user = await createUser(deps.db);
    const { caller } = clientWith(deps);
    await errorOf(caller.auth.login({ email: user.email, password: 'nope' }));
    await errorOf(caller.auth.login({ email: user.email, password: 'nope' }));
    await caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    await errorOf(caller.auth.login({ email: user.email, password: 'nope' }));
    await errorOf(caller.auth.login({ email: user.email, password: 'nope' }));
    await expect(caller.auth.login({ email: user.email, password: TEST_PASSWORD })).resolves.toBeTruthy();
  });

  it('throttles password spraying: LOGIN_MAX_FAILURES_PER_IP failures across addresses', async () => {
    const deps = testDeps({ database, env: testEnv({ LOGIN_MAX_FAILURES_PER_IP: '4' }) });
    const { caller } = clientWith(deps);
    for (let i = 0; i < 4; i++)
      await errorOf(caller.auth.login({ email: uniqueEmail('spray'), password: 'Summer2026!' }));
    const blocked = await errorOf(caller.auth.login({ email: uniqueEmail('spray'), password: 'Summer2026!' }));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('auth.refresh', () => {
  it('rotates the refresh token and issues a new access token', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const deps = testDeps({ database, clock });
    const { user, cookies, caller } = await signedIn(deps);
    const first = cookies.token;
    clock.advanceSeconds(60);
    const refreshed = await caller.auth.refresh();
    expect(refreshed.expiresAt).toBe('2026-06-01T10:16:00.000Z');
    expect(Object.keys(refreshed).sort()).toEqual(['accessToken', 'expiresAt']);
    expect(cookies.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookies.token).not.toBe(first);
    const me = await clientWith(deps, { accessToken: refreshed.accessToken }).caller.user.me();
    expect(me.id).toBe(user.id);
  });

  it('gives two tabs refreshing with one token the same new token (no fork)', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { cookies } = await signedIn(deps);
    const tabA = clientWith(deps, { refreshToken: cookies.token });
    const tabB = clientWith(deps, { refreshToken: cookies.token });
    const [a, b] = await Promise.all([tabA.caller.auth.refresh(), tabB.caller.auth.refresh()]);
    expect(tabA.cookies.token).toBe(tabB.cookies.token);
    expect(a.accessToken).toBeTruthy();
    expect(b.accessToken).toBeTruthy();
    // Both tabs go on with the shared child.
    await expect(tabB.caller.auth.refresh()).resolves.toBeTruthy();
  });

  it('accepts the immediate parent again inside the grace window and returns the current child', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { cookies, caller } = await signedIn(deps);
    const parent = cookies.token as string;
    await caller.auth.refresh();
    const child = cookies.token;
    clock.advanceSeconds(9);
    const late = clientWith(deps, { refreshToken: parent });
    await late.caller.auth.refresh();
    expect(late.cookies.token).toBe(child);
  });

  it('revokes the whole session when a rotated token is replayed after the grace window', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { cookies, caller, login } = await signedIn(deps);
    const stolen = cookies.token as string;
    await caller.auth.refresh();
    clock.advanceSeconds(11);
    const thief = clientWith(deps, { refreshToken: stolen });
    const error = await errorOf(thief.caller.auth.refresh());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(thief.cookies.token).toBeUndefined();
    // The legitimate holder's current token and access token are dead too.
    expect((await errorOf(caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    const me = clientWith(deps, { accessToken: login.accessToken }).caller.user.me();
    expect((await errorOf(me)).code).toBe('UNAUTHORIZED');
  });

  it('revokes the session when the grandparent is replayed, even inside the grace window', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { cookies, caller } = await signedIn(deps);
    const grandparent = cookies.token as string;
    await caller.auth.refresh();
    await caller.auth.refresh();
    const error = await errorOf(clientWith(deps, { refreshToken: grandparent }).caller.auth.refresh());
    expect(error.code).toBe('UNAUTHORIZED');
    expect((await errorOf(caller.auth.refresh())).code).toBe('UNAUTHORIZED');
  });

  it('ends at the absolute session lifetime, however often it was rotated', async () => {
    const clock = new ManualClock('2026-06-01T00:00:00Z');
    const deps = testDeps({ database, clock });
    const { caller, cookies } = await signedIn(deps);
    for (let day = 0; day < 6; day++) {
      clock.advanceSeconds(86_400);
      await caller.auth.refresh();
    }
    clock.advanceSeconds(86_400 + 1);
    const error = await errorOf(caller.auth.refresh());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(cookies.token).toBeUndefined();
  });

  it('refuses a missing, malformed or unknown token and clears the cookie', async () => {
    const deps = testDeps({ database });
    for (const token of [undefined, 'not-a-token', 'A'.repeat(43)]) {
      const client = clientWith(deps, token === undefined ? {} : { refreshToken: token });
      const error = await errorOf(client.caller.auth.refresh());
      expect(error.code).toBe('UNAUTHORIZED');
      expect(client.cookies.token).toBeUndefined();
    }
  });

  it('refuses a foreign Origin but accepts the front-end and the server itself', async () => {
    const deps = testDeps({ database });
    const { cookies } = await signedIn(deps);
    const foreign = clientWith(deps, { refreshToken: cookies.token, origin: 'https://evil.example' });
    const error = await errorOf(foreign.caller.auth.refresh());
    expect(error.code).toBe('FORBIDDEN');
    expect(foreign.cookies.token).toBe(cookies.token);
    const front = clientWith(deps, { refreshToken: cookies.token, origin: 'http://localhost:5173' });
    await front.caller.auth.refresh();
    const self = clientWith(deps, { refreshToken: front.cookies.token, origin: 'http://127.0.0.1:8000' });
    await expect(self.caller.auth.refresh()).resolves.toBeTruthy();
  });
});

describe('auth.logout', () => {
  it('revokes the session server-side and clears the cookie', async () => {
    const deps = testDeps({ database });
    const { cookies, caller, login } = await signedIn(deps);
    const token = cookies.token;
    await expect(caller.auth.logout()).resolves.toEqual({ message: 'Logged out' });
    expect(cookies.token).toBeUndefined();
    const replay = clientWith(deps, { refreshToken: token });
    expect((await errorOf(replay.caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    expect((await errorOf(clientWith(deps, { accessToken: login.accessToken }).caller.user.me())).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('succeeds without a cookie', async () => {
    const deps = testDeps({ database });
    await expect(clientWith(deps).caller.auth.logout()).resolves.toEqual({ message: 'Logged out' });
  });
});

describe('auth.logoutAll', () => {
  it('revokes every session of the user and no one else', async () => {
    const deps = testDeps({ database });
    const user = await createUser(deps.db);
    const phone = clientWith(deps);
    const laptop = clientWith(deps);
    const phoneLogin = sessionOf(await phone.caller.auth.login({ email: user.email, password: TEST_PASSWORD }));
    await laptop.caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    const stranger = await signedIn(deps);

    const authed = clientWith(deps, { accessToken: phoneLogin.accessToken, refreshToken: phone.cookies.token });
    expect(await authed.caller.auth.logoutAll()).toEqual({ message: 'Signed out everywhere', revokedCount: 2 });
    expect(authed.cookies.token).toBeUndefined();
    expect((await errorOf(laptop.caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    await expect(stranger.caller.auth.refresh()).resolves.toBeTruthy();
  });

  it('requires an access token', async () => {
    const deps = testDeps({ database });
    expect((await errorOf(clientWith(deps).caller.auth.logoutAll())).code).toBe('UNAUTHORIZED');
  });
});

describe('auth.sessions and auth.revokeSession', () => {
  it('lists active sessions with the current one flagged', async () => {
    const deps = testDeps({ database });
    const user = await createUser(deps.db);
    const other = clientWith(deps);
    await other.caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    const { caller, sessionId } = await createTestCaller({ database, user, request: { ip: '198.51.100.4' } });
    const list = await caller.auth.sessions();
    expect(list).toHaveLength(2);
    const current = list.find((s) => s.current);
    expect(current).toMatchObject({ id: sessionId, userAgent: 'vitest', ip: '198.51.100.4' });
    expect(list.filter((s) => !s.current)).toHaveLength(1);
    expect(Object.keys(current ?? {}).sort()).toEqual([
      'createdAt',
      'current',
      'expiresAt',
      'id',
      'ip',
      'lastUsedAt',
      'userAgent',
    ]);
  });

  it('revokes one session of the caller', async () => {
    const deps = testDeps({ database });
    const user = await createUser(deps.db);
    const other = clientWith(deps);
    await other.caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    const { caller, cookies } = await createTestCaller({ database, user });
    const ownCookie = cookies.token;
    const target = (await caller.auth.sessions()).find((s) => !s.current);
    expect(await caller.auth.revokeSession({ sessionId: target?.id ?? '' })).toEqual({ message: 'Session revoked' });
    expect((await errorOf(other.caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    expect(await caller.auth.sessions()).toHaveLength(1);
    // Ending another device's session leaves this browser signed in.
    expect(cookies.token).toBe(ownCookie);
    await expect(caller.auth.refresh()).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it("answers NOT_FOUND for another user's session and leaves it alone", async () => {
    const deps = testDeps({ database });
    const victim = await signedIn(deps);
    const [victimSession] = await database.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.userId, victim.user.id));
    const attacker = await createTestCaller({ database, user: await createUser(deps.db) });
    const error = await errorOf(attacker.caller.auth.revokeSession({ sessionId: victimSession?.id ?? '' }));
    expect(error.code).toBe('NOT_FOUND');
    await expect(victim.caller.auth.refresh()).resolves.toBeTruthy();
  });

  it('clears the cookie when the current session is revoked', async () => {
    const user = await createUser(database.db);
    const { caller, sessionId, cookies } = await createTestCaller({ database, user });
    await caller.auth.revokeSession({ sessionId: sessionId ?? '' });
    expect(cookies.token).toBeUndefined();
    expect((await errorOf(caller.user.me())).code).toBe('UNAUTHORIZED');
  });
});

describe('pruneEndedSessions', () => {
  it('deletes sessions that ended over 30 days ago and keeps live and recently ended ones', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const deps = testDeps({ database, clock });
    const old = await signedIn(deps);
    await old.caller.auth.logout();
    clock.advanceSeconds(20 * 86_400);
    const recent = await signedIn(deps);
    await recent.caller.auth.logout();
    const expired = await signedIn(deps);
    clock.advanceSeconds(11 * 86_400);
    // The third session expired 4 days ago: ended, but recently enough to be kept.
    await pruneEndedSessions(deps);
    const remaining = async (userId: string) =>
      (await database.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))).length;
    expect(await remaining(old.user.id)).toBe(0);
    expect(await remaining(recent.user.id)).toBe(1);
    expect(await remaining(expired.user.id)).toBe(1);
  });
});

describe('input bcrypt and the users table can hold exactly', () => {
  it('refuses an address that outgrows 255 characters under NFKC with 400, before anything is hashed or stored', async () => {
    const { caller } = await createTestCaller({ database });
    const email = `${'\uFDFA'.repeat(20)}@example.com`;
    const error = await errorOf(caller.auth.register({ name: 'Long', email, password: 'plum orchard 42' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Email must be at most 255 characters');
    const stored = await database.db
      .select()
      .from(users)
      .where(eq(users.email, email.normalize('NFKC')));
    expect(stored).toEqual([]);
  });

  it('refuses a sign-in password past 72 bytes instead of letting bcrypt ignore the rest', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database });
    const error = await errorOf(
      caller.auth.login({ email: user.email, password: `${TEST_PASSWORD}${'x'.repeat(72)}` }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(zodMessages(error)).toEqual(['Password must be at most 72 bytes']);
  });
});
