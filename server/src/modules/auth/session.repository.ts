import { and, desc, eq, gt, isNull, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { refreshTokens, sessions } from '../../db/schema';

export type RevokeReason =
  | 'logout'
  | 'logout_all'
  | 'revoked'
  | 'password_changed'
  | 'password_reset'
  | 'reuse_detected';

export async function insertSession(
  db: Db,
  values: { userId: string; userAgent: string | null; ip: string; now: Date; expiresAt: Date },
): Promise<string> {
  const [row] = await db
    .insert(sessions)
    .values({
      userId: values.userId,
      userAgent: values.userAgent,
      ip: values.ip,
      createdAt: values.now,
      lastUsedAt: values.now,
      expiresAt: values.expiresAt,
    })
    .returning({ id: sessions.id });
  if (!row) throw new Error('Insert returned no row');
  return row.id;
}

export async function insertRefreshToken(
  db: Db,
  values: { sessionId: string; tokenHash: string; parentId: string | null; now: Date },
): Promise<void> {
  await db.insert(refreshTokens).values({
    sessionId: values.sessionId,
    tokenHash: values.tokenHash,
    parentId: values.parentId,
    createdAt: values.now,
  });
}

/**
 * The token with this hash and its session, with the session row locked until the transaction
 * ends: concurrent refreshes of one session take turns, so only one of them rotates.
 */
export async function findRefreshTokenForUpdate(db: Db, tokenHash: string) {
  const [token] = await db
    .select({ id: refreshTokens.id, sessionId: refreshTokens.sessionId, rotatedAt: refreshTokens.rotatedAt })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash));
  if (!token) return undefined;
  const [session] = await db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
    })
    .from(sessions)
    .where(eq(sessions.id, token.sessionId))
    .for('update');
  if (!session) return undefined;
  // Read again under the lock: another refresh may have rotated this token meanwhile.
  const [current] = await db
    .select({ rotatedAt: refreshTokens.rotatedAt })
    .from(refreshTokens)
    .where(eq(refreshTokens.id, token.id));
  return { token: { ...token, rotatedAt: current?.rotatedAt ?? token.rotatedAt }, session };
}

/** The child a rotated token was replaced by, when that child is still the session's current token. */
export async function findCurrentChild(db: Db, parentId: string) {
  const [child] = await db
    .select({ id: refreshTokens.id, tokenHash: refreshTokens.tokenHash })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.parentId, parentId), isNull(refreshTokens.rotatedAt)));
  return child;
}

export async function markRotated(db: Db, tokenId: string, now: Date): Promise<void> {
  await db.update(refreshTokens).set({ rotatedAt: now }).where(eq(refreshTokens.id, tokenId));
}

export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, sessionId));
}

export async function revokeSessionById(db: Db, sessionId: string, reason: RevokeReason, now: Date): Promise<boolean> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return revoked.length > 0;
}

export async function revokeUserSession(db: Db, userId: string, sessionId: string, now: Date): Promise<boolean> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: 'revoked' })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return revoked.length > 0;
}

/** Revokes every live session of the user, except `keepSessionId` when given. Returns how many. */
export async function revokeUserSessions(
  db: Db,
  userId: string,
  reason: RevokeReason,
  now: Date,
  keepSessionId?: string,
): Promise<number> {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (keepSessionId) conditions.push(ne(sessions.id, keepSessionId));
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(...conditions))
    .returning({ id: sessions.id });
  return revoked.length;
}

export async function listActiveSessions(db: Db, userId: string, now: Date) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastUsedAt: sessions.lastUsedAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
      ip: sessions.ip,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastUsedAt));
}

/**
 * Deletes sessions (and, by cascade, their token hashes) that ended before `before`: expired or revoked.
 * Spent token hashes are kept while a session lives because they are what detects a replayed token.
 */
export async function deleteEndedSessions(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, before), lt(sessions.revokedAt, before)))
    .returning({ id: sessions.id });
  return deleted.length;
}
