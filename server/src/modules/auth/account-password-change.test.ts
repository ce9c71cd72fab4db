import { randomUUID } from 'node:crypto';
import { AUTH_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { sessionOf } from '../../test/auth';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import type { RequestInfo } from '../../trpc/context';
import { changePassword, deleteAccount } from './account.service';
import { loginUser } from './auth.service';
import { settleBackgroundTasks } from './background';

/*
 * The account settings service called directly: what a password change stores and answers, and how
 * the password checks of a change or a deletion share the sign-in's per-(IP, address) allowance.
 */

const database = useTestDatabase();

const REQUEST: RequestInfo = { ip: '192.0.2.61', userAgent: null, origin: null, serverOrigin: null };
/** A session id no row has: the caller of these changes keeps no session of its own. */
const NO_SESSION = randomUUID();
const OTHER_IP: RequestInfo = { ...REQUEST, ip: '192.0.2.62' };

/** An allowance of two wrong passwords per (IP, address). */
const twoGuesses = () => testDeps({ database, env: testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '2' }) });

describe('changePassword', () => {
  it('stores the new password, ends the other sessions as "password_changed" and says how many', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const mailer = createMemoryMailer();
    const user = await createUser(database.db);
    const { deps, sessionId: current } = await createTestCaller({ database, user, clock, mailer });
    sessionOf(await loginUser(deps, { email: user.email, password: TEST_PASSWORD }, REQUEST));
    sessionOf(await loginUser(deps, { email: user.email, password: TEST_PASSWORD }, REQUEST));
    clock.advanceSeconds(90);

    const answer = await changePassword(
      deps,
      user,
      current ?? '',
      { currentPassword: TEST_PASSWORD, newPassword: 'granite heron 55' },
      REQUEST,
    );
    expect(answer).toEqual({ revokedSessions: 2 });

    const endings = await database.db
      .select({ id: sessions.id, revokedAt: sessions.revokedAt, revokedReason: sessions.revokedReason })
      .from(sessions)
      .where(eq(sessions.userId, user.id));
    expect(endings).toHaveLength(3);
    for (const row of endings) {
      expect(row).toEqual(
        row.id === current
          ? { id: current, revokedAt: null, revokedReason: null }
          : { id: row.id, revokedAt: new Date('2026-06-01T10:01:30Z'), revokedReason: 'password_changed' },
      );
    }
    const [stored] = await database.db.select({ updatedAt: users.updatedAt }).from(users).where(eq(users.id, user.id));
    expect(stored?.updatedAt).toEqual(new Date('2026-06-01T10:01:30Z'));
    await expect(loginUser(deps, { email: user.email, password: 'granite heron 55' }, REQUEST)).resolves.toMatchObject({
      twoFactorRequired: false,
    });

    await settleBackgroundTasks();
    expect(mailer.messages.map((message) => [message.to, message.subject])).toEqual([
      [user.email, 'Your FinAIlytics password was changed'],
    ]);
    expect(mailer.messages[0]?.text).toContain('When: 2026-06-01 10:01 UTC.');
  });
});

describe('the password check of a change or a deletion', () => {
  it('counts wrong passwords against the sign-in allowance of the same IP and address', async () => {
    const deps = twoGuesses();
    const user = await createUser(deps.db);
    for (const guess of ['guess one', 'guess two']) {
      await expect(
        changePassword(deps, user, NO_SESSION, { currentPassword: guess, newPassword: 'granite heron 55' }, REQUEST),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: AUTH_MESSAGES.wrongPassword });
    }
    // The allowance is spent for sign-in too, even with the right password...
    await expect(loginUser(deps, { email: user.email, password: TEST_PASSWORD }, REQUEST)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    await expect(deleteAccount(deps, user, TEST_PASSWORD, REQUEST)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    // ...but only from that IP.
    await expect(loginUser(deps, { email: user.email, password: TEST_PASSWORD }, OTHER_IP)).resolves.toMatchObject({
      twoFactorRequired: false,
    });
  });

  it("does not spend another account's allowance from the same IP", async () => {
    const deps = twoGuesses();
    const guessed = await createUser(deps.db);
    const bystander = await createUser(deps.db);
    for (const guess of ['guess one', 'guess two']) {
      await expect(deleteAccount(deps, guessed, guess, REQUEST)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(deleteAccount(deps, guessed, TEST_PASSWORD, REQUEST)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    await deleteAccount(deps, bystander, TEST_PASSWORD, REQUEST);
    expect(await database.db.select().from(users).where(eq(users.id, bystander.id))).toEqual([]);
    expect(await database.db.select({ id: users.id }).from(users).where(eq(users.id, guessed.id))).toEqual([
      { id: guessed.id },
    ]);
  });

  it('gives the allowance back once the right password is given', async () => {
    const deps = twoGuesses();
    const user = await createUser(deps.db);
    await expect(deleteAccount(deps, user, 'guess one', REQUEST)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      changePassword(
        deps,
        user,
        NO_SESSION,
        { currentPassword: TEST_PASSWORD, newPassword: 'granite heron 55' },
        REQUEST,
      ),
    ).resolves.toEqual({ revokedSessions: 0 });
    // Two more wrong ones are allowed again; a third would not be.
    for (const guess of ['guess two', 'guess three']) {
      await expect(deleteAccount(deps, user, guess, REQUEST)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(deleteAccount(deps, user, 'granite heron 55', REQUEST)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });
});
