import { describe, expect, it } from 'vitest';
import { sessionOf } from '../../test/auth';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../../test/factories';
import { type AppDeps, createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';

/*
 * What each sign-in throttle counts under: the per-address counter is per (IP, address), so nobody
 * can lock a person out from elsewhere; the per-IP counter survives a success minus one point, so a
 * sprayer cannot wipe it with an account of their own.
 */

const database = useTestDatabase();

const from = (deps: AppDeps, ip: string) =>
  createCaller(createContextInner({ deps, request: { ip }, refreshTokenStore: createMemoryRefreshTokenStore() }));

describe('the per-address sign-in throttle', () => {
  it('blocks the address only from the IP that failed, not the owner signing in from elsewhere', async () => {
    const deps = testDeps({ database, env: testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '3' }) });
    const victim = await createUser(deps.db);
    const attacker = from(deps, '203.0.113.9');
    for (let i = 0; i < 3; i++) {
      expect((await errorOf(attacker.auth.login({ email: victim.email, password: 'guess' }))).code).toBe(
        'UNAUTHORIZED',
      );
    }
    expect((await errorOf(attacker.auth.login({ email: victim.email, password: TEST_PASSWORD }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    const owner = sessionOf(
      await from(deps, '198.51.100.7').auth.login({ email: victim.email, password: TEST_PASSWORD }),
    );
    expect(owner.user.id).toBe(victim.id);
  });
});

describe('the per-IP sign-in throttle', () => {
  it('counts per IP: failures from one address leave another IP free', async () => {
    const deps = testDeps({ database, env: testEnv({ LOGIN_MAX_FAILURES_PER_IP: '3' }) });
    const sprayer = from(deps, '203.0.113.20');
    for (let i = 0; i < 3; i++) await errorOf(sprayer.auth.login({ email: uniqueEmail('spray'), password: 'x' }));
    expect((await errorOf(sprayer.auth.login({ email: uniqueEmail('spray'), password: 'x' }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    const user = await createUser(deps.db);
    const elsewhere = sessionOf(
      await from(deps, '198.51.100.20').auth.login({ email: user.email, password: TEST_PASSWORD }),
    );
    expect(elsewhere.user.id).toBe(user.id);
  });

  it('gives back only the successful attempt itself, not the failures before it', async () => {
    const deps = testDeps({ database, env: testEnv({ LOGIN_MAX_FAILURES_PER_IP: '4' }) });
    const own = await createUser(deps.db);
    const sprayer = from(deps, '203.0.113.30');
    // 3 failures: 3 points taken.
    for (let i = 0; i < 3; i++) await errorOf(sprayer.auth.login({ email: uniqueEmail('spray'), password: 'x' }));
    // A success takes a 4th point and gives that one back: still 3.
    sessionOf(await sprayer.auth.login({ email: own.email, password: TEST_PASSWORD }));
    // One more failure reaches the limit of 4; the attempt after it is refused before any password check.
    expect((await errorOf(sprayer.auth.login({ email: uniqueEmail('spray'), password: 'x' }))).code).toBe(
      'UNAUTHORIZED',
    );
    expect((await errorOf(sprayer.auth.login({ email: own.email, password: TEST_PASSWORD }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });
});
