import { randomUUID } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, type Database } from '../../db/client';
import { testDeps } from '../../test/caller';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { TEST_PASSWORD } from '../../test/factories';
import { createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { findPasswordHash, findUserBySession, type UserRow } from '../user/user.repository';
import { hashPassword } from './password';
import { createOneTimeToken, createRefreshToken, signAccessToken } from './tokens';
import { takeChallengeAttempt } from './two-factor.repository';

/*
 * The database server is down: nothing listens on its port, so every query fails at once with
 * ECONNREFUSED. The API must say so (SERVICE_UNAVAILABLE), and an outage must neither sign anyone
 * out nor count against any throttle's allowance (sign-in, sign-up, links, second factor, resend, reports).
 */

/*
 * Some attempts only reach their throttle after a first query has succeeded: the session check of a
 * signed-in call, the password check before turning two-factor sign-in off, the challenge lookup of
 * the second sign-in step. These stand in for "that query answered just before the database went
 * away"; unless a test says otherwise they run the real query, which fails like every other.
 */
vi.mock('../user/user.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../user/user.repository')>();
  return {
    ...actual,
    findUserBySession: vi.fn(actual.findUserBySession),
    findPasswordHash: vi.fn(actual.findPasswordHash),
  };
});
vi.mock('./two-factor.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./two-factor.repository')>();
  return { ...actual, takeChallengeAttempt: vi.fn(actual.takeChallengeAttempt) };
});
afterEach(() => {
  vi.mocked(findUserBySession).mockReset();
  vi.mocked(findPasswordHash).mockReset();
  vi.mocked(takeChallengeAttempt).mockReset();
});

let database: Database;
beforeAll(async () => {
  database = await createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/unreachable' });
});
afterAll(async () => {
  await database.close();
});

/** Every throttle allows this many attempts per window. */
const LIMIT = 2;
const env = testEnv({
  LOGIN_MAX_FAILURES_PER_EMAIL: String(LIMIT),
  LOGIN_MAX_FAILURES_PER_IP: String(LIMIT),
  SIGNUP_MAX_PER_IP: String(LIMIT),
  TOKEN_MAX_FAILURES_PER_IP: String(LIMIT),
  VERIFICATION_RESEND_MAX_PER_USER: String(LIMIT),
  REPORT_SEND_MAX_PER_USER: String(LIMIT),
  TWO_FACTOR_MAX_FAILURES_PER_USER: String(LIMIT),
});

function client(options: { accessToken?: string; refreshToken?: string } = {}) {
  const deps = testDeps({ database, env });
  const cookies = createMemoryRefreshTokenStore(options.refreshToken);
  const caller = createCaller(
    createContextInner({ deps, accessToken: options.accessToken ?? null, refreshTokenStore: cookies }),
  );
  return { caller, cookies, deps };
}
type Caller = ReturnType<typeof client>['caller'];

