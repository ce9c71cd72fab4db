import type { User } from '@finailytics/shared';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sessions, users } from '../../db/schema';

/** The columns a user row may leave the repository with: never the password hash. */
export const userColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  emailVerifiedAt: users.emailVerifiedAt,
  profilePicture: users.profilePicture,
  timezone: users.timezone,
  currency: users.currency,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export type UserRow = {
  id: string;
  name: string;
  email: string;
  emailVerifiedAt: Date | null;
  profilePicture: string | null;
  timezone: string;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
};

export function toUser(row: UserRow): User {
  const { emailVerifiedAt, ...rest } = row;
  return {
    ...rest,
    emailVerified: emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id));
  return row;
}

/**
 * Unnamed (''): Drizzle still renders the SQL once, and the statement also works through a pooler in
 * transaction mode (PgBouncer), where a statement named on one server connection is missing on the next.
 */
function prepareUserBySession(db: Db) {
  return db
    .select(userColumns)
    .from(users)
    .innerJoin(sessions, eq(sessions.userId, users.id))
    .where(
      and(
        eq(users.id, sql.placeholder('userId')),
        eq(sessions.id, sql.placeholder('sessionId')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare('');
}

/** Built once per database: every protected call runs this query, so Drizzle does not render it again. */
const userBySession = new WeakMap<Db, ReturnType<typeof prepareUserBySession>>();

/** The user behind an access token, provided the token's session is still live. One query. */
export async function findUserBySession(db: Db, userId: string, sessionId: string, now: Date) {
  let query = userBySession.get(db);
  if (!query) {
    query = prepareUserBySession(db);
    userBySession.set(db, query);
  }
  const [row] = await query.execute({ userId, sessionId, now });
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.email, email));
  return row;
}

export async function findCredentialsByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  return row;
}

export async function findPasswordHash(db: Db, userId: string): Promise<string | undefined> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.passwordHash;
}

export async function insertUser(
  db: Db,
  values: {
    name: string;
    email: string;
    passwordHash: string;
    timezone: string;
    currency: string;
    now: Date;
    /** Unverified unless told otherwise; only tests and imports know an address is confirmed. */
    emailVerifiedAt?: Date | null;
  },
): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({
      name: values.name,
      email: values.email,
      passwordHash: values.passwordHash,
      timezone: values.timezone,
      currency: values.currency,
      emailVerifiedAt: values.emailVerifiedAt ?? null,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .returning(userColumns);
  if (!row) throw new Error('Insert returned no row');
  return row;
}

export async function updateUserProfile(
  db: Db,
  userId: string,
  changes: Partial<Pick<UserRow, 'name' | 'profilePicture' | 'timezone' | 'currency'>>,
  now: Date,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, userId))
    .returning(userColumns);
  return row;
}

export async function updatePasswordHash(db: Db, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
}

/**
 * Marks the address confirmed, provided it is still the user's address (a link sent to an old
 * address confirms nothing). Returns false when it no longer is.
 */
export async function markEmailVerified(db: Db, userId: string, email: string, now: Date): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({
      emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)`,
      updatedAt: now,
    })
    .where(and(eq(users.id, userId), eq(users.email, email)))
    .returning({ id: users.id });
  return updated.length > 0;
}

export async function deleteUserById(db: Db, userId: string): Promise<boolean> {
  const deleted = await db.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
  return deleted.length > 0;
}
