import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { sessionOf } from '../../test/auth';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { type AppDeps, createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';

/*
 * An access token is only as good as its session: when the session reaches its absolute lifetime,
 * an access token issued moments before (and valid for up to 15 more minutes) stops working too.
 */

const database = useTestDatabase();

const withToken = (deps: AppDeps, accessToken: string) =>
  createCaller(createContextInner({ deps, accessToken, refreshTokenStore: createMemoryRefreshTokenStore() }));

describe('an access token whose session has expired', () => {
  it('works until the session expires and is refused from that instant on', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    // Sessions of 5 minutes, access tokens of 15: the token outlives its session by 10 minutes.
    const deps = testDeps({ database, clock, env: testEnv({ JWT_REFRESH_EXPIRES_IN: '5m', JWT_EXPIRES_IN: '15m' }) });
    const user = await createUser(deps.db);
    const cookies = createMemoryRefreshTokenStore();
    const login = sessionOf(
      await createCaller(createContextInner({ deps, refreshTokenStore: cookies })).auth.login({
        email: user.email,
        password: TEST_PASSWORD,
      }),
    );
    expect(login.expiresAt).toBe('2026-06-01T10:15:00.000Z');

    clock.advance(5 * 60_000 - 1);
    await expect(withToken(deps, login.accessToken).user.me()).resolves.toMatchObject({ id: user.id });

    clock.advance(1);
    expect((await errorOf(withToken(deps, login.accessToken).user.me())).code).toBe('UNAUTHORIZED');
    clock.advance(9 * 60_000);
    expect((await errorOf(withToken(deps, login.accessToken).user.me())).code).toBe('UNAUTHORIZED');
  });
});
