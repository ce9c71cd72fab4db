import { createHmac, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
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

const signingKeys = new Map<string, KeyObject>();

/**
 * The HS256 key as a KeyObject, built once per secret. Given a string, jsonwebtoken first tries to
 * read it as a public key on every call, which costs far more than the HMAC itself.
 */
function accessTokenKey(secret: string): KeyObject {
  let key = signingKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    signingKeys.set(secret, key);
  }
  return key;
}

export function signAccessToken(config: TokenConfig, claims: AccessTokenClaims, now: Date): SignedAccessToken {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + config.JWT_EXPIRES_IN;
  const token = jwt.sign(
    { userId: claims.userId, sid: claims.sid, typ: ACCESS_TOKEN_TYPE, iat, exp },
    accessTokenKey(config.JWT_SECRET),
    {
      algorithm: 'HS256',
    },
  );
  return { token, expiresAt: new Date(exp * 1000) };
}

/** Returns the claims of a valid, unexpired access token, or null for anything else. */
export function verifyAccessToken(config: TokenConfig, token: string, now: Date): AccessTokenClaims | null {
  try {
    const payload = jwt.verify(token, accessTokenKey(config.JWT_SECRET), {
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

/*
 * Tokens sent by e-mail (password reset, e-mail verification) and sign-in challenges are 256-bit
 * random strings like refresh tokens, and are likewise kept only as keyed hashes, each kind under
 * its own subkey so a hash of one kind never matches another.
 */

export function createOneTimeToken(): string {
  return randomBytes(32).toString('base64url');
}

export function keyedHash(
  config: Pick<Env, 'JWT_REFRESH_SECRET'>,
  purpose: 'one-time-token' | 'two-factor-challenge',
  value: string,
): string {
  return createHmac('sha256', subkey(config as TokenConfig, `${purpose}-hash`))
    .update(value)
    .digest('base64url');
}

type TwoFactorKeyConfig = Pick<Env, 'JWT_REFRESH_SECRET' | 'TWO_FACTOR_ENCRYPTION_KEY'>;

/**
 * Keys for what two-factor sign-in stores: the TOTP secrets (encrypted) and the recovery codes
 * (hashed). They come from TWO_FACTOR_ENCRYPTION_KEY when set, so rotating the JWT secrets does not
 * turn everyone's second factor off; without it, from JWT_REFRESH_SECRET.
 */
function twoFactorKey(config: TwoFactorKeyConfig, purpose: string): Buffer {
  const root = config.TWO_FACTOR_ENCRYPTION_KEY ?? config.JWT_REFRESH_SECRET;
  return createHmac('sha256', root).update(`finailytics:two-factor:${purpose}`).digest();
}

export function twoFactorSecretKey(config: TwoFactorKeyConfig): Buffer {
  return twoFactorKey(config, 'secret-encryption');
}

/** Bound to the user, so a code's hash means nothing in another account. */
export function hashRecoveryCode(config: TwoFactorKeyConfig, userId: string, code: string): string {
  return createHmac('sha256', twoFactorKey(config, 'recovery-code-hash'))
    .update(`${userId}:${code}`)
    .digest('base64url');
}
