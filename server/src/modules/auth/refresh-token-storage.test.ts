import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { refreshTokens } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { sessionOf } from '../../test/auth';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { type AppDeps, createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';

/*
 * What the refresh_tokens table keeps must be useless as a cookie: a database dump (or a backup, or a
 * read-only SQL injection) yields hashes, and neither a current nor a rotated token's hash opens the
 * session or predicts the token that replaced it.
 */

const database = useTestDatabase();

function browser(deps: AppDeps, refreshToken?: string) {
  const cookies = createMemoryRefreshTokenStore(refreshToken);
  const ctx = createContextInner({ deps, accessToken: null, refreshTokenStore: cookies });
  return { caller: createCaller(ctx), cookies };
}

async function signedIn(deps: AppDeps) {
  const user = await createUser(deps.db);
  const tab = browser(deps);
  const login = sessionOf(await tab.caller.auth.login({ email: user.email, password: TEST_PASSWORD }));
  return { ...tab, login };
}

async function storedRows(deps: AppDeps, sessionId: string) {
  return deps.db
    .select({ tokenHash: refreshTokens.tokenHash, rotatedAt: refreshTokens.rotatedAt })
    .from(refreshTokens)
    .where(eq(refreshTokens.sessionId, sessionId))
    .orderBy(asc(refreshTokens.createdAt));
}

async function sessionIdOf(deps: AppDeps, accessToken: string): Promise<string> {
  const tab = createCaller(
    createContextInner({ deps, accessToken, refreshTokenStore: createMemoryRefreshTokenStore() }),
  );
  const sessions = await tab.auth.sessions();
  const current = sessions.find((session) => session.current);
  if (!current) throw new Error('no current session');
  return current.id;
}

describe('refresh tokens at rest', () => {
  it('stores a value that is not the cookie, for the first token and every rotated one', async () => {
    const clock = new ManualClock('2026-06-01T10:00:00Z');
    const deps = testDeps({ database, clock });
    const { caller, cookies, login } = await signedIn(deps);
    const sessionId = await sessionIdOf(deps, login.accessToken);
    const issued = [cookies.token as string];
    for (let i = 0; i < 2; i++) {
      clock.advanceSeconds(60);
      await caller.auth.refresh();
      issued.push(cookies.token as string);
    }
    const rows = await storedRows(deps, sessionId);
    expect(rows).toHaveLength(3);
    expect(new Set(issued).size).toBe(3);
    for (const row of rows) {
      expect(row.tokenHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(issued).not.toContain(row.tokenHash);
    }
  });

  it('refuses the stored hash of the current token sent back as the cookie, and leaves the session alive', async () => {
    const deps = testDeps({ database, clock: new ManualClock() });
    const { caller, login } = await signedIn(deps);
    const sessionId = await sessionIdOf(deps, login.accessToken);
    const [row] = await storedRows(deps, sessionId);
    const dumped = browser(deps, row?.tokenHash);
    expect((await errorOf(dumped.caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    expect(dumped.cookies.token).toBeUndefined();
    // Nothing matched, so nothing was revoked: the real cookie still works.
    await expect(caller.auth.refresh()).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it("refuses a rotated token's stored hash: it is not the token that replaced it", async () => {
    const clock = new ManualClock();
    const deps = testDeps({ database, clock });
    const { caller, cookies, login } = await signedIn(deps);
    const sessionId = await sessionIdOf(deps, login.accessToken);
    await caller.auth.refresh();
    const current = cookies.token as string;
    const [rotated] = await storedRows(deps, sessionId);
    expect(rotated?.rotatedAt).not.toBeNull();
    expect(rotated?.tokenHash).not.toBe(current);
    const dumped = browser(deps, rotated?.tokenHash);
    expect((await errorOf(dumped.caller.auth.refresh())).code).toBe('UNAUTHORIZED');
    expect(dumped.cookies.token).toBeUndefined();
    clock.advanceSeconds(1);
    await expect(caller.auth.refresh()).resolves.toMatchObject({ accessToken: expect.any(String) });
  });
});
