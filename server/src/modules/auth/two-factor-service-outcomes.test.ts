import { TWO_FACTOR_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { twoFactorCredentials } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { standaloneLogger } from '../../lib/logger';
import { challengeOf, sessionOf } from '../../test/auth';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { createContextInner } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { totpCodeAt } from './totp';
import { enableTwoFactor } from './two-factor.service';

const database = useTestDatabase();
afterEach(() => {
  vi.restoreAllMocks();
});

describe('the per-user two-factor allowance', () => {
  it('is given back by every accepted code, so one attempt a window is enough for each step in turn', async () => {
    const clock = new ManualClock('2026-04-02T10:00:00Z');
    // Every attempt takes a point, right or wrong; only success gives them back.
    const deps = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_MAX_FAILURES_PER_USER: '1' }) });
    const user = await createUser(deps.db, { now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock, rateLimits: deps.rateLimits, env: deps.env });
    const nextCode = (secret: string) => {
      clock.advanceSeconds(30);
      return totpCodeAt(secret, clock.now());
    };
    const signIn = async (secret: string) => {
      const publicCaller = createCaller(createContextInner({ deps }));
      const { challenge } = challengeOf(await publicCaller.auth.login({ email: user.email, password: TEST_PASSWORD }));
      return sessionOf(await publicCaller.auth.verifyTwoFactor({ challenge, code: nextCode(secret) }));
    };

    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    await caller.user.twoFactor.enable({ code: nextCode(secret) });
    await caller.user.twoFactor.regenerateRecoveryCodes({ code: nextCode(secret) });
    expect((await signIn(secret)).user.id).toBe(user.id);
    expect((await signIn(secret)).user.id).toBe(user.id);
    await caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: nextCode(secret) });
    const again = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    await caller.user.twoFactor.enable({ code: nextCode(again.secret) });
    expect((await caller.user.twoFactor.status()).enabled).toBe(true);
  });
});

describe('a stored secret the key no longer opens', () => {
  it('is logged for the operator with the user and the decryption error', async () => {
    const clock = new ManualClock('2026-04-02T10:00:00Z');
    const before = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_ENCRYPTION_KEY: 'k'.repeat(40) }) });
    const user = await createUser(before.db, { now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock, env: before.env });
    await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    const after = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_ENCRYPTION_KEY: 'n'.repeat(40) }) });
    const logged = vi.spyOn(standaloneLogger(after.env), 'error');
    const { caller: rotated } = await createTestCaller({ database, user, clock, env: after.env });

    const error = await errorOf(rotated.user.twoFactor.enable({ code: '123456' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.keyUnreadable);
    const direct = await enableTwoFactor(after, user, '123456').catch((thrown: unknown) => thrown);
    expect(direct).toBeInstanceOf(AppError);
    // The refusal keeps the decryption error as its cause, the one that was logged.
    expect((direct as AppError).cause).toBeInstanceOf(Error);
    expect(logged).toHaveBeenLastCalledWith({ err: (direct as AppError).cause, userId: user.id }, expect.any(String));
    expect(logged).toHaveBeenCalledTimes(2);
    expect(logged).toHaveBeenCalledWith(
      { err: expect.any(Error), userId: user.id },
      'a stored TOTP secret cannot be decrypted: TWO_FACTOR_ENCRYPTION_KEY (or JWT_REFRESH_SECRET, when it is unset) has changed; see SECURITY.md, "Rotating the secrets"',
    );
  });
});

describe('two-factor refusals', () => {
  async function signedIn(maxFailures = '100') {
    const clock = new ManualClock('2026-04-02T10:00:00Z');
    const deps = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_MAX_FAILURES_PER_USER: maxFailures }) });
    const user = await createUser(deps.db, { now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock, rateLimits: deps.rateLimits, env: deps.env });
    return { clock, deps, user, caller };
  }

  it('answers each refusal with its code and words', async () => {
    const { clock, caller } = await signedIn();
    const setupFirst = await errorOf(caller.user.twoFactor.enable({ code: '123456' }));
    expect([setupFirst.code, setupFirst.message]).toEqual(['BAD_REQUEST', TWO_FACTOR_MESSAGES.setupFirst]);
    for (const refused of [
      await errorOf(caller.user.twoFactor.regenerateRecoveryCodes({ code: '123456' })),
      await errorOf(caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: '123456' })),
    ]) {
      expect([refused.code, refused.message]).toEqual(['BAD_REQUEST', TWO_FACTOR_MESSAGES.notEnabled]);
    }

    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    await caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) });
    clock.advanceSeconds(30);
    const again = await errorOf(caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) }));
    expect([again.code, again.message]).toEqual(['CONFLICT', TWO_FACTOR_MESSAGES.alreadyEnabled]);
    for (const refused of [
      await errorOf(caller.user.twoFactor.regenerateRecoveryCodes({ code: '000000' })),
      await errorOf(caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: '000000' })),
    ]) {
      expect([refused.code, refused.message]).toEqual(['BAD_REQUEST', TWO_FACTOR_MESSAGES.invalidCode]);
    }
  });

  it('ends a sign-in as expired when two-factor sign-in was turned off after its password step', async () => {
    const { clock, deps, user, caller } = await signedIn();
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    await caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) });
    const publicCaller = createCaller(createContextInner({ deps }));
    const { challenge } = challengeOf(await publicCaller.auth.login({ email: user.email, password: TEST_PASSWORD }));
    // Turned off by a path that leaves the challenge in place.
    await database.db.delete(twoFactorCredentials).where(eq(twoFactorCredentials.userId, user.id));
    clock.advanceSeconds(30);
    const error = await errorOf(
      publicCaller.auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) }),
    );
    expect([error.code, error.message]).toEqual(['UNAUTHORIZED', TWO_FACTOR_MESSAGES.challengeExpired]);
  });

  it('counts a wrong code when turning on', async () => {
    const { clock, caller } = await signedIn('1');
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    await errorOf(caller.user.twoFactor.enable({ code: '000000' }));
    const enable = await errorOf(caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) }));
    expect(enable.code).toBe('TOO_MANY_REQUESTS');
  });

  it('counts a wrong code when renewing recovery codes and when turning off', async () => {
    const { clock, caller } = await signedIn('1');
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    await caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) });
    clock.advanceSeconds(30);
    await errorOf(caller.user.twoFactor.regenerateRecoveryCodes({ code: '000000' }));
    const regenerate = await errorOf(
      caller.user.twoFactor.regenerateRecoveryCodes({ code: totpCodeAt(secret, clock.now()) }),
    );
    expect(regenerate.code).toBe('TOO_MANY_REQUESTS');
    await errorOf(caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: '000000' }));
    const disable = await errorOf(
      caller.user.twoFactor.disable({ password: TEST_PASSWORD, code: totpCodeAt(secret, clock.now()) }),
    );
    expect(disable.code).toBe('TOO_MANY_REQUESTS');
  });

  it('turns on for one of two parallel attempts with the same code', async () => {
    const { clock, caller } = await signedIn();
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    const code = totpCodeAt(secret, clock.now());
    const results = await Promise.allSettled([
      caller.user.twoFactor.enable({ code }),
      caller.user.twoFactor.enable({ code }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});
