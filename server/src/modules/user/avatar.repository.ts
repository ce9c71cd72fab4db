import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { userAvatars, users } from '../../db/schema';

export interface AvatarRow {
  contentType: string;
  data: Uint8Array;
  updatedAt: Date;
}

export async function upsertAvatar(
  db: Db,
  values: { userId: string; contentType: string; data: Uint8Array; now: Date },
): Promise<void> {
  const row = {
    contentType: values.contentType,
    byteLength: values.data.length,
    data: values.data,
    updatedAt: values.now,
  };
  await db
    .insert(userAvatars)
    .values({ userId: values.userId, ...row })
    .onConflictDoUpdate({ target: userAvatars.userId, set: row });
}

/** The stored picture, only while the user still shows one (clearing the picture hides it). */
export async function findAvatar(db: Db, userId: string): Promise<AvatarRow | undefined> {
  const [row] = await db
    .select({ contentType: userAvatars.contentType, data: userAvatars.data, updatedAt: userAvatars.updatedAt })
    .from(userAvatars)
    .innerJoin(users, eq(users.id, userAvatars.userId))
    .where(and(eq(userAvatars.userId, userId), isNotNull(users.profilePicture)));
  return row;
}
