import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { testDeps } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import type { RequestInfo } from '../../trpc/context';
import { loginUser, logoutSession } from './auth.service';
import { sendPasswordResetEmail } from './password-reset.service';
import { pruneEndedSessions, pruneExpiredAccountTokens } from './prune.job';
import { issueTwoFactorChallenge } from './two-factor.service';

/*
 * What the pruning jobs answer (the rows they removed) and where their cut-offs fall, to the
 * millisecond. A database of its own, so the counts are this file's rows only.
 */

const database = usePrivateTestDatabase();

const REQUEST: RequestInfo = { ip: '192.0.2.90', userAgent: null, origin: null, serverOrigin: null };
const DAY_MS = 86_400_000;

describe('pruneEndedSessions', () => {
  it('deletes a session that ended more than 30 days ago, to the millisecond, and says how many', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const deps = testDeps({ database, clock });
    const user = await createUser(deps.db);
    const ended = [];
    for (let index = 0; index < 2; index++) {
      const login = await loginUser(deps, { email: user.email, password: TEST_PASSWORD }, REQUEST);
      if (login.twoFactorRequired) throw new Error('expected a session');
      ended.push(login.refreshToken);
    }
    for (const token of ended) await logoutSession(deps, token);
    const remaining = async () =>
      (await database.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id))).length;

    clock.set(new Date(Date.parse('2026-01-01T00:00:00Z') + 30 * DAY_MS));
    expect(await pruneEndedSessions(deps)).toBe(0);
    expect(await remaining()).toBe(2);
    clock.advance(1);
    expect(await pruneEndedSessions(deps)).toBe(2);
    expect(await remaining()).toBe(0);
  });
});

describe('pruneExpiredAccountTokens', () => {
  it('answers the links and challenges it removed, together, once a week has passed', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const deps = testDeps({ database, clock, mailer: createMemoryMailer() });
    const user = await createUser(deps.db);
    await sendPasswordResetEmail(deps, user.email);
    await issueTwoFactorChallenge(deps, user.id);
    await issueTwoFactorChallenge(deps, user.id);

    // The challenges expired at 00:05, the link at 01:00.
    clock.set(new Date(Date.parse('2026-01-01T01:00:00Z') + 7 * DAY_MS));
    expect(await pruneExpiredAccountTokens(deps)).toBe(2);
    expect(await pruneExpiredAccountTokens(deps)).toBe(0);
    clock.advance(1);
    expect(await pruneExpiredAccountTokens(deps)).toBe(1);
  });
});
