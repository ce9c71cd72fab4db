import { AUTH_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { sessionOf } from '../../test/auth';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import type { RequestInfo } from '../../trpc/context';
import { loginUser, refreshSession } from './auth.service';

/*
 * How long a session and its refresh cookie live: the cookie's Max-Age is what is left of the
 * session's absolute lifetime, to the second, and the session ends at that instant.
 */

const database = useTestDatabase();

const REQUEST: RequestInfo = { ip: '192.0.2.44', userAgent: 'lifetime-test', origin: null, serverOrigin: null };

async function signedIn(lifetime: string) {
  const clock = new ManualClock('2026-06-01T10:00:00Z');
  const deps = testDeps({ database, clock, env: testEnv({ JWT_REFRESH_EXPIRES_IN: lifetime }) });
  const user = await createUser(deps.db);
  const login = sessionOf(await loginUser(deps, { email: user.email, password: TEST_PASSWORD }, REQUEST));
  return { clock, deps, user, login };
}

describe('loginUser', () => {
  it('starts a session that ends JWT_REFRESH_EXPIRES_IN after sign-in, with a cookie as long', async () => {
    const { user, login } = await signedIn('2h');
    expect(login.refreshMaxAgeSeconds).toBe(7200);
    const [row] = await database.db
      .select({ expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent })
      .from(sessions)
      .where(eq(sessions.userId, user.id));
    expect(row).toEqual({
      expiresAt: new Date('2026-06-01T12:00:00Z'),
      ip: '192.0.2.44',
      userAgent: 'lifetime-test',
    });
  });
});

describe('refreshSession', () => {
  it('gives the new cookie the whole seconds left of the session, not a fresh lifetime', async () => {
    const { clock, deps, login } = await signedIn('2h');
    clock.advance(60_500);
    const refreshed = await refreshSession(deps, login.refreshToken);
    // 7,200 s − 60.5 s = 7,139.5 s, rounded down.
    expect(refreshed.refreshMaxAgeSeconds).toBe(7139);
  });

  it('gives a cookie of at least one second in the last second of the session', async () => {
    const { clock, deps, login } = await signedIn('2h');
    clock.advance(7_200_000 - 400);
    const refreshed = await refreshSession(deps, login.refreshToken);
    expect(refreshed.refreshMaxAgeSeconds).toBe(1);
  });

  it('refuses the token from the instant the session ends', async () => {
    const { clock, deps, login } = await signedIn('2h');
    clock.advance(7_200_000 - 1);
    const last = await refreshSession(deps, login.refreshToken);
    clock.advance(1);
    await expect(refreshSession(deps, last.refreshToken)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: AUTH_MESSAGES.sessionExpired,
    });
  });
});
