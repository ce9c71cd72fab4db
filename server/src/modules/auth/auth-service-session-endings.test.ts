import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { sessionOf } from '../../test/auth';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import type { AppDeps, RequestInfo } from '../../trpc/context';
import { loginUser, logoutAllSessions, logoutSession, refreshSession, revokeSession } from './auth.service';

/*
 * How a session ended is kept on its row (revoked_at, revoked_reason): what an investigation of a
 * stolen token reads. Each way out writes its own reason.
 */

const database = useTestDatabase();

const REQUEST: RequestInfo = { ip: '192.0.2.80', userAgent: null, origin: null, serverOrigin: null };

async function signIn(deps: AppDeps, email: string) {
  return sessionOf(await loginUser(deps, { email, password: TEST_PASSWORD }, REQUEST));
}

const endingsOf = async (userId: string) =>
  database.db
    .select({ revokedAt: sessions.revokedAt, revokedReason: sessions.revokedReason })
    .from(sessions)
    .where(eq(sessions.userId, userId));

describe('how a session ended', () => {
  it('is "reuse_detected" when a spent refresh token comes back after the grace window', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const deps = testDeps({ database, clock });
    const user = await createUser(deps.db);
    const login = await signIn(deps, user.email);
    await refreshSession(deps, login.refreshToken);
    clock.advanceSeconds(60);
    await expect(refreshSession(deps, login.refreshToken)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await endingsOf(user.id)).toEqual([
      { revokedAt: new Date('2026-06-01T10:01:00Z'), revokedReason: 'reuse_detected' },
    ]);
  });

  it('is "logout" after signing out', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const deps = testDeps({ database, clock });
    const user = await createUser(deps.db);
    const login = await signIn(deps, user.email);
    await logoutSession(deps, login.refreshToken);
    expect(await endingsOf(user.id)).toEqual([
      { revokedAt: new Date('2026-06-01T10:00:00Z'), revokedReason: 'logout' },
    ]);
  });

  it('is "logout_all" for every session ended by signing out everywhere', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const deps = testDeps({ database, clock });
    const user = await createUser(deps.db);
    await signIn(deps, user.email);
    await signIn(deps, user.email);
    expect(await logoutAllSessions(deps, user.id)).toBe(2);
    const ending = { revokedAt: new Date('2026-06-01T10:00:00Z'), revokedReason: 'logout_all' };
    expect(await endingsOf(user.id)).toEqual([ending, ending]);
  });
});

describe('logoutSession', () => {
  it('does nothing for a well-formed token that belongs to no session', async () => {
    const deps = testDeps({ database });
    const user = await createUser(deps.db);
    await signIn(deps, user.email);
    await expect(logoutSession(deps, 'A'.repeat(43))).resolves.toBeUndefined();
    expect(await endingsOf(user.id)).toEqual([{ revokedAt: null, revokedReason: null }]);
  });
});

describe('revokeSession', () => {
  it('says the session was not found when it is not the caller’s', async () => {
    const deps = testDeps({ database });
    const owner = await createUser(deps.db);
    await signIn(deps, owner.email);
    const [row] = await database.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, owner.id));
    const stranger = await createUser(deps.db);
    await expect(revokeSession(deps, stranger.id, row?.id ?? '')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Session not found',
    });
  });
});
