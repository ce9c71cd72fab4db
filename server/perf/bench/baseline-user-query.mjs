// What every baseline process does for one protected call, written once: the query user.me's
// protected procedure runs (the user, provided the token's session is live), as Drizzle renders it,
// sent as a named prepared statement, and the same user object built from the row.
import jwt from 'jsonwebtoken';
export const USER_BY_SESSION = {
  name: 'bench_user_by_session',
  text:
    'select "users"."id", "users"."name", "users"."email", "users"."email_verified_at", "users"."profile_picture", ' +
    '"users"."timezone", "users"."currency", "users"."created_at", "users"."updated_at" from "users" ' +
    'inner join "sessions" on "sessions"."user_id" = "users"."id" where ("users"."id" = $1 and "sessions"."id" = $2 ' +
    'and "sessions"."revoked_at" is null and "sessions"."expires_at" > $3)',
};

/** The row of the query above, or undefined. */
export async function findUserBySession(pool, userId, sessionId, now) {
  const result = await pool.query({ ...USER_BY_SESSION, values: [userId, sessionId, now] });
  return result.rows[0];
}

export function toUser(row) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    profilePicture: row.profile_picture,
    timezone: row.timezone,
    currency: row.currency,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    emailVerified: row.email_verified_at !== null,
  };
}

/** The access token's claims as the app checks them, or null. */
export function claimsOf(payload) {
  if (typeof payload !== 'object' || payload === null) return null;
  const { userId, sid, typ } = payload;
  return typ === 'access' && typeof userId === 'string' && typeof sid === 'string' ? { userId, sid } : null;
}

/** One protected call's work: the bearer token verified with the prepared key, the query, the user; null when refused. */
export async function userOf(authorization, key, pool) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  let claims = null;
  try {
    claims = token ? claimsOf(jwt.verify(token, key, { algorithms: ['HS256'] })) : null;
  } catch {
    claims = null;
  }
  const row = claims ? await findUserBySession(pool, claims.userId, claims.sid, new Date()) : undefined;
  return row ? toUser(row) : null;
}
