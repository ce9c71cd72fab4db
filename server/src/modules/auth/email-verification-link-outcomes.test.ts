import { ACCOUNT_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { createMemoryMailer, type Mailer } from '../../lib/mailer';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, uniqueEmail } from '../../test/factories';
import { linkToken } from '../../test/smtp';
import { type AppDeps, createContextInner } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { findUserById } from '../user/user.repository';
import { resendVerification, sendVerificationEmail } from './email-verification.service';

/*
 * What opening a verification link answers at the edges: the last second of its day, a link opened
 * again after the address it confirmed stopped being the user's verified address, and the IP's
 * allowance of bad links, which good ones do not use up.
 */

const database = useTestDatabase();

const IP = '198.51.100.160';
const publicCaller = (deps: AppDeps) => createCaller(createContextInner({ deps, request: { ip: IP } }));

async function verificationToken(deps: AppDeps, mailer: ReturnType<typeof createMemoryMailer>, email: string) {
  const user = await createUser(deps.db, { email, emailVerified: false, now: deps.clock.now() });
  await sendVerificationEmail(deps, user);
  const message = mailer.messages.findLast((sent) => sent.to === email);
  return { user, token: linkToken(message && { ...message, from: '', recipients: [], raw: '' }, 'verify-email') };
}

const verifiedAtOf = async (userId: string) => (await findUserById(database.db, userId))?.emailVerifiedAt ?? null;

describe('a verification link', () => {
  it('works until the last second of its 24 hours', async () => {
    const clock = new ManualClock('2026-08-03T12:00:00Z');
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, clock, mailer });
    const { user, token } = await verificationToken(deps, mailer, uniqueEmail('day'));
    clock.advanceSeconds(24 * 3600 - 1);
    await expect(publicCaller(deps).auth.verifyEmail({ token })).resolves.toEqual({
      message: ACCOUNT_MESSAGES.emailVerified,
    });
    expect(await verifiedAtOf(user.id)).toEqual(new Date('2026-08-04T11:59:59Z'));
  });

  it('is refused again once the address it confirmed is no longer verified', async () => {
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, mailer });
    const { user, token } = await verificationToken(deps, mailer, uniqueEmail('unverified-again'));
    await publicCaller(deps).auth.verifyEmail({ token });
    await database.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, user.id));
    const error = await errorOf(publicCaller(deps).auth.verifyEmail({ token }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(ACCOUNT_MESSAGES.invalidLink);
    expect(await verifiedAtOf(user.id)).toBeNull();
  });

  it('is refused again once the user’s address is another one, even a verified one', async () => {
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, mailer });
    const { user, token } = await verificationToken(deps, mailer, uniqueEmail('moved'));
    await publicCaller(deps).auth.verifyEmail({ token });
    await database.db
      .update(users)
      .set({ email: uniqueEmail('moved-to') })
      .where(eq(users.id, user.id));
    expect(await verifiedAtOf(user.id)).not.toBeNull();
    const error = await errorOf(publicCaller(deps).auth.verifyEmail({ token }));
    expect(error.message).toBe(ACCOUNT_MESSAGES.invalidLink);
  });

  it('does not count a good link against the IP’s TOKEN_MAX_FAILURES_PER_IP', async () => {
    const mailer = createMemoryMailer();
    const deps = testDeps({ database, mailer, env: testEnv({ TOKEN_MAX_FAILURES_PER_IP: '2' }) });
    for (let i = 0; i < 3; i++) {
      const { token } = await verificationToken(deps, mailer, uniqueEmail(`good-${i}`));
      await publicCaller(deps).auth.verifyEmail({ token });
      // Opening it again (a mail scanner went first) is a good link too.
      await publicCaller(deps).auth.verifyEmail({ token });
    }
    const bad = await errorOf(publicCaller(deps).auth.verifyEmail({ token: 'G'.repeat(43) }));
    expect(bad.code).toBe('BAD_REQUEST');
  });
});

describe('resendVerification when the e-mail cannot be sent', () => {
  it('keeps the mailer’s error as the cause, for the request’s error log', async () => {
    const refusal = new Error('550 mailbox unavailable');
    const broken: Mailer = {
      send: async () => {
        throw refusal;
      },
    };
    const deps = testDeps({ database, mailer: broken });
    const user = await createUser(deps.db, { emailVerified: false });
    const error = await resendVerification(deps, user).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: ACCOUNT_MESSAGES.mailUnavailable });
    expect((error as AppError).cause).toBe(refusal);
  });
});
