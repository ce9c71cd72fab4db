import { TWO_FACTOR_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { oneTimeTokens, sessions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { challengeOf, sessionOf } from '../../test/auth';
import { testDeps } from '../../test/caller';
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

/*
 * What a password reset leaves behind: how the sessions it ended are recorded, that a sign-in waiting
 * for its second factor cannot finish, that no reset token of the user is kept, and that a good link
 * does not use up the IP's allowance of bad ones.
 */

const database = useTestDatabase();

const NEW_PASSWORD = 'harbour willow 52';
const IP = '198.51.100.140';

const publicCaller = (deps: AppDeps) => createCaller(createContextInner({ deps, request: { ip: IP } }));

async function resetLinkToken(deps: AppDeps, mailer: ReturnType<typeof createMemoryMailer>, email: string) {
  await publicCaller(deps).auth.requestPasswordReset({ email });
  await settleBackgroundTasks();
  const message = mailer.messages.findLast((sent) => sent.to === email);
  return linkToken(message && { ...message, from: '', recipients: [], raw: '' }, 'reset-password');
}

describe('a password reset', () => {
  it('records each session it ended as ended by "password_reset", at the reset', async () => {
    const clock = new ManualClock('2026-07-01T09:00:00Z');
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, clock, mailer });
    const user = await createUser(deps.db, { now: clock.now() });
    await publicCaller(deps).auth.login({ email: user.email, password: TEST_PASSWORD });
    await publicCaller(deps).auth.login({ email: user.email, password: TEST_PASSWORD });
    const token = await resetLinkToken(deps, mailer, user.email);
    clock.advanceSeconds(90);
    await publicCaller(deps).auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    const endings = await database.db
      .select({ revokedAt: sessions.revokedAt, revokedReason: sessions.revokedReason })
      .from(sessions)
      .where(eq(sessions.userId, user.id));
    const ending = { revokedAt: new Date('2026-07-01T09:01:30Z'), revokedReason: 'password_reset' };
    expect(endings).toEqual([ending, ending]);
  });

  it('refuses the second factor for a sign-in started before it', async () => {
    const clock = new ManualClock('2026-07-01T09:00:00Z');
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, clock, mailer });
    const user = await createUser(deps.db, { now: clock.now() });
    clock.advanceSeconds(60);
    const secret = createTotpSecret();
    const secretEncrypted = encryptTotpSecret(twoFactorSecretKey(deps.env), user.id, secret);
    expect(await savePendingTwoFactorSecret(deps.db, { userId: user.id, secretEncrypted, now: clock.now() })).toBe(
      true,
    );
    expect(await markTwoFactorEnabled(deps.db, user.id, clock.now())).toBe(true);
    const { challenge } = challengeOf(
      await publicCaller(deps).auth.login({ email: user.email, password: TEST_PASSWORD }),
    );
    const token = await resetLinkToken(deps, mailer, user.email);
    await publicCaller(deps).auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    const refused = await errorOf(
      publicCaller(deps).auth.verifyTwoFactor({ challenge, code: totpCodeAt(secret, clock.now()) }),
    );
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(refused.message).toBe(TWO_FACTOR_MESSAGES.challengeExpired);
    // Two-factor sign-in itself stays on (the address was verified before it was turned on).
    const again = await publicCaller(deps).auth.login({ email: user.email, password: NEW_PASSWORD });
    expect(again.twoFactorRequired).toBe(true);
  });

  it('keeps none of the user’s reset tokens, spent or not', async () => {
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, mailer });
    const user = await createUser(deps.db);
    const token = await resetLinkToken(deps, mailer, user.email);
    await publicCaller(deps).auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    expect(
      await database.db
        .select({ purpose: oneTimeTokens.purpose })
        .from(oneTimeTokens)
        .where(eq(oneTimeTokens.userId, user.id)),
    ).toEqual([]);
  });

  it('does not count a good link against the IP’s TOKEN_MAX_FAILURES_PER_IP', async () => {
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, mailer, env: testEnv({ TOKEN_MAX_FAILURES_PER_IP: '2' }) });
    for (let i = 0; i < 3; i++) {
      const user = await createUser(deps.db);
      const token = await resetLinkToken(deps, mailer, user.email);
      await publicCaller(deps).auth.resetPassword({ token, newPassword: NEW_PASSWORD });
      sessionOf(await publicCaller(deps).auth.login({ email: user.email, password: NEW_PASSWORD }));
    }
    const bad = await errorOf(
      publicCaller(deps).auth.resetPassword({ token: 'F'.repeat(43), newPassword: NEW_PASSWORD }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
  });
});
