import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../../test/env';
import { signAccessToken, verifyAccessToken } from './tokens';

/*
 * The access token's exact claims and lifetime, and every claim verifyAccessToken insists on. Tokens
 * with a wrong claim are signed with the real secret here, so only the claim can be why they are refused.
 */

const env = testEnv({ JWT_EXPIRES_IN: '900' });
const NOW = new Date('2026-06-01T10:00:00.750Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const CLAIMS = { userId: 'user-1', sid: 'session-1' };

const decode = (token: string) => {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>,
  };
};

/** An HS-signed token over exactly this payload, with the real access-token secret. */
function signRaw(payload: unknown, alg: 'HS256' | 'HS384' = 'HS256'): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  const hash = alg === 'HS256' ? 'sha256' : 'sha384';
  return `${input}.${createHmac(hash, env.JWT_SECRET).update(input).digest('base64url')}`;
}

const valid = { ...CLAIMS, typ: 'access', iat: NOW_SECONDS, exp: NOW_SECONDS + 900 };

describe('signAccessToken', () => {
  it('signs HS256 the user, the session, the type and whole-second issue and expiry times', () => {
    const { token, expiresAt } = signAccessToken(env, CLAIMS, NOW);
    const { header, payload } = decode(token);
    expect(header.alg).toBe('HS256');
    expect(payload).toEqual({ userId: 'user-1', sid: 'session-1', typ: 'access', iat: 1780308000, exp: 1780308900 });
    expect(expiresAt.toISOString()).toBe('2026-06-01T10:15:00.000Z');
  });

  it('makes the token signRaw makes from the same claims, byte for byte', () => {
    expect(signAccessToken(env, CLAIMS, NOW).token).toBe(signRaw(valid));
  });
});

describe('verifyAccessToken', () => {
  it('returns the user and session of a token it signed, until the second it expires', () => {
    const { token } = signAccessToken(env, CLAIMS, NOW);
    expect(verifyAccessToken(env, token, NOW)).toEqual(CLAIMS);
    expect(verifyAccessToken(env, token, new Date(NOW.getTime() + 899_000))).toEqual(CLAIMS);
    expect(verifyAccessToken(env, token, new Date(NOW.getTime() + 900_000))).toBeNull();
  });

  it('judges expiry by the clock it is given, not the machine’s', () => {
    const longAgo = new Date('2001-01-01T00:00:00Z');
    const { token } = signAccessToken(env, CLAIMS, longAgo);
    expect(verifyAccessToken(env, token, longAgo)).toEqual(CLAIMS);
  });

  it('refuses HS384 even under the right secret: HS256 is the only algorithm', () => {
    expect(verifyAccessToken(env, signRaw(valid), NOW)).toEqual(CLAIMS);
    expect(verifyAccessToken(env, signRaw(valid, 'HS384'), NOW)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const other = testEnv({ JWT_SECRET: 'another-access-secret-0123456789abcdef0' });
    expect(verifyAccessToken(env, signAccessToken(other, CLAIMS, NOW).token, NOW)).toBeNull();
  });

  it('refuses a token of another type, or none', () => {
    expect(verifyAccessToken(env, signRaw({ ...valid, typ: 'refresh' }), NOW)).toBeNull();
    expect(verifyAccessToken(env, signRaw({ ...valid, typ: undefined }), NOW)).toBeNull();
  });

  it('refuses a user or session that is not a string', () => {
    expect(verifyAccessToken(env, signRaw({ ...valid, userId: 42 }), NOW)).toBeNull();
    expect(verifyAccessToken(env, signRaw({ ...valid, sid: 42 }), NOW)).toBeNull();
    expect(verifyAccessToken(env, signRaw({ ...valid, userId: undefined }), NOW)).toBeNull();
  });

  it('answers null, not an error, for garbage', () => {
    expect(verifyAccessToken(env, 'not-a-token', NOW)).toBeNull();
    expect(verifyAccessToken(env, '', NOW)).toBeNull();
  });
});
