import { createHmac, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Env } from '../../env';

type TokenConfig = Pick<Env, 'JWT_SECRET' | 'JWT_EXPIRES_IN' | 'JWT_REFRESH_SECRET'>;

export interface AccessTokenClaims {
  userId: string;
  /** The session the token was issued for; revoking the session ends the token too. */
  sid: string;
}

export interface SignedAccessToken {
  token: string;
  expiresAt: Date;
}

// An explicit allow-list: "none" and every other algorithm are refused, whatever the header says.
const ACCESS_TOKEN_ALGORITHMS: jwt.Algorithm[] = ['HS256'];
const ACCESS_TOKEN_TYPE = 'access';

export function signAccessToken(config: TokenConfig, claims: AccessTokenClaims, now: Date): SignedAccessToken {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + config.JWT_EXPIRES_IN;
  const token = jwt.sign(
    { userId: claims.userId, sid: claims.sid, typ: ACCESS_TOKEN_TYPE, iat, exp },
    config.JWT_SECRET,
    {
      algorithm: 'HS256',
    },
  );
  return { token, expiresAt: new Date(exp * 1000) };
}

/** Returns the claims of a valid, unexpired access token, or null for anything else. */
export function verifyAccessToken(config: TokenConfig, token: string, now: Date): AccessTokenClaims | null {
  try {
    const payload = jwt.verify(token, config.JWT_SECRET, {
      algorithms: ACCESS_TOKEN_ALGORITHMS,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
    if (typeof payload !== 'object' || payload === null) return null;
    const { userId, sid, typ } = payload as Record<string, unknown>;
    if (typ !== ACCESS_TOKEN_TYPE || typeof userId !== 'string' || typeof sid !== 'string') return null;
    return { userId, sid };
  } catch {
    return null;
  }
}

/*
 * Refresh tokens are 256-bit random strings. The server keeps only an HMAC of each (keyed with
 * JWT_REFRESH_SECRET), so a database dump yields no usable token. A rotated token's successor is
 * derived from it with a second key: presenting the same parent twice inside the grace window
 * yields the very same child, which is what lets two tabs refresh at once without forking the session.
 */

function subkey(config: TokenConfig, purpose: string): Buffer {
  return createHmac('sha256', config.JWT_REFRESH_SECRET).update(`finailytics:${purpose}`).digest();
}

export function createRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(config: TokenConfig, token: string): string {
  return createHmac('sha256', subkey(config, 'refresh-token-hash')).update(token).digest('base64url');
}

export function deriveChildRefreshToken(config: TokenConfig, parent: string): string {
  return createHmac('sha256', subkey(config, 'refresh-token-rotation')).update(parent).digest('base64url');
}

/** Refresh tokens are base64url of 32 bytes; anything else is refused before touching the database. */
export function looksLikeRefreshToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
