import { ACCOUNT_MESSAGES } from '@finailytics/shared';
import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import type { Mailer } from '../../lib/mailer';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, uniqueEmail } from '../../test/factories';
import { linkToken, messagesTo, useMailbox } from '../../test/smtp';
import { type AppDeps, createContextInner } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { lockDueReportSettings } from '../report/report-settings.repository';
import { markEmailVerified } from '../user/user.repository';
import { settleBackgroundTasks } from './background';

const database = useTestDatabase();
const { smtp, mailer } = useMailbox();

const PASSWORD = 'marble canyon 19';

const publicCaller = (deps: AppDeps, ip = '127.0.0.1') => createCaller(createContextInner({ deps, request: { ip } }));

/** Signs up through auth.register and returns the user with the token e-mailed to them. */
async function signUp(deps: AppDeps) {
  const email = uniqueEmail('signup');
  const { data } = await publicCaller(deps).auth.register({ name: 'Grace', email, password: PASSWORD });
  await settleBackgroundTasks();
  return { user: data.user, token: linkToken(messagesTo(smtp, email).at(-1), 'verify-email') };
}

describe('verification e-mail at sign-up', () => {
  it('sends a link to the new address and leaves the user unverified until it is opened', async () => {
    const deps = testDeps({ database, mailer, env: testEnv({ APP_URL: 'https://money.example.com' }) });
    const { user } = await signUp(deps);
    expect(user.emailVerified).toBe(false);
    const [message] = messagesTo(smtp, user.email);
    expect(message?.subject).toBe('Confirm your e-mail address for FinAIlytics');
    // The name is whatever was typed at sign-up, for any address: it is not put in the e-mail at all.
    expect(message?.text).toMatch(/^Hello,\n/);
    expect(`${message?.subject} ${message?.text} ${message?.html}`).not.toContain('Grace');
    expect(message?.text).toMatch(/https:\/\/money\.example\.com\/verify-email#token=[A-Za-z0-9_-]{43}\n/);
  });

  it('still creates the account when the mail server refuses the message', async () => {
    const deps = testDeps({ database, mailer });
    const email = uniqueEmail('mail-down');
    smtp.failNext(1);
    const { data } = await publicCaller(deps).auth.register({ name: 'Grace', email, password: PASSWORD });
    await settleBackgroundTasks();
    expect(data.user.email).toBe(email);
    expect(messagesTo(smtp, email)).toEqual([]);
  });

  it('still creates the account when the mailer throws', async () => {
    const broken: Mailer = {
      send: async () => {
        throw new Error('connection refused');
      },
    };
    const deps = testDeps({ database, mailer: broken });
    const email = uniqueEmail('mail-broken');
    await expect(publicCaller(deps).auth.register({ name: 'Grace', email, password: PASSWORD })).resolves.toMatchObject(
      {
        data: { user: { email, emailVerified: false } },
      },
    );
    await settleBackgroundTasks();
  });
});

describe('auth.verifyEmail', () => {
  it('verifies the address, which user.me then shows', async () => {
    const deps = testDeps({ database, mailer });
    const { user, token } = await signUp(deps);
    await expect(publicCaller(deps).auth.verifyEmail({ token })).resolves.toEqual({
      message: ACCOUNT_MESSAGES.emailVerified,
    });
    const { caller } = await createTestCaller({ database, user });
    expect((await caller.user.me()).emailVerified).toBe(true);
  });

  it('succeeds again for the same link once the address is verified', async () => {
    const deps = testDeps({ database, mailer });
    const { token } = await signUp(deps);
    await publicCaller(deps).auth.verifyEmail({ token });
    await expect(publicCaller(deps).auth.verifyEmail({ token })).resolves.toEqual({
      message: ACCOUNT_MESSAGES.emailVerified,
    });
  });

  it('refuses a link older than 24 hours', async () => {
    const clock = new ManualClock('2026-03-10T09:00:00Z');
    const deps = testDeps({ database, mailer, clock });
    const { user, token } = await signUp(deps);
    clock.advanceSeconds(24 * 3600);
    const error = await errorOf(publicCaller(deps).auth.verifyEmail({ token }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(ACCOUNT_MESSAGES.invalidLink);
    const { caller } = await createTestCaller({ database, user, clock });
    expect((await caller.user.me()).emailVerified).toBe(false);
  });

  it('refuses an unknown token', async () => {
    const error = await errorOf(
      publicCaller(testDeps({ database, mailer })).auth.verifyEmail({ token: 'D'.repeat(43) }),
    );
    expect(error.message).toBe(ACCOUNT_MESSAGES.invalidLink);
  });

  it('refuses the earlier link once a new one was sent', async () => {
    const deps = testDeps({ database, mailer });
    const { user, token: first } = await signUp(deps);
    const { caller } = await createTestCaller({ database, mailer, user });
    await caller.auth.resendVerification();
    const second = linkToken(messagesTo(smtp, user.email).at(-1), 'verify-email');
    expect(second).not.toBe(first);
    expect((await errorOf(publicCaller(deps).auth.verifyEmail({ token: first }))).message).toBe(
      ACCOUNT_MESSAGES.invalidLink,
    );
    await expect(publicCaller(deps).auth.verifyEmail({ token: second })).resolves.toBeTruthy();
  });

  it('allows TOKEN_MAX_FAILURES_PER_IP invalid links per IP', async () => {
    const deps = testDeps({ database, mailer, env: testEnv({ TOKEN_MAX_FAILURES_PER_IP: '2' }) });
    const caller = publicCaller(deps, '192.0.2.9');
    await errorOf(caller.auth.verifyEmail({ token: 'E'.repeat(43) }));
    await errorOf(caller.auth.verifyEmail({ token: 'E'.repeat(43) }));
    expect((await errorOf(caller.auth.verifyEmail({ token: 'E'.repeat(43) }))).code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('auth.resendVerification', () => {
  it('e-mails a new link to a signed-in, unverified user', async () => {
    const user = await createUser(database.db, { emailVerified: false });
    const { caller } = await createTestCaller({ database, mailer, user });
    await expect(caller.auth.resendVerification()).resolves.toEqual({
      message: ACCOUNT_MESSAGES.verificationSent,
      sent: true,
    });
    const token = linkToken(messagesTo(smtp, user.email).at(-1), 'verify-email');
    await publicCaller(testDeps({ database, mailer })).auth.verifyEmail({ token });
    expect((await caller.user.me()).emailVerified).toBe(true);
  });

  it('sends nothing to an address already verified', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, mailer, user });
    await expect(caller.auth.resendVerification()).resolves.toEqual({
      message: ACCOUNT_MESSAGES.alreadyVerified,
      sent: false,
    });
    expect(messagesTo(smtp, user.email)).toEqual([]);
  });

  it('allows VERIFICATION_RESEND_MAX_PER_USER e-mails per window', async () => {
    const user = await createUser(database.db, { emailVerified: false });
    const env = testEnv({ VERIFICATION_RESEND_MAX_PER_USER: '2' });
    const { caller } = await createTestCaller({ database, mailer, user, env });
    await caller.auth.resendVerification();
    await caller.auth.resendVerification();
    const error = await errorOf(caller.auth.resendVerification());
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(messagesTo(smtp, user.email)).toHaveLength(2);
  });

  it('says so when the e-mail cannot be sent, without using up an attempt', async () => {
    const user = await createUser(database.db, { emailVerified: false });
    const env = testEnv({ VERIFICATION_RESEND_MAX_PER_USER: '1' });
    const { caller } = await createTestCaller({ database, mailer, user, env });
    smtp.failNext(1);
    const error = await errorOf(caller.auth.resendVerification());
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe(ACCOUNT_MESSAGES.mailUnavailable);
    await expect(caller.auth.resendVerification()).resolves.toMatchObject({ sent: true });
  });

  it('requires a signed-in user', async () => {
    const error = await errorOf(publicCaller(testDeps({ database, mailer })).auth.resendVerification());
    expect(error.code).toBe('UNAUTHORIZED');
  });
});

describe('scheduled reports', () => {
  it('are due only for verified addresses, and for an address once it is verified', async () => {
    // A year of its own, so no other test file's users are due at this instant.
    const created = new Date('2023-01-10T00:00:00Z');
    const now = new Date('2023-02-01T06:00:00Z');
    const verified = await createUser(database.db, { now: created });
    const unverified = await createUser(database.db, { now: created, emailVerified: false });
    const dueUsers = () =>
      database.db.transaction(async (tx) => (await lockDueReportSettings(tx, now, 100_000)).map((due) => due.userId));
    try {
      const before = await dueUsers();
      expect(before).toContain(verified.id);
      expect(before).not.toContain(unverified.id);
      await markEmailVerified(database.db, unverified.id, unverified.email, now);
      expect(await dueUsers()).toContain(unverified.id);
    } finally {
      // Left due, they would be picked up by report-job tests running at later instants.
      await database.db.delete(users).where(inArray(users.id, [verified.id, unverified.id]));
    }
  });
});
