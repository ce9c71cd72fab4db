import { AUTH_MESSAGES, TWO_FACTOR_MESSAGES, type User } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { twoFactorCredentials, twoFactorRecoveryCodes } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { challengeOf, sessionOf } from '../../test/auth';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { linkToken } from '../../test/smtp';
import { type AppDeps, createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { settleBackgroundTasks } from './background';
import { totpCodeAt } from './totp';

const database = useTestDatabase();

const STEP_SECONDS = 30;

function clientOf(deps: AppDeps, accessToken: string | null = null) {
  const cookies = createMemoryRefreshTokenStore();
  return { caller: createCaller(createContextInner({ deps, accessToken, refreshTokenStore: cookies })), cookies };
}

/** A user with two-factor sign-in turned on at the clock's time, which is then moved past that step. */
async function userWithTwoFactor(deps: AppDeps, clock: ManualClock) {
  const user = await createUser(deps.db, { now: clock.now() });
  const { caller } = await createTestCaller({ database, user, clock, rateLimits: deps.rateLimits, env: deps.env });
  const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
  const { recoveryCodes } = await caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) });
  clock.advanceSeconds(STEP_SECONDS);
  return { user, secret, recoveryCodes, caller };
}

async function challengeFor(deps: AppDeps, user: User) {
  return challengeOf(await clientOf(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD }));
}