describe('while the database is unreachable', () => {
  it('answers a signed-in call with SERVICE_UNAVAILABLE, not UNAUTHORIZED', async () => {
    const token = signAccessToken(env, { userId: randomUUID(), sid: randomUUID() }, new Date()).token;
    const error = await errorOf(client({ accessToken: token }).caller.user.me());
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe('The database is unavailable. Please retry shortly.');
  });

  it('keeps the refresh cookie when auth.refresh cannot reach the database', async () => {
    const refreshToken = createRefreshToken();
    const { caller, cookies } = client({ refreshToken });
    const error = await errorOf(caller.auth.refresh());
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(cookies.token).toBe(refreshToken);
  });

  it('does not count sign-ins it could not check against the allowance', async () => {
    const { caller, deps } = client();
    const email = `outage-${randomUUID()}@example.com`;
    // Twice the allowance: were they counted, the last ones would be TOO_MANY_REQUESTS.
    for (let attempt = 0; attempt < 4; attempt++) {
      const error = await errorOf(caller.auth.login({ email, password: TEST_PASSWORD }));
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect((await deps.rateLimits.loginPerEmail.get(`127.0.0.1|${email}`))?.consumedPoints ?? 0).toBe(0);
    expect((await deps.rateLimits.loginPerIp.get('127.0.0.1'))?.consumedPoints ?? 0).toBe(0);
  });

  it('does not count sign-ups it could not store against the allowance', async () => {
    const { caller, deps } = client();
    for (let attempt = 0; attempt < 4; attempt++) {
      const error = await errorOf(
        caller.auth.register({ name: 'Ada', email: `outage-${randomUUID()}@example.com`, password: TEST_PASSWORD }),
      );
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect((await deps.rateLimits.signupPerIp.get('127.0.0.1'))?.consumedPoints ?? 0).toBe(0);
  });

  describe('gives back the points of every other throttled attempt it could not act on', () => {
    const NEW_PASSWORD = 'an entirely new passphrase 42';

    /** A signed-in user whose session check answered just before the outage. */
    async function signedIn(options: { passwordHash?: string; emailVerified?: boolean } = {}) {
      const row: UserRow = {
        id: randomUUID(),
        name: 'Ada',
        email: `outage-${randomUUID()}@example.com`,
        emailVerifiedAt: options.emailVerified ? new Date() : null,
        profilePicture: null,
        timezone: 'UTC',
        currency: 'USD',
        createdAt: new Date(),
        updatedAt: new Date(),
      };
      vi.mocked(findUserBySession).mockResolvedValue(row);
      if (options.passwordHash) vi.mocked(findPasswordHash).mockResolvedValue(options.passwordHash);
      const accessToken = signAccessToken(env, { userId: row.id, sid: randomUUID() }, new Date()).token;
      return { ...client({ accessToken }), row };
    }

    /**
     * One call more than the allowance: had the calls the database could not act on been counted,
     * the last would be TOO_MANY_REQUESTS. Afterwards nothing is left on the counter.
     */
    async function expectUncounted(
      limiter: RateLimiterAbstract,
      key: string,
      call: () => Promise<unknown>,
    ): Promise<void> {
      const codes: string[] = [];
      for (let attempt = 0; attempt <= LIMIT; attempt++) codes.push((await errorOf(call())).code);
      expect(codes).toEqual(Array(LIMIT + 1).fill('SERVICE_UNAVAILABLE'));
      expect((await limiter.get(key))?.consumedPoints ?? 0).toBe(0);
    }

    it('auth.resetPassword: invalid-link throttle per IP', async () => {
      const { caller, deps } = client();
      await expectUncounted(deps.rateLimits.tokenFailuresPerIp, '127.0.0.1', () =>
        caller.auth.resetPassword({ token: createOneTimeToken(), newPassword: NEW_PASSWORD }),
      );
    });

    it('auth.verifyEmail: invalid-link throttle per IP', async () => {
      const { caller, deps } = client();
      await expectUncounted(deps.rateLimits.tokenFailuresPerIp, '127.0.0.1', () =>
        caller.auth.verifyEmail({ token: createOneTimeToken() }),
      );
    });

    it('auth.resendVerification: resend throttle per user', async () => {
      const { caller, deps, row } = await signedIn();
      await expectUncounted(deps.rateLimits.verificationResendPerUser, row.id, () => caller.auth.resendVerification());
    });

    it('report.sendNow: report e-mail throttle per user', async () => {
      const { caller, deps, row } = await signedIn({ emailVerified: true });
      await expectUncounted(deps.rateLimits.reportSendPerUser, row.id, () =>
        caller.report.sendNow({ preset: 'lastMonth' }),
      );
    });

    it.each([
      [
        'user.changePassword',
        (caller: Caller) => caller.user.changePassword({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
      ],
      ['user.delete', (caller: Caller) => caller.user.delete({ password: TEST_PASSWORD })],
      ['user.twoFactor.setup', (caller: Caller) => caller.user.twoFactor.setup({ password: TEST_PASSWORD })],
    ])('%s: password check, counted as a sign-in attempt per (IP, address)', async (_name, call) => {
      const { caller, deps, row } = await signedIn({ emailVerified: true });
      await expectUncounted(deps.rateLimits.loginPerEmail, `127.0.0.1|${row.email}`, () => call(caller));
    });

    it.each([
      ['user.twoFactor.enable', (caller: Caller) => caller.user.twoFactor.enable({ code: '123456' })],
      [
        'user.twoFactor.regenerateRecoveryCodes',
        (caller: Caller) => caller.user.twoFactor.regenerateRecoveryCodes({ code: '123456' }),
      ],
    ])('%s: second-factor throttle per user', async (_name, call) => {
      const { caller, deps, row } = await signedIn({ emailVerified: true });
      await expectUncounted(deps.rateLimits.twoFactorPerUser, row.id, () => call(caller));
    });

    it('user.twoFactor.disable: second-factor throttle per user, after a right password', async () => {
      const { caller, deps, row } = await signedIn({ passwordHash: await hashPassword(TEST_PASSWORD, 4) });
      await expectUncounted(deps.rateLimits.twoFactorPerUser, row.id, () =>
        caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: '123456' }),
      );
      // The right password forgot the (IP, address) failures, as sign-in does.
      expect((await deps.rateLimits.loginPerEmail.get(`127.0.0.1|${row.email}`))?.consumedPoints ?? 0).toBe(0);
    });

    it('auth.verifyTwoFactor: second-factor throttle per user', async () => {
      const { caller, deps } = client();
      const userId = randomUUID();
      vi.mocked(takeChallengeAttempt).mockResolvedValue({ id: randomUUID(), userId });
      await expectUncounted(deps.rateLimits.twoFactorPerUser, userId, () =>
        caller.auth.verifyTwoFactor({ challenge: createOneTimeToken(), code: '123456' }),
      );
    });
  });
});
