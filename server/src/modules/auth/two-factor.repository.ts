import { and, count, eq, gt, isNull, lt, lte, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { twoFactorChallenges, twoFactorCredentials, twoFactorRecoveryCodes, users } from '../../db/schema';

export async function findTwoFactorCredential(db: Db, userId: string) {
  const [row] = await db
    .select({
      secretEncrypted: twoFactorCredentials.secretEncrypted,
      enabledAt: twoFactorCredentials.enabledAt,
      lastUsedStep: twoFactorCredentials.lastUsedStep,
    })
    .from(twoFactorCredentials)
    .where(eq(twoFactorCredentials.userId, userId));
  return row;
}

export async function isTwoFactorEnabled(db: Db, userId: string): Promise<boolean> {
  const credential = await findTwoFactorCredential(db, userId);
  return Boolean(credential?.enabledAt);
}

/**
 * Stores a new secret awaiting its first code, replacing an earlier unconfirmed one. Never touches
 * an enabled credential: returns false when there is one.
 */
export async function savePendingTwoFactorSecret(
  db: Db,
  values: { userId: string; secretEncrypted: string; now: Date },
): Promise<boolean> {
  const saved = await db
    .insert(twoFactorCredentials)
    .values({
      userId: values.userId,
      secretEncrypted: values.secretEncrypted,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoUpdate({
      target: twoFactorCredentials.userId,
      set: {
        secretEncrypted: values.secretEncrypted,
        lastUsedStep: null,
        createdAt: values.now,
        updatedAt: values.now,
      },
      setWhere: isNull(twoFactorCredentials.enabledAt),
    })
    .returning({ userId: twoFactorCredentials.userId });
  return saved.length > 0;
}

/**
 * Records that a code for `step` was accepted, only if no code for this or a later step was: the
 * single statement makes two requests with one code unable to both pass.
 */
export async function claimTotpStep(db: Db, userId: string, step: number, now: Date): Promise<boolean> {
  const claimed = await db
    .update(twoFactorCredentials)
    .set({ lastUsedStep: step, updatedAt: now })
    .where(
      and(
        eq(twoFactorCredentials.userId, userId),
        or(isNull(twoFactorCredentials.lastUsedStep), lt(twoFactorCredentials.lastUsedStep, step)),
      ),
    )
    .returning({ userId: twoFactorCredentials.userId });
  return claimed.length > 0;
}

export async function markTwoFactorEnabled(db: Db, userId: string, now: Date): Promise<boolean> {
  const enabled = await db
    .update(twoFactorCredentials)
    .set({ enabledAt: now, updatedAt: now })
    .where(and(eq(twoFactorCredentials.userId, userId), isNull(twoFactorCredentials.enabledAt)))
    .returning({ userId: twoFactorCredentials.userId });
  return enabled.length > 0;
}

export async function deleteTwoFactorCredential(db: Db, userId: string): Promise<void> {
  await db.delete(twoFactorCredentials).where(eq(twoFactorCredentials.userId, userId));
}

export async function replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[], now: Date): Promise<void> {
  await db.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
  await db.insert(twoFactorRecoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
}

export async function deleteRecoveryCodes(db: Db, userId: string): Promise<void> {
  await db.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
}

/** Spends an unused recovery code in one statement; false when there is no such unused code. */
export async function spendRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const spent = await db
    .update(twoFactorRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(twoFactorRecoveryCodes.userId, userId),
        eq(twoFactorRecoveryCodes.codeHash, codeHash),
        isNull(twoFactorRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: twoFactorRecoveryCodes.id });
  return spent.length > 0;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ left: count() })
    .from(twoFactorRecoveryCodes)
    .where(and(eq(twoFactorRecoveryCodes.userId, userId), isNull(twoFactorRecoveryCodes.usedAt)));
  return row?.left ?? 0;
}

/** Stores a sign-in challenge and forgets the user's finished or expired ones. */
export async function insertTwoFactorChallenge(
  db: Db,
  values: { userId: string; tokenHash: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db
    .delete(twoFactorChallenges)
    .where(
      and(
        eq(twoFactorChallenges.userId, values.userId),
        or(sql`${twoFactorChallenges.consumedAt} is not null`, lte(twoFactorChallenges.expiresAt, values.now)),
      ),
    );
  await db.insert(twoFactorChallenges).values({
    userId: values.userId,
    tokenHash: values.tokenHash,
    createdAt: values.now,
    expiresAt: values.expiresAt,
  });
}

/**
 * Counts one attempt against a live challenge and returns it; undefined when the challenge is
 * unknown, expired, already used or out of attempts. Counted in the same statement that checks, so
 * parallel guesses cannot exceed the limit.
 */
export async function takeChallengeAttempt(db: Db, tokenHash: string, now: Date, maxAttempts: number) {
  const [row] = await db
    .update(twoFactorChallenges)
    .set({ attempts: sql`${twoFactorChallenges.attempts} + 1` })
    .where(
      and(
        eq(twoFactorChallenges.tokenHash, tokenHash),
        isNull(twoFactorChallenges.consumedAt),
        gt(twoFactorChallenges.expiresAt, now),
        lt(twoFactorChallenges.attempts, maxAttempts),
      ),
    )
    .returning({ id: twoFactorChallenges.id, userId: twoFactorChallenges.userId });
  return row;
}

export async function consumeChallenge(db: Db, id: string, now: Date): Promise<boolean> {
  const consumed = await db
    .update(twoFactorChallenges)
    .set({ consumedAt: now })
    .where(and(eq(twoFactorChallenges.id, id), isNull(twoFactorChallenges.consumedAt)))
    .returning({ id: twoFactorChallenges.id });
  return consumed.length > 0;
}

export async function deleteTwoFactorChallenges(db: Db, userId: string): Promise<void> {
  await db.delete(twoFactorChallenges).where(eq(twoFactorChallenges.userId, userId));
}

/** Deletes sign-in challenges that expired before `before`; returns how many. */
export async function deleteExpiredTwoFactorChallenges(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(twoFactorChallenges)
    .where(lt(twoFactorChallenges.expiresAt, before))
    .returning({ id: twoFactorChallenges.id });
  return deleted.length;
}

/**
 * Removes a two-factor setup the address's owner cannot be sure is theirs: one still pending, or one
 * turned on before the address was verified (possible before enabling required a verified address),
 * when anyone who typed the address at sign-up could have bound it to their own phone. A setup turned
 * on after verification stays. Returns whether an enabled setup was removed; recovery codes go with it.
 */
export async function deleteTwoFactorSetUpBeforeVerification(db: Db, userId: string): Promise<boolean> {
  const verifiedBeforeEnabled = db
    .select({ one: sql`1` })
    .from(users)
    .where(and(eq(users.id, userId), lte(users.emailVerifiedAt, twoFactorCredentials.enabledAt)));
  const removed = await db
    .delete(twoFactorCredentials)
    .where(
      and(
        eq(twoFactorCredentials.userId, userId),
        or(isNull(twoFactorCredentials.enabledAt), notExists(verifiedBeforeEnabled)),
      ),
    )
    .returning({ enabledAt: twoFactorCredentials.enabledAt });
  if (removed.length === 0) return false;
  await deleteRecoveryCodes(db, userId);
  return removed[0]?.enabledAt !== null;
}
