import { TWO_FACTOR_MESSAGES } from '@finailytics/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { challengeOf, sessionOf } from '../../test/auth';
import { createTestCaller, testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { createContextInner } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { totpCodeAt } from './totp';
import { findTwoFactorCredential } from './two-factor.repository';
import { enableTwoFactor } from './two-factor.service';

// Two requests turning two-factor sign-in on at the same moment: the real credential read, with the
// other request run to its end between the read and the rest of the enable.
vi.mock('./two-factor.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./two-factor.repository')>();
  return { ...actual, findTwoFactorCredential: vi.fn(actual.findTwoFactorCredential) };
});

const realRead = (await vi.importActual<typeof import('./two-factor.repository')>('./two-factor.repository'))
  .findTwoFactorCredential;

const database = useTestDatabase();
afterEach(() => {
  vi.mocked(findTwoFactorCredential).mockReset();
  vi.mocked(findTwoFactorCredential).mockImplementation(realRead);
});

/** A signed-in user with a secret set up, not yet on. */
async function setUp() {
  const clock = new ManualClock('2026-04-02T10:00:00Z');
  const deps = testDeps({ database, clock });
  const user = await createUser(deps.db, { now: clock.now() });
  const { caller } = await createTestCaller({ database, user, clock, rateLimits: deps.rateLimits, env: deps.env });
  const { secret } = await caller.user.twoFactor.setup({ password: TEST_PASSWORD });
  return { clock, deps, user, caller, secret };
}

/** Runs `rival` after the next enable has read the credential as not on, before it goes further. */
function enableBetweenReadAndWrite(rival: () => Promise<{ recoveryCodes: string[] }>) {
  let rivalAnswer: { recoveryCodes: string[] } | undefined;
  vi.mocked(findTwoFactorCredential).mockImplementationOnce(async (db, userId) => {
    const credential = await realRead(db, userId);
    rivalAnswer = await rival();
    return credential;
  });
  return () => rivalAnswer;
}

describe('two enables of one account at the same moment', () => {
  it('refuses the one whose code step the other claimed first, and keeps the winner’s recovery codes', async () => {
    const setup = await setUp();
    const { clock, deps, user, caller, secret } = setup;
    const code = totpCodeAt(secret, clock.now());
    const rival = enableBetweenReadAndWrite(() => enableTwoFactor(deps, user, code));

    const error = await errorOf(caller.user.twoFactor.enable({ code }));

    expect([error.code, error.message]).toEqual(['BAD_REQUEST', TWO_FACTOR_MESSAGES.invalidCode]);
    await expectOnWithCodes(rival()?.recoveryCodes, setup);
  });

  it('refuses the one that claimed a later step but found two-factor already on, and stores nothing of its own', async () => {
    const setup = await setUp();
    const { clock, deps, user, caller, secret } = setup;
    // The next step's code is still accepted (one step of drift), and a later step can be claimed
    // after an earlier one: only the switch-on tells this request that it lost.
    const rival = enableBetweenReadAndWrite(() => enableTwoFactor(deps, user, totpCodeAt(secret, clock.now())));
    const later = totpCodeAt(secret, new Date(clock.now().getTime() + 30_000));

    const error = await errorOf(caller.user.twoFactor.enable({ code: later }));

    expect([error.code, error.message]).toEqual(['BAD_REQUEST', TWO_FACTOR_MESSAGES.invalidCode]);
    await expectOnWithCodes(rival()?.recoveryCodes, setup);
  });
});

/** Two-factor sign-in is on with ten codes, and the winner's recovery codes are the ones that sign in. */
async function expectOnWithCodes(
  recoveryCodes: string[] | undefined,
  { clock, deps, user, caller }: Awaited<ReturnType<typeof setUp>>,
) {
  expect(recoveryCodes).toHaveLength(10);
  expect(await caller.user.twoFactor.status()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
  clock.advanceSeconds(30);
  const publicCaller = createCaller(createContextInner({ deps }));
  const { challenge } = challengeOf(await publicCaller.auth.login({ email: user.email, password: TEST_PASSWORD }));
  const session = sessionOf(await publicCaller.auth.verifyTwoFactor({ challenge, recoveryCode: recoveryCodes?.[0] }));
  expect(session.user.id).toBe(user.id);
}
