import { TWO_FACTOR_MESSAGES, type User } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { twoFactorCredentials, twoFactorRecoveryCodes } from '../../db/schema';
import type { Env } from '../../env';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { challengeOf } from '../../test/auth';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { linkToken } from '../../test/smtp';
import { type AppDeps, createContextInner } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { settleBackgroundTasks } from './background';
import { twoFactorSecretKey } from './tokens';
import { createTotpSecret, encryptTotpSecret, totpCodeAt } from './totp';
import { markTwoFactorEnabled, savePendingTwoFactorSecret } from './two-factor.repository';

const database = useTestDatabase();

const NEW_PASSWORD = 'saffron meadow 31';
const publicCaller = (deps: AppDeps) => createCaller(createContextInner({ deps }));

/** Two-factor sign-in on for the user as it could be before enabling needed a verified address. */
async function storeEnabledTwoFactor(env: Env, userId: string, at: Date): Promise<string> {
  const secret = createTotpSecret();
  const secretEncrypted = encryptTotpSecret(twoFactorSecretKey(env), userId, secret);
  expect(await savePendingTwoFactorSecret(database.db, { userId, secretEncrypted, now: at })).toBe(true);
  expect(await markTwoFactorEnabled(database.db, userId, at)).toBe(true);
  return secret;
}

async function resetThroughEmailedLink(
  deps: AppDeps,
  mailer: ReturnType<typeof createMemoryMailer>,
  user: User,
): Promise<void> {
  await publicCaller(deps).auth.requestPasswordReset({ email: user.email });
  await settleBackgroundTasks();
  const message = mailer.messages.findLast((sent) => sent.to === user.email);
  const token = linkToken(message && { ...message, from: '', recipients: [], raw: '' }, 'reset-password');
  await publicCaller(deps).auth.resetPassword({ token, newPassword: NEW_PASSWORD });
  await settleBackgroundTasks();
}

describe('two-factor sign-in needs a verified address', () => {
  it('refuses to start or finish the setup while the address is unverified, and says why', async () => {
    const clock = new ManualClock();
    const user = await createUser(database.db, { emailVerified: false, now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock });
    const setup = await errorOf(caller.user.twoFactor.setup({ password: TEST_PASSWORD }));
    expect(setup.code).toBe('FORBIDDEN');
    expect(setup.message).toBe(TWO_FACTOR_MESSAGES.verifyEmailFirst);
    // A setup left pending from before cannot be finished either.
    const secret = createTotpSecret();
    await savePendingTwoFactorSecret(database.db, {
      userId: user.id,
      secretEncrypted: encryptTotpSecret(twoFactorSecretKey(testEnv()), user.id, secret),
      now: clock.now(),
    });
    const enable = await errorOf(caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) }));
    expect(enable.code).toBe('FORBIDDEN');
    expect(enable.message).toBe(TWO_FACTOR_MESSAGES.verifyEmailFirst);
    expect((await caller.user.twoFactor.status()).enabled).toBe(false);
  });

  it('lets a verified address turn it on', async () => {
    const clock = new ManualClock();
    const user = await createUser(database.db, { now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock });
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    const { recoveryCodes } = await caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) });
    expect(recoveryCodes).toHaveLength(10);
  });
});

describe('a password reset through the e-mailed link', () => {
  it('removes two-factor sign-in turned on before the address was verified, so the owner gets in', async () => {
    const clock = new ManualClock();
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, clock, mailer });
    // Someone signed up with the owner's address and bound it to their own phone without verifying it.
    const user = await createUser(database.db, { emailVerified: false, now: clock.now() });
    await storeEnabledTwoFactor(deps.env, user.id, clock.now());
    expect(
      (await publicCaller(deps).auth.login({ email: user.email, password: TEST_PASSWORD })).twoFactorRequired,
    ).toBe(true);
    clock.advanceSeconds(60);
    await resetThroughEmailedLink(deps, mailer, user);
    const signedIn = await publicCaller(deps).auth.login({ email: user.email, password: NEW_PASSWORD });
    expect(signedIn.twoFactorRequired).toBe(false);
    expect(
      await database.db.select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, user.id)),
    ).toEqual([]);
    expect(
      await database.db.select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, user.id)),
    ).toEqual([]);
    const subjects = mailer.messages.filter((sent) => sent.to === user.email).map((sent) => sent.subject);
    expect(subjects).toContain('Two-factor sign-in is off for your FinAIlytics account');
  });

  it('keeps two-factor sign-in turned on after the address was verified', async () => {
    const clock = new ManualClock();
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, clock, mailer });
    const user = await createUser(database.db, { now: clock.now() });
    clock.advanceSeconds(60);
    await storeEnabledTwoFactor(deps.env, user.id, clock.now());
    clock.advanceSeconds(60);
    await resetThroughEmailedLink(deps, mailer, user);
    const signedIn = await publicCaller(deps).auth.login({ email: user.email, password: NEW_PASSWORD });
    expect(signedIn.twoFactorRequired).toBe(true);
    const subjects = mailer.messages.filter((sent) => sent.to === user.email).map((sent) => sent.subject);
    expect(subjects).not.toContain('Two-factor sign-in is off for your FinAIlytics account');
  });
});

describe('a changed TWO_FACTOR_ENCRYPTION_KEY', () => {
  it('answers the code step with a clear refusal instead of an internal error', async () => {
    const clock = new ManualClock();
    const before = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_ENCRYPTION_KEY: 'k'.repeat(40) }) });
    const user = await createUser(database.db, { now: clock.now() });
    const secret = await storeEnabledTwoFactor(before.env, user.id, clock.now());
    clock.advanceSeconds(60);
    const after = testDeps({ database, clock, env: testEnv({ TWO_FACTOR_ENCRYPTION_KEY: 'n'.repeat(40) }) });
    const { challenge } = challengeOf(
      await publicCaller(after).auth.login({ email: user.email, password: TEST_PASSWORD }),
    );
    const error = await errorOf(
      publicCaller(after).auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(TWO_FACTOR_MESSAGES.keyUnreadable);
  });
});