describe('user.twoFactor.setup', () => {
  it('returns a base32 secret, its otpauth URI and a QR image, and stores the secret encrypted', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    const setup = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/FinAIlytics:${user.email}`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'FinAIlytics',
      secret: setup.secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const [row] = await database.db
      .select({ stored: twoFactorCredentials.secretEncrypted, enabledAt: twoFactorCredentials.enabledAt })
      .from(twoFactorCredentials)
      .where(eq(twoFactorCredentials.userId, user.id));
    expect(row?.stored).not.toContain(setup.secret);
    expect(row?.enabledAt).toBeNull();
    expect(await caller.user.twoFactor.status()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
  });

  it('asks for the password', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    const error = await errorOf(caller.user.twoFactor.setup({ password: 'not my password' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(AUTH_MESSAGES.wrongPassword);
  });

  it('refuses to replace the secret once two-factor sign-in is on', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { caller } = await userWithTwoFactor(deps, clock);
    const error = await errorOf(caller.user.twoFactor.setup({ password: TEST_PASSWORD }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.alreadyEnabled);
  });
});

describe('user.twoFactor.enable', () => {
  it('turns two-factor sign-in on with a current code and returns ten one-time recovery codes', async () => {
    const clock = new ManualClock('2026-04-02T10:00:00Z');
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user, clock });
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    const { recoveryCodes } = await caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(await caller.user.twoFactor.status()).toEqual({
      enabled: true,
      enabledAt: '2026-04-02T10:00:00.000Z',
      recoveryCodesLeft: 10,
    });
    const stored = await database.db
      .select({ hash: twoFactorRecoveryCodes.codeHash })
      .from(twoFactorRecoveryCodes)
      .where(eq(twoFactorRecoveryCodes.userId, user.id));
    const hashes = stored.map((row) => row.hash).join(' ');
    for (const code of recoveryCodes) {
      expect(hashes).not.toContain(code);
      expect(hashes).not.toContain(code.replace('-', ''));
    }
  });

  it('refuses a wrong code and stays off', async () => {
    const clock = new ManualClock();
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user, clock });
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    const wrong = totpCodeAt(secret, new Date(clock.now().getTime() + 10 * STEP_SECONDS * 1000));
    const error = await errorOf(caller.user.twoFactor.enable({ code: wrong }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);
    expect((await caller.user.twoFactor.status()).enabled).toBe(false);
  });

  it('asks for setup first', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    const error = await errorOf(caller.user.twoFactor.enable({ code: '123456' }));
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.setupFirst);
  });
});

describe('security notices', () => {
  it('e-mail the owner when two-factor sign-in is turned on and off', async () => {
    const clock = new ManualClock('2026-04-02T10:00:00Z');
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, clock, mailer });
    const user = await createUser(deps.db);
    const { caller } = await createTestCaller({ database, user, clock, mailer });
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    await caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) });
    clock.advanceSeconds(STEP_SECONDS);
    await caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: totpCodeAt(secret, clock.now()) });
    await settleBackgroundTasks();
    expect(mailer.messages.filter((sent) => sent.to === user.email).map((sent) => sent.subject)).toEqual([
      'Two-factor sign-in is on for your FinAIlytics account',
      'Two-factor sign-in is off for your FinAIlytics account',
    ]);
    expect(mailer.messages[0]?.text).toContain('When: 2026-04-02 10:00 UTC.');
  });
});

describe('auth.login with two-factor sign-in on', () => {
  it('answers with a five-minute challenge instead of tokens, and sets no cookie', async () => {
    const clock = new ManualClock('2026-04-02T10:00:00Z');
    const deps = testDeps({ database, clock });
    const { user } = await userWithTwoFactor(deps, clock);
    const { caller, cookies } = clientOf(deps);
    const result = await caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    expect(result).toEqual({
      message: TWO_FACTOR_MESSAGES.codeRequired,
      twoFactorRequired: true,
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: '2026-04-02T10:05:30.000Z',
    });
    expect(cookies.token).toBeUndefined();
  });

  it('still refuses a wrong password with the usual answer', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user } = await userWithTwoFactor(deps, clock);
    const error = await errorOf(clientOf(deps).caller.auth.login({ email: user.email, password: 'wrong password' }));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe(AUTH_MESSAGES.invalidCredentials);
  });
});

describe('auth.verifyTwoFactor', () => {
  it('completes the sign-in with a code from the app: session, cookie and a working access token', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const { challenge } = await challengeFor(deps, user);
    const { caller, cookies } = clientOf(deps);
    const login = await caller.auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) });
    expect(login).toMatchObject({ message: AUTH_MESSAGES.loggedIn, twoFactorRequired: false, user: { id: user.id } });
    expect(cookies.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await clientOf(deps, login.accessToken).caller.user.me()).id).toBe(user.id);
  });

  it('accepts a code once: the same code cannot sign in again within its window', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const code = totpCodeAt(secret, clock.now());
    await clientOf(deps).caller.auth.verifyTwoFactor({ challenge: (await challengeFor(deps, user)).challenge, code });
    clock.advanceSeconds(5);
    const replay = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({ challenge: (await challengeFor(deps, user)).challenge, code }),
    );
    expect(replay.code).toBe('UNAUTHORIZED');
    expect(replay.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);
  });

  it('refuses a code of an earlier step once a later one was used', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const earlier = totpCodeAt(secret, clock.now());
    clock.advanceSeconds(STEP_SECONDS);
    const later = totpCodeAt(secret, clock.now());
    await clientOf(deps).caller.auth.verifyTwoFactor({
      challenge: (await challengeFor(deps, user)).challenge,
      code: later,
    });
    // `earlier` is still inside the ±1 step drift window, but older than the last accepted step.
    const error = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, user)).challenge,
        code: earlier,
      }),
    );
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);
  });

  it('allows one step of clock drift either way, and no more', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const at = (steps: number) => totpCodeAt(secret, new Date(clock.now().getTime() + steps * STEP_SECONDS * 1000));
    const tooFar = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, user)).challenge,
        code: at(2),
      }),
    );
    expect(tooFar.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);
    await expect(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, user)).challenge,
        code: at(1),
      }),
    ).resolves.toMatchObject({ twoFactorRequired: false });
  });

  it('refuses a challenge after five minutes', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const { challenge } = await challengeFor(deps, user);
    clock.advanceSeconds(300);
    const error = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) }),
    );
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.challengeExpired);
  });

  it('accepts a challenge once', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const { challenge } = await challengeFor(deps, user);
    await clientOf(deps).caller.auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) });
    clock.advanceSeconds(STEP_SECONDS);
    const error = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) }),
    );
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.challengeExpired);
  });

  it('accepts each recovery code once, in any case and with or without the dash', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, recoveryCodes, caller } = await userWithTwoFactor(deps, clock);
    const [first = ''] = recoveryCodes;
    const typed = first.replace('-', ' ').toLowerCase();
    await expect(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, user)).challenge,
        recoveryCode: typed,
      }),
    ).resolves.toMatchObject({ twoFactorRequired: false });
    const again = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, user)).challenge,
        recoveryCode: first,
      }),
    );
    expect(again.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);
    expect((await caller.user.twoFactor.status()).recoveryCodesLeft).toBe(9);
  });

  it("refuses another user's recovery code", async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const alice = await userWithTwoFactor(deps, clock);
    const bob = await userWithTwoFactor(deps, clock);
    const error = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, alice.user)).challenge,
        recoveryCode: bob.recoveryCodes[0] ?? '',
      }),
    );
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);
  });

  it('wants exactly one of code and recoveryCode', async () => {
    const { caller } = clientOf(testDeps({ database }));
    for (const input of [
      { challenge: 'F'.repeat(43) },
      { challenge: 'F'.repeat(43), code: '123456', recoveryCode: 'ABCDE-12345' },
    ]) {
      expect((await errorOf(caller.auth.verifyTwoFactor(input))).code).toBe('BAD_REQUEST');
    }
  });

  it('allows TWO_FACTOR_MAX_FAILURES_PER_USER wrong codes per user, across challenges', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_MAX_FAILURES_PER_USER: '3' }) });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    for (let i = 0; i < 3; i++) {
      const error = await errorOf(
        clientOf(deps).caller.auth.verifyTwoFactor({
          challenge: (await challengeFor(deps, user)).challenge,
          code: '000000',
        }),
      );
      expect(error.code).toBe('UNAUTHORIZED');
    }
    const blocked = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, user)).challenge,
        code: totpCodeAt(secret, clock.now()),
      }),
    );
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
  });

  it('allows five attempts per challenge', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_MAX_FAILURES_PER_USER: '100' }) });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const { challenge } = await challengeFor(deps, user);
    const { caller } = clientOf(deps);
    for (let i = 0; i < 5; i++) {
      expect((await errorOf(caller.auth.verifyTwoFactor({ challenge, code: '000000' }))).message).toBe(
        TWO_FACTOR_MESSAGES.invalidCode,
      );
    }
    const spent = await errorOf(caller.auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) }));
    expect(spent.message).toBe(TWO_FACTOR_MESSAGES.challengeExpired);
  });

  it('lets at most one of many parallel attempts with the right code through', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_MAX_FAILURES_PER_USER: '100' }) });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const code = totpCodeAt(secret, clock.now());
    const challenges = await Promise.all(Array.from({ length: 4 }, () => challengeFor(deps, user)));
    const results = await Promise.allSettled(
      challenges.map(({ challenge }) => clientOf(deps).caller.auth.verifyTwoFactor({ challenge, code })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('user.twoFactor.regenerateRecoveryCodes', () => {
  it('replaces every recovery code with ten new ones, given a current code', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret, recoveryCodes: old, caller } = await userWithTwoFactor(deps, clock);
    await clientOf(deps).caller.auth.verifyTwoFactor({
      challenge: (await challengeFor(deps, user)).challenge,
      recoveryCode: old[0] ?? '',
    });
    expect((await caller.user.twoFactor.status()).recoveryCodesLeft).toBe(9);
    const wrong = await errorOf(caller.user.twoFactor.regenerateRecoveryCodes({ code: '000000' }));
    expect(wrong.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);

    const { recoveryCodes } = await caller.user.twoFactor.regenerateRecoveryCodes({
      code: totpCodeAt(secret, clock.now()),
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.filter((code) => old.includes(code))).toEqual([]);
    expect((await caller.user.twoFactor.status()).recoveryCodesLeft).toBe(10);
    const stale = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, user)).challenge,
        recoveryCode: old[1] ?? '',
      }),
    );
    expect(stale.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);
    await expect(
      clientOf(deps).caller.auth.verifyTwoFactor({
        challenge: (await challengeFor(deps, user)).challenge,
        recoveryCode: recoveryCodes[0] ?? '',
      }),
    ).resolves.toMatchObject({ twoFactorRequired: false });
  });
});

describe('user.twoFactor.disable', () => {
  it('needs the password and a current code, then sign-in asks for the password only', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret, caller } = await userWithTwoFactor(deps, clock);
    const wrongPassword = await errorOf(
      caller.user.twoFactor.disable({ password: 'nope', code: totpCodeAt(secret, clock.now()) }),
    );
    expect(wrongPassword.message).toBe(AUTH_MESSAGES.wrongPassword);
    const wrongCode = await errorOf(caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: '000000' }));
    expect(wrongCode.message).toBe(TWO_FACTOR_MESSAGES.invalidCode);
    expect((await caller.user.twoFactor.status()).enabled).toBe(true);

    await expect(
      caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: totpCodeAt(secret, clock.now()) }),
    ).resolves.toEqual({ message: 'Two-factor sign-in is off' });
    expect(await caller.user.twoFactor.status()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    const login = sessionOf(await clientOf(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD }));
    expect(login.user.id).toBe(user.id);
  });

  it('accepts a recovery code instead of a code, for a lost phone', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { recoveryCodes, caller } = await userWithTwoFactor(deps, clock);
    await caller.user.twoFactor.disable({ password: TEST_PASSWORD, recoveryCode: recoveryCodes[3] ?? '' });
    expect((await caller.user.twoFactor.status()).enabled).toBe(false);
  });

  it('ends a pending sign-in challenge', async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { user, secret, caller } = await userWithTwoFactor(deps, clock);
    const { challenge } = await challengeFor(deps, user);
    await caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: totpCodeAt(secret, clock.now()) });
    clock.advanceSeconds(STEP_SECONDS);
    const error = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) }),
    );
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.challengeExpired);
  });
});

describe('two-factor sign-in and password reset', () => {
  it('ends pending challenges on reset, and still asks for the second factor afterwards', async () => {
    const clock = new ManualClock();
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, clock, mailer });
    const { user, secret } = await userWithTwoFactor(deps, clock);
    const { challenge } = await challengeFor(deps, user);
    await clientOf(deps).caller.auth.requestPasswordReset({ email: user.email });
    await settleBackgroundTasks();
    const message = mailer.messages.find((sent) => sent.to === user.email);
    const token = linkToken(message && { ...message, from: '', recipients: [], raw: '' }, 'reset-password');
    await clientOf(deps).caller.auth.resetPassword({ token, newPassword: 'saffron meadow 31' });
    const error = await errorOf(
      clientOf(deps).caller.auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) }),
    );
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.challengeExpired);
    const after = await clientOf(deps).caller.auth.login({ email: user.email, password: 'saffron meadow 31' });
    expect(after.twoFactorRequired).toBe(true);
  });
});
