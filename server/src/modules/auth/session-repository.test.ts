import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client';
import { refreshTokens, sessions } from '../../db/schema';
import { createPrivateTestDatabase, createTestDatabase, type PrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { concurrentDatabases, untilSomethingWaitsForALock } from '../../test/lock-wait';
import {
  deleteEndedSessions,
  findCurrentChild,
  findRefreshTokenForUpdate,
  insertRefreshToken,
  insertSession,
  listActiveSessions,
  markRotated,
  revokeSessionById,
  revokeUserSession,
  revokeUserSessions,
  touchSession,
} from './session.repository';

/* The session and refresh-token queries on their own, each edge checked against the rows. */

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date('2026-06-01T10:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

async function newUser() {
  return createUser(database.db, { now: NOW });
}

async function newSession(userId: string, overrides: { now?: Date; expiresAt?: Date; ip?: string } = {}) {
  return insertSession(database.db, {
    userId,
    userAgent: 'vitest',
    ip: overrides.ip ?? '192.0.2.1',
    now: overrides.now ?? NOW,
    expiresAt: overrides.expiresAt ?? at(60),
  });
}

async function sessionRow(id: string) {
  const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

describe('insertSession and touchSession', () => {
  it('store who, where from and when, and move only lastUsedAt on use', async () => {
    const user = await newUser();
    const id = await newSession(user.id, { ip: '198.51.100.7' });
    expect(await sessionRow(id)).toMatchObject({
      userId: user.id,
      userAgent: 'vitest',
      ip: '198.51.100.7',
      createdAt: NOW,
      lastUsedAt: NOW,
      expiresAt: at(60),
      revokedAt: null,
    });
    await touchSession(database.db, id, at(5));
    expect(await sessionRow(id)).toMatchObject({ createdAt: NOW, lastUsedAt: at(5), expiresAt: at(60) });
  });
});

describe('refresh tokens', () => {
  it('finds a token with its session, and nothing for an unknown hash', async () => {
    const user = await newUser();
    const sessionId = await newSession(user.id);
    await insertRefreshToken(database.db, { sessionId, tokenHash: `hash-${sessionId}`, parentId: null, now: NOW });
    const found = await database.db.transaction((tx) => findRefreshTokenForUpdate(tx, `hash-${sessionId}`));
    expect(found).toEqual({
      token: { id: expect.any(String), sessionId, rotatedAt: null },
      session: { id: sessionId, userId: user.id, expiresAt: at(60), revokedAt: null },
    });
    expect(await findRefreshTokenForUpdate(database.db, `no-such-hash-${sessionId}`)).toBeUndefined();
  });

  it('reports a rotation, and the child only while it is the current token', async () => {
    const user = await newUser();
    const sessionId = await newSession(user.id);
    await insertRefreshToken(database.db, { sessionId, tokenHash: `parent-${sessionId}`, parentId: null, now: NOW });
    const parent = await findRefreshTokenForUpdate(database.db, `parent-${sessionId}`);
    if (!parent) throw new Error('parent not found');
    expect(await findCurrentChild(database.db, parent.token.id)).toBeUndefined();

    await markRotated(database.db, parent.token.id, at(1));
    await insertRefreshToken(database.db, {
      sessionId,
      tokenHash: `child-${sessionId}`,
      parentId: parent.token.id,
      now: at(1),
    });
    expect((await findRefreshTokenForUpdate(database.db, `parent-${sessionId}`))?.token.rotatedAt).toEqual(at(1));
    const child = await findCurrentChild(database.db, parent.token.id);
    expect(child).toEqual({ id: expect.any(String), tokenHash: `child-${sessionId}` });

    // Once the child is rotated in turn, it is no longer the parent's current child.
    await markRotated(database.db, child?.id ?? '', at(2));
    expect(await findCurrentChild(database.db, parent.token.id)).toBeUndefined();
    const [stored] = await database.db
      .select({ rotatedAt: refreshTokens.rotatedAt })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, `parent-${sessionId}`));
    expect(stored?.rotatedAt).toEqual(at(1));
  });
});

describe('revoking sessions', () => {
  it('revokeSessionById revokes once, with its reason, and answers false the second time', async () => {
    const user = await newUser();
    const id = await newSession(user.id);
    expect(await revokeSessionById(database.db, id, 'reuse_detected', at(1))).toBe(true);
    expect(await revokeSessionById(database.db, id, 'logout', at(2))).toBe(false);
    expect(await sessionRow(id)).toMatchObject({ revokedAt: at(1), revokedReason: 'reuse_detected' });
  });

  it('revokeUserSession revokes only a live session of that user, as "revoked"', async () => {
    const owner = await newUser();
    const other = await newUser();
    const id = await newSession(owner.id);
    expect(await revokeUserSession(database.db, other.id, id, at(1))).toBe(false);
    expect((await sessionRow(id))?.revokedAt).toBeNull();
    expect(await revokeUserSession(database.db, owner.id, id, at(1))).toBe(true);
    expect(await revokeUserSession(database.db, owner.id, id, at(2))).toBe(false);
    expect(await sessionRow(id)).toMatchObject({ revokedAt: at(1), revokedReason: 'revoked' });
  });

  it('revokeUserSessions revokes every live session of the user but the one kept, and counts them', async () => {
    const user = await newUser();
    const bystander = await newUser();
    const [kept, first, second, alreadyRevoked] = [
      await newSession(user.id),
      await newSession(user.id),
      await newSession(user.id),
      await newSession(user.id),
    ];
    const untouched = await newSession(bystander.id);
    await revokeSessionById(database.db, alreadyRevoked ?? '', 'logout', at(1));

    expect(await revokeUserSessions(database.db, user.id, 'password_changed', at(2), kept)).toBe(2);
    expect(await sessionRow(first ?? '')).toMatchObject({ revokedAt: at(2), revokedReason: 'password_changed' });
    expect(await sessionRow(second ?? '')).toMatchObject({ revokedAt: at(2), revokedReason: 'password_changed' });
    expect(await sessionRow(alreadyRevoked ?? '')).toMatchObject({ revokedAt: at(1), revokedReason: 'logout' });
    expect((await sessionRow(kept ?? ''))?.revokedAt).toBeNull();
    expect((await sessionRow(untouched))?.revokedAt).toBeNull();

    // Without a session to keep, the last one goes too.
    expect(await revokeUserSessions(database.db, user.id, 'logout_all', at(3))).toBe(1);
    expect(await sessionRow(kept ?? '')).toMatchObject({ revokedAt: at(3), revokedReason: 'logout_all' });
    expect(await revokeUserSessions(database.db, user.id, 'logout_all', at(4))).toBe(0);
  });
});

describe('listActiveSessions', () => {
  it('lists the live, unexpired sessions of the user, most recently used first', async () => {
    const user = await newUser();
    const other = await newUser();
    const older = await newSession(user.id, { ip: '192.0.2.10' });
    const newer = await newSession(user.id, { ip: '192.0.2.11' });
    await touchSession(database.db, newer, at(10));
    await touchSession(database.db, older, at(5));
    const revoked = await newSession(user.id);
    await revokeSessionById(database.db, revoked, 'logout', at(1));
    await newSession(user.id, { expiresAt: at(20) });
    await newSession(other.id);

    const listed = await listActiveSessions(database.db, user.id, at(20));
    expect(listed).toEqual([
      { id: newer, createdAt: NOW, lastUsedAt: at(10), expiresAt: at(60), userAgent: 'vitest', ip: '192.0.2.11' },
      { id: older, createdAt: NOW, lastUsedAt: at(5), expiresAt: at(60), userAgent: 'vitest', ip: '192.0.2.10' },
    ]);
  });
});

describe('deleteEndedSessions', () => {
  // It deletes across all users: on a database of its own, so no other file's sessions are in reach.
  let own: PrivateTestDatabase;
  beforeAll(async () => {
    own = await createPrivateTestDatabase();
  });
  afterAll(async () => {
    await own.close();
  });

  it('deletes sessions that expired or were revoked before the cut-off, with their tokens, and no others', async () => {
    const user = await createUser(own.db, { now: NOW });
    const add = (expiresAt: Date) =>
      insertSession(own.db, { userId: user.id, userAgent: null, ip: '192.0.2.1', now: NOW, expiresAt });
    const expired = await add(at(-1));
    const revoked = await add(at(60));
    await revokeSessionById(own.db, revoked, 'logout', at(-1));
    const endsAtCutOff = await add(at(0));
    const revokedAtCutOff = await add(at(60));
    await revokeSessionById(own.db, revokedAtCutOff, 'logout', at(0));
    const live = await add(at(60));
    await insertRefreshToken(own.db, { sessionId: expired, tokenHash: `gone-${expired}`, parentId: null, now: NOW });

    expect(await deleteEndedSessions(own.db, at(0))).toBe(2);
    const left = (await own.db.select({ id: sessions.id }).from(sessions)).map((row) => row.id);
    expect(left.sort()).toEqual([endsAtCutOff, revokedAtCutOff, live].sort());
    expect(await findRefreshTokenForUpdate(own.db, `gone-${expired}`)).toBeUndefined();
    expect(await deleteEndedSessions(own.db, at(0))).toBe(0);
  });
});

/*
 * findRefreshTokenForUpdate reads the token, then waits for its session's row lock. What another
 * transaction did while it waited must be what it answers. Two transactions at once need a
 * PostgreSQL server: the embedded database has a single connection, so these run with DATABASE_URL.
 */

const servers = concurrentDatabases();

describe.each(servers)('findRefreshTokenForUpdate while another transaction holds the session', () => {
  async function sessionWithToken() {
    const user = await createUser(database.db, { now: NOW });
    const sessionId = await insertSession(database.db, {
      userId: user.id,
      userAgent: null,
      ip: '192.0.2.1',
      now: NOW,
      expiresAt: new Date(NOW.getTime() + 3_600_000),
    });
    const tokenHash = `race-${sessionId}`;
    await insertRefreshToken(database.db, { sessionId, tokenHash, parentId: null, now: NOW });
    return { sessionId, tokenHash };
  }

  /**
   * Holds the session's lock, starts the lookup, lets `meanwhile` change things once the lookup waits,
   * and commits: the lookup then gets the lock and answers.
   */
  async function lookupDuring(sessionId: string, tokenHash: string, meanwhile: (tx: Db) => Promise<void>) {
    const started = await database.db.transaction(async (holder) => {
      await holder.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).for('update');
      const lookup = database.db.transaction((tx) => findRefreshTokenForUpdate(tx, tokenHash));
      await untilSomethingWaitsForALock(database.db, 'the lookup');
      await meanwhile(holder);
      // Wrapped, so the holder's transaction commits before anything waits on the lookup.
      return { lookup };
    });
    return started.lookup;
  }

  it('reports a rotation made while it waited, not the state it first read', async () => {
    const { sessionId, tokenHash } = await sessionWithToken();
    const rotatedAt = new Date(NOW.getTime() + 1_000);
    const found = await lookupDuring(sessionId, tokenHash, async (holder) => {
      const [token] = await holder
        .select({ id: refreshTokens.id })
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash));
      await markRotated(holder, token?.id ?? '', rotatedAt);
    });
    expect(found?.token.rotatedAt).toEqual(rotatedAt);
    expect(found?.session.id).toBe(sessionId);
  });

  it('finds nothing when the session was deleted while it waited', async () => {
    const { sessionId, tokenHash } = await sessionWithToken();
    const found = await lookupDuring(sessionId, tokenHash, async (holder) => {
      await holder.delete(sessions).where(eq(sessions.id, sessionId));
    });
    expect(found).toBeUndefined();
  });
});
