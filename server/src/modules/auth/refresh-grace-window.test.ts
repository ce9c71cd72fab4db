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

/* The grace window for a just-rotated token, at its edges: REFRESH_REUSE_INTERVAL_SECONDS is inclusive. */

const database = useTestDatabase();

function tab(deps: AppDeps, refreshToken?: string) {
  const cookies = createMemoryRefreshTokenStore(refreshToken);
  return { caller: createCaller(createContextInner({ deps, refreshTokenStore: cookies })), cookies };
}

/** Signs in, rotates once, and returns the spent parent, the current child and the rotating tab. */
async function rotatedOnce(interval: number) {
  const clock = new ManualClock('2026-06-01T10:00:00Z');
  const deps = testDeps({ database, clock, env: testEnv({ REFRESH_REUSE_INTERVAL_SECONDS: String(interval) }) });
  const user = await createUser(deps.db);
  const first = tab(deps);
  sessionOf(await first.caller.auth.login({ email: user.email, password: TEST_PASSWORD }));
  const parent = first.cookies.token as string;
  await first.caller.auth.refresh();
  return { clock, deps, parent, child: first.cookies.token as string, first };
}

describe('the refresh grace window', () => {
  it('still accepts the parent at exactly the interval, and hands out the current child', async () => {
    const { clock, deps, parent, child } = await rotatedOnce(10);
    clock.advance(10_000);
    const late = tab(deps, parent);
    await expect(late.caller.auth.refresh()).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(late.cookies.token).toBe(child);
  });

  it('treats the parent one millisecond past the interval as a replay and ends the session', async () => {
    const { clock, deps, parent, first } = await rotatedOnce(10);
    clock.advance(10_001);
    const late = tab(deps, parent);
    expect((await errorOf(late.caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    expect((await errorOf(first.caller.auth.refresh())).code).toBe('UNAUTHORIZED');
  });

  it('with an interval of 0, accepts the parent only in the same millisecond', async () => {
    const { clock, deps, parent, child } = await rotatedOnce(0);
    const sameInstant = tab(deps, parent);
    await sameInstant.caller.auth.refresh();
    expect(sameInstant.cookies.token).toBe(child);
    clock.advance(1);
    expect((await errorOf(tab(deps, parent).caller.auth.refresh())).code).toBe('UNAUTHORIZED');
  });
});
