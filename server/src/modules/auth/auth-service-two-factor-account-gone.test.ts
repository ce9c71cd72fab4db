import { AUTH_MESSAGES } from '@finailytics/shared';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { challengeOf } from '../../test/auth';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import type { RequestInfo } from '../../trpc/context';
import { findUserById } from '../user/user.repository';
import { completeTwoFactorLogin, loginUser } from './auth.service';
import { totpCodeAt } from './totp';

/*
 * The account is deleted (from another session) after the second factor was accepted and before the
 * session is started: the sign-in ends as an expired one, not as a server error. The deletion is
 * played by the user lookup finding nothing, as it would right after the DELETE committed.
 */

vi.mock('../user/user.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../user/user.repository')>();
  return { ...actual, findUserById: vi.fn(actual.findUserById) };
});

const database = useTestDatabase();

const REQUEST: RequestInfo = { ip: '192.0.2.90', userAgent: null, origin: null, serverOrigin: null };

describe('completeTwoFactorLogin', () => {
  it('answers UNAUTHORIZED (session expired) when the account is gone by the time the code is accepted', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const deps = testDeps({ database, clock });
    const user = await createUser(deps.db, { now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock, rateLimits: deps.rateLimits });
    const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
    const { recoveryCodes } = await caller.user.twoFactor.enable({ code: totpCodeAt(secret, clock.now()) });
    const { challenge } = challengeOf(await loginUser(deps, { email: user.email, password: TEST_PASSWORD }, REQUEST));

    vi.mocked(findUserById).mockResolvedValueOnce(undefined);
    await expect(
      completeTwoFactorLogin(deps, { challenge, recoveryCode: recoveryCodes[0] }, REQUEST),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: AUTH_MESSAGES.sessionExpired });
  });
});
