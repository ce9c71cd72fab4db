import { ACCOUNT_MESSAGES, AUTH_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { oneTimeTokens } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer, type Mailer, type MailMessage } from '../../lib/mailer';
import { sessionOf } from '../../test/auth';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../../test/factories';
import { linkToken, messagesTo, useMailbox } from '../../test/smtp';
import { type AppDeps, createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { settleBackgroundTasks } from './background';

const database = useTestDatabase();
const { smtp, mailer } = useMailbox();

const NEW_PASSWORD = 'lantern quarry 77';

function clientOf(deps: AppDeps, options: { ip?: string; refreshToken?: string } = {}) {
  const cookies = createMemoryRefreshTokenStore(options.refreshToken);
  const caller = createCaller(
    createContextInner({ deps, request: { ip: options.ip ?? '127.0.0.1' }, refreshTokenStore: cookies }),
  );
  return { caller, cookies };
}

/** Asks for a reset link and returns the token from the e-mail the SMTP server received. */
async function resetTokenFor(deps: AppDeps, email: string): Promise<string> {
  const before = messagesTo(smtp, email).length;
  await clientOf(deps).caller.auth.requestPasswordReset({ email });
  await settleBackgroundTasks();
  const delivered = messagesTo(smtp, email);
  expect(delivered).toHaveLength(before + 1);
  return linkToken(delivered.at(-1), 'reset-password');
}

describe('auth.requestPasswordReset', () => {
  it('gives a known and an unknown address the same answer', async () => {
    const deps = testDeps({ database, mailer });
    const user = await createUser(deps.db);
    const { caller } = clientOf(deps);
    const known = await caller.auth.requestPasswordReset({ email: user.email });
    const unknown = await caller.auth.requestPasswordReset({ email: uniqueEmail('nobody') });
    expect(known).toEqual({ message: ACCOUNT_MESSAGES.resetRequested });
    expect(unknown).toEqual(known);
  });

  it('e-mails a link to the app with a 256-bit token, stored only as a hash', async () => {
    const deps = testDeps({ database, mailer, env: testEnv({ APP_URL: 'https://money.example.com/' }) });
    const user = await createUser(deps.db, { name: 'Ada' });
    await clientOf(deps).caller.auth.requestPasswordReset({ email: user.email.toUpperCase() });
    await settleBackgroundTasks();
    const [message] = messagesTo(smtp, user.email);
    expect(message?.subject).toBe('Reset your FinAIlytics password');
    expect(message?.text).toMatch(/^Hello,\n/);
    expect(`${message?.text} ${message?.html}`).not.toContain('Ada');
    expect(message?.text).toMatch(/https:\/\/money\.example\.com\/reset-password#token=[A-Za-z0-9_-]{43}\n/);
    expect(message?.html).toContain('https://money.example.com/reset-password#token=');
    const token = linkToken(message, 'reset-password');
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = await database.db
      .select({ tokenHash: oneTimeTokens.tokenHash, purpose: oneTimeTokens.purpose })
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.userId, user.id));
    expect(rows).toEqual([{ tokenHash: expect.not.stringContaining(token), purpose: 'password_reset' }]);
  });

  it('sends nothing for an address without an account', async () => {
    const deps = testDeps({ database, mailer });
    const email = uniqueEmail('nobody');
    await clientOf(deps).caller.auth.requestPasswordReset({ email });
    await settleBackgroundTasks();
    expect(messagesTo(smtp, email)).toEqual([]);
  });

  it('answers before the account is looked up or the e-mail is sent', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sent: MailMessage[] = [];
    const slowMailer: Mailer = {
      async send(message) {
        await gate;
        sent.push(message);
        return { messageId: '<slow@test>' };
      },
    };
    const deps = testDeps({ database, mailer: slowMailer });
    const user = await createUser(deps.db);
    await expect(clientOf(deps).caller.auth.requestPasswordReset({ email: user.email })).resolves.toEqual({
      message: ACCOUNT_MESSAGES.resetRequested,
    });
    expect(sent).toEqual([]);
    release();
    await settleBackgroundTasks();
    expect(sent.map((message) => message.to)).toEqual([user.email]);
  });

  it('allows PASSWORD_RESET_MAX_PER_EMAIL requests per address, known or not', async () => {
    const deps = testDeps({
      database,
      mailer: createMemoryMailer(),
      env: testEnv({ PASSWORD_RESET_MAX_PER_EMAIL: '2' }),
    });
    const known = (await createUser(deps.db)).email;
    const unknown = uniqueEmail('nobody');
    for (const email of [known, unknown]) {
      const { caller } = clientOf(deps);
      await caller.auth.requestPasswordReset({ email });
      await caller.auth.requestPasswordReset({ email });
      const error = await errorOf(caller.auth.requestPasswordReset({ email }));
      expect(error.code).toBe('TOO_MANY_REQUESTS');
      expect(error.message).toBe(AUTH_MESSAGES.tooManyAttempts);
    }
    await settleBackgroundTasks();
  });

  it('allows PASSWORD_RESET_MAX_PER_IP requests per IP across addresses', async () => {
    const deps = testDeps({ database, mailer: createMemoryMailer(), env: testEnv({ PASSWORD_RESET_MAX_PER_IP: '3' }) });
    const { caller } = clientOf(deps, { ip: '203.0.113.50' });
    for (let i = 0; i < 3; i++) await caller.auth.requestPasswordReset({ email: uniqueEmail('spray') });
    const error = await errorOf(caller.auth.requestPasswordReset({ email: uniqueEmail('spray') }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    const other = clientOf(deps, { ip: '203.0.113.51' });
    await expect(other.caller.auth.requestPasswordReset({ email: uniqueEmail('spray') })).resolves.toBeTruthy();
    await settleBackgroundTasks();
  });
});

describe('auth.resetPassword', () => {
  it('sets the new password, ends every session and clears the cookie', async () => {
    const deps = testDeps({ database, mailer });
    const user = await createUser(deps.db);
    const signedIn = await createTestCaller({ database, mailer, user });
    const phone = clientOf(deps);
    await phone.caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    const token = await resetTokenFor(deps, user.email);

    const browser = clientOf(deps, { refreshToken: 'A'.repeat(43) });
    await expect(browser.caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD })).resolves.toEqual({
      message: ACCOUNT_MESSAGES.passwordReset,
    });
    expect(browser.cookies.token).toBeUndefined();
    expect((await errorOf(signedIn.caller.user.me())).code).toBe('UNAUTHORIZED');
    expect((await errorOf(phone.caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    const fresh = clientOf(deps).caller;
    expect((await errorOf(fresh.auth.login({ email: user.email, password: TEST_PASSWORD }))).code).toBe('UNAUTHORIZED');
    const login = sessionOf(await fresh.auth.login({ email: user.email, password: NEW_PASSWORD }));
    expect(login.user.id).toBe(user.id);
  });

  it('e-mails the owner that the password was reset', async () => {
    const deps = testDeps({ database, mailer });
    const user = await createUser(deps.db, { name: 'Ada' });
    const token = await resetTokenFor(deps, user.email);
    await clientOf(deps).caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    await settleBackgroundTasks();
    const notice = messagesTo(smtp, user.email).at(-1);
    expect(notice?.subject).toBe('Your FinAIlytics password was reset');
    expect(notice?.text).toContain('every device was signed out');
  });

  it('accepts a link once', async () => {
    const deps = testDeps({ database, mailer });
    const user = await createUser(deps.db);
    const token = await resetTokenFor(deps, user.email);
    const { caller } = clientOf(deps);
    await caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    const again = await errorOf(caller.auth.resetPassword({ token, newPassword: 'another lantern 88' }));
    expect(again.code).toBe('BAD_REQUEST');
    expect(again.message).toBe(ACCOUNT_MESSAGES.invalidLink);
    await expect(clientOf(deps).caller.auth.login({ email: user.email, password: NEW_PASSWORD })).resolves.toBeTruthy();
  });

  it('refuses a link older than one hour', async () => {
    const clock = new ManualClock('2026-05-01T08:00:00Z');
    const deps = testDeps({ database, mailer, clock });
    const user = await createUser(deps.db);
    const token = await resetTokenFor(deps, user.email);
    clock.advanceSeconds(3600);
    const error = await errorOf(clientOf(deps).caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(ACCOUNT_MESSAGES.invalidLink);
  });

  it('accepts a link just inside its hour', async () => {
    const clock = new ManualClock('2026-05-01T08:00:00Z');
    const deps = testDeps({ database, mailer, clock });
    const user = await createUser(deps.db);
    const token = await resetTokenFor(deps, user.email);
    clock.advanceSeconds(3599);
    await expect(clientOf(deps).caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD })).resolves.toBeTruthy();
  });

  it('invalidates the earlier link when a newer one is asked for', async () => {
    const deps = testDeps({ database, mailer });
    const user = await createUser(deps.db);
    const first = await resetTokenFor(deps, user.email);
    const second = await resetTokenFor(deps, user.email);
    const { caller } = clientOf(deps);
    const error = await errorOf(caller.auth.resetPassword({ token: first, newPassword: NEW_PASSWORD }));
    expect(error.message).toBe(ACCOUNT_MESSAGES.invalidLink);
    await expect(caller.auth.resetPassword({ token: second, newPassword: NEW_PASSWORD })).resolves.toBeTruthy();
  });

  it('gives an unknown or malformed token the same answer as a used one', async () => {
    const { caller } = clientOf(testDeps({ database, mailer }));
    for (const token of ['B'.repeat(43), 'not-a-token']) {
      const error = await errorOf(caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe(ACCOUNT_MESSAGES.invalidLink);
    }
  });

  it('marks the address verified, since the link proved the mailbox', async () => {
    const deps = testDeps({ database, mailer });
    const user = await createUser(deps.db, { emailVerified: false });
    const token = await resetTokenFor(deps, user.email);
    await clientOf(deps).caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    const login = sessionOf(await clientOf(deps).caller.auth.login({ email: user.email, password: NEW_PASSWORD }));
    expect(login.user.emailVerified).toBe(true);
  });

  it('keeps the link usable when the new password is refused', async () => {
    const deps = testDeps({ database, mailer });
    const user = await createUser(deps.db);
    const token = await resetTokenFor(deps, user.email);
    const { caller } = clientOf(deps);
    const weak = await errorOf(caller.auth.resetPassword({ token, newPassword: 'password1' }));
    expect(weak.message).toBe(ACCOUNT_MESSAGES.breachedPassword);
    const short = await errorOf(caller.auth.resetPassword({ token, newPassword: 'short' }));
    expect(short.code).toBe('BAD_REQUEST');
    await expect(caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD })).resolves.toBeTruthy();
  });

  it('allows TOKEN_MAX_FAILURES_PER_IP invalid links per IP', async () => {
    const deps = testDeps({ database, mailer, env: testEnv({ TOKEN_MAX_FAILURES_PER_IP: '3' }) });
    const { caller } = clientOf(deps, { ip: '198.51.100.77' });
    for (let i = 0; i < 3; i++) {
      const error = await errorOf(caller.auth.resetPassword({ token: 'C'.repeat(43), newPassword: NEW_PASSWORD }));
      expect(error.code).toBe('BAD_REQUEST');
    }
    const blocked = await errorOf(caller.auth.resetPassword({ token: 'C'.repeat(43), newPassword: NEW_PASSWORD }));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
  });
});
