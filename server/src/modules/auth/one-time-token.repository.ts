import { and, eq, gt, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { type OneTimeTokenPurpose, oneTimeTokens } from '../../db/schema';

/**
 * Stores a new token and deletes the user's earlier ones of the same purpose in one transaction,
 * so only the newest link works.
 */
export async function replaceOneTimeToken(
  db: Db,
  values: {
    userId: string;
    purpose: OneTimeTokenPurpose;
    tokenHash: string;
    email: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .delete(oneTimeTokens)
      .where(and(eq(oneTimeTokens.userId, values.userId), eq(oneTimeTokens.purpose, values.purpose)));
    await tx.insert(oneTimeTokens).values({
      userId: values.userId,
      purpose: values.purpose,
      tokenHash: values.tokenHash,
      email: values.email,
      createdAt: values.now,
      expiresAt: values.expiresAt,
    });
  });
}

/**
 * Spends a live token in one statement, so two requests racing with one link cannot both succeed.
 * Returns whom it was issued to, or undefined for a used, expired or unknown token.
 */
export async function consumeOneTimeToken(db: Db, tokenHash: string, purpose: OneTimeTokenPurpose, now: Date) {
  const [row] = await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.tokenHash, tokenHash),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .returning({ userId: oneTimeTokens.userId, email: oneTimeTokens.email });
  return row;
}

/** A token of this purpose that was already spent, if there is one. */
export async function findSpentOneTimeToken(db: Db, tokenHash: string, purpose: OneTimeTokenPurpose) {
  const [row] = await db
    .select({ userId: oneTimeTokens.userId, email: oneTimeTokens.email })
    .from(oneTimeTokens)
    .where(
      and(eq(oneTimeTokens.tokenHash, tokenHash), eq(oneTimeTokens.purpose, purpose), isNotNull(oneTimeTokens.usedAt)),
    );
  return row;
}

export async function deleteOneTimeTokens(db: Db, userId: string, purpose: OneTimeTokenPurpose): Promise<void> {
  await db.delete(oneTimeTokens).where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose)));
}

/** Deletes tokens that expired before `before`, used or not; returns how many. */
export async function deleteExpiredOneTimeTokens(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(oneTimeTokens)
    .where(lt(oneTimeTokens.expiresAt, before))
    .returning({ id: oneTimeTokens.id });
  return deleted.length;
}
