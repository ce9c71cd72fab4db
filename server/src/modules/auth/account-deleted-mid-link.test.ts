import { ACCOUNT_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { users } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { standaloneLogger } from '../../lib/logger';
import { createMemoryMailer } from '../../lib/mailer';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser, uniqueEmail } from '../../test/factories';
import { linkToken } from '../../test/smtp';
import { type AppDeps, createContextInner } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { findUserById } from '../user/user.repository';
import { settleBackgroundTasks } from './background';
import { sendVerificationEmail } from './email-verification.service';
import { findSpentOneTimeToken } from './one-time-token.repository';

/*
 * An e-mailed link opened while its account is being deleted: the deletion lands in the one moment
 * between two reads of the request, put there by module mocks around the real reads.
 */

vi.mock('../user/user.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../user/user.repository')>();
  return { ...actual, findUserById: vi.fn(actual.findUserById) };
});
vi.mock('./one-time-token.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./one-time-token.repository')>();
  return { ...actual, findSpentOneTimeToken: vi.fn(actual.findSpentOneTimeToken) };
});

const real = {
  ...(await vi.importActual<typeof import('../user/user.repository')>('../user/user.repository')),
  ...(await vi.importActual<typeof import('./one-time-token.repository')>('./one-time-token.repository')),
};

const database = useTestDatabase();
afterEach(() => {
  vi.mocked(findUserById).mockReset();
  vi.mocked(findUserById).mockImplementation(real.findUserById);
  vi.mocked(findSpentOneTimeToken).mockReset();
  vi.mocked(findSpentOneTimeToken).mockImplementation(real.findSpentOneTimeToken);
  vi.restoreAllMocks();
});

const IP = '198.51.100.170';
const publicCaller = (deps: AppDeps) => createCaller(createContextInner({ deps, request: { ip: IP } }));
const deleteAccount = (userId: string) => database.db.delete(users).where(eq(users.id, userId));

function setUp() {
  const clock = new ManualClock('2026-08-03T12:00:00Z');
  const mailer = createMemoryMailer();
  const deps = testDeps({ database, clock, mailer });
  // The logger background tasks report their failures to.
  const failures = vi.spyOn(standaloneLogger(deps.env), 'error');
  return { deps, mailer, failures };
}

function tokenOfLastMail(
  mailer: ReturnType<typeof createMemoryMailer>,
  to: string,
  page: Parameters<typeof linkToken>[1],
) {
  const message = mailer.messages.findLast((sent) => sent.to === to);
  return linkToken(message && { ...message, from: '', recipients: [], raw: '' }, page);
}

describe('an account deleted in the middle of a link', () => {
  it('reset: the new password is set, and no notice goes to the deleted account', async () => {
    const { deps, mailer, failures } = setUp();
    const user = await createUser(deps.db, { now: deps.clock.now() });
    await publicCaller(deps).auth.requestPasswordReset({ email: user.email });
    await settleBackgroundTasks();
    const token = tokenOfLastMail(mailer, user.email, 'reset-password');
    const mailsBefore = mailer.messages.length;
    // Deleted after the reset committed, before the notice looks the user up.
    vi.mocked(findUserById).mockImplementationOnce(async (db, id) => {
      await deleteAccount(id);
      return real.findUserById(db, id);
    });

    await expect(
      publicCaller(deps).auth.resetPassword({ token, newPassword: 'harbour willow 52' }),
    ).resolves.toBeDefined();
    await settleBackgroundTasks();

    expect(mailer.messages.length).toBe(mailsBefore);
    expect(failures).not.toHaveBeenCalled();
  });

  it('verification opened again: refused as an invalid link, not a server error', async () => {
    const { deps, mailer } = setUp();
    const email = uniqueEmail('gone');
    const user = await createUser(deps.db, { email, emailVerified: false, now: deps.clock.now() });
    await sendVerificationEmail(deps, user);
    const token = tokenOfLastMail(mailer, email, 'verify-email');
    await publicCaller(deps).auth.verifyEmail({ token });
    // Deleted between the read of the spent link and the look-up of its user.
    vi.mocked(findSpentOneTimeToken).mockImplementationOnce(async (db, tokenHash, purpose) => {
      const spent = await real.findSpentOneTimeToken(db, tokenHash, purpose);
      if (spent) await deleteAccount(spent.userId);
      return spent;
    });

    const error = await errorOf(publicCaller(deps).auth.verifyEmail({ token }));

    expect([error.code, error.message]).toEqual(['BAD_REQUEST', ACCOUNT_MESSAGES.invalidLink]);
  });
});
