import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { AUTH_MESSAGES, canonicalEmail } from '@finailytics/shared';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { users } from '../../db/schema';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf, zodMessages } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { signAccessToken, verifyAccessToken } from './tokens';

/*
 * Forged access tokens and look-alike addresses. Every forged token carries claims that would be
 * valid (a real user and a live session, unexpired), so only the header or the signature is wrong.
 */

const database = useTestDatabase();
afterEach(() => {
  vi.restoreAllMocks();
});

const env = testEnv();
const NOW = new Date('2026-06-01T10:00:00Z');
const iat = Math.floor(NOW.getTime() / 1000);
const CLAIMS = { userId: '6a0d9a7e-1e0f-4c9b-9a43-8f6c2b7a1d55', sid: 'b4f3c1d2-7e8a-4f0b-8c1d-2e3f4a5b6c7d' };
const PAYLOAD = { ...CLAIMS, typ: 'access', iat, exp: iat + 900 };

const b64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact JWS with this exact header, signed by `sign` over `header.payload`. */
function forge(header: object, sign: (input: string) => string = () => '', payload: object = PAYLOAD): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${sign(input)}`;
}

const hs256 = (key: string | Buffer) => (input: string) => createHmac('sha256', key).update(input).digest('base64url');

/** Signs with a private key the attacker generated: RS256 (PKCS#1 v1.5) or ES256 (P-256, raw r||s). */
function signWith(privateKey: KeyObject, alg: 'RS256' | 'ES256') {
  return (input: string) => {
    const signature =
      alg === 'RS256'
        ? sign('sha256', Buffer.from(input), privateKey)
        : sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return signature.toString('base64url');
  };
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const attackerJwk = rsa.publicKey.export({ format: 'jwk' });

describe('a forged access token', () => {
  it('is accepted only when it is the genuine HS256 token (control)', () => {
    const genuine = signAccessToken(env, CLAIMS, NOW).token;
    expect(verifyAccessToken(env, genuine, NOW)).toEqual(CLAIMS);
    // The same claims, re-signed by hand with the real secret, verify too: the forgery helper is sound.
    expect(verifyAccessToken(env, forge({ alg: 'HS256', typ: 'JWT' }, hs256(env.JWT_SECRET)), NOW)).toEqual(CLAIMS);
  });

  it.each([
    ['none', ''],
    ['None', ''],
    ['NONE', ''],
    ['nOnE', ''],
  ])('is refused with alg "%s" and an empty signature part', (alg) => {
    expect(verifyAccessToken(env, forge({ alg, typ: 'JWT' }), NOW)).toBeNull();
  });

  it.each(['none', 'None', 'NONE'])('is refused with alg "%s" and no signature part at all', (alg) => {
    const unsigned = `${b64url({ alg, typ: 'JWT' })}.${b64url(PAYLOAD)}`;
    expect(verifyAccessToken(env, unsigned, NOW)).toBeNull();
  });

  it.each(['none', 'None', 'NONE'])('is refused with alg "%s" and the genuine HS256 signature kept', (alg) => {
    const genuineSignature = signAccessToken(env, CLAIMS, NOW).token.split('.')[2];
    expect(
      verifyAccessToken(
        env,
        forge({ alg, typ: 'JWT' }, () => genuineSignature ?? ''),
        NOW,
      ),
    ).toBeNull();
  });

  it('is refused when signed RS256 with a freshly generated key pair', () => {
    const token = forge({ alg: 'RS256', typ: 'JWT' }, signWith(rsa.privateKey, 'RS256'));
    expect(verifyAccessToken(env, token, NOW)).toBeNull();
  });

  it('is refused when signed ES256 with a freshly generated key pair', () => {
    const token = forge({ alg: 'ES256', typ: 'JWT' }, signWith(ec.privateKey, 'ES256'));
    expect(verifyAccessToken(env, token, NOW)).toBeNull();
  });

  it('is refused when signed HS256 with the public key of a freshly generated pair (algorithm confusion)', () => {
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' });
    expect(verifyAccessToken(env, forge({ alg: 'HS256', typ: 'JWT' }, hs256(pem)), NOW)).toBeNull();
  });

  it('is refused when its header embeds the attacker key as jwk, and nothing is fetched', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const token = forge({ alg: 'RS256', typ: 'JWT', jwk: attackerJwk }, signWith(rsa.privateKey, 'RS256'));
    expect(verifyAccessToken(env, token, NOW)).toBeNull();
    const hsToken = forge({ alg: 'HS256', typ: 'JWT', jwk: { kty: 'oct', k: b64url('attacker') } }, hs256('attacker'));
    expect(verifyAccessToken(env, hsToken, NOW)).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('is refused when its header points jku at the attacker key set, and nothing is fetched', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const header = { alg: 'RS256', typ: 'JWT', jku: 'https://attacker.example/jwks.json', kid: 'attacker' };
    expect(verifyAccessToken(env, forge(header, signWith(rsa.privateKey, 'RS256')), NOW)).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it.each([
    ['../../../../../../dev/null', ''],
    ['/proc/self/environ', ''],
    ["' UNION SELECT 'attacker-key' --", 'attacker-key'],
    ['1; DROP TABLE users; --', ''],
  ])('is refused with kid %j when signed HS256 with the key that kid would select', (kid, key) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    expect(verifyAccessToken(env, forge({ alg: 'HS256', typ: 'JWT', kid }, hs256(key)), NOW)).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('is refused when the genuine signature is kept but a kid or jku is added to the header', () => {
    // The signature covers the header, so any change to it breaks the HS256 check.
    const [, payload, signature] = signAccessToken(env, CLAIMS, NOW).token.split('.');
    for (const extra of [{ kid: '../../dev/null' }, { jku: 'https://attacker.example/jwks.json' }]) {
      const token = `${b64url({ alg: 'HS256', typ: 'JWT', ...extra })}.${payload}.${signature}`;
      expect(verifyAccessToken(env, token, NOW)).toBeNull();
    }
  });

  it('leaves the users table intact and answers UNAUTHORIZED through a protected procedure', async () => {
    const user = await createUser(database.db);
    const kid = "x'; DELETE FROM users; --";
    const token = forge({ alg: 'HS256', typ: 'JWT', kid }, hs256(''), { ...PAYLOAD, userId: user.id });
    const deps = testDeps({ database, env, clock: { now: () => NOW } });
    const ctx = createContextInner({
      deps,
      accessToken: token,
      request: { origin: null, serverOrigin: 'http://127.0.0.1:8000' },
      refreshTokenStore: createMemoryRefreshTokenStore(),
    });
    const error = await errorOf(createCaller(ctx).user.me());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe(AUTH_MESSAGES.notAuthenticated);
    const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.id, user.id));
    expect(row?.id).toBe(user.id);
  });
});

/*
 * Look-alike addresses. One random tag per test keeps the addresses unique across runs; the
 * look-alike is applied to the letters around it.
 */

function caller() {
  const ctx = createContextInner({
    deps: testDeps({ database, env }),
    accessToken: null,
    request: { origin: null, serverOrigin: 'http://127.0.0.1:8000' },
    refreshTokenStore: createMemoryRefreshTokenStore(),
  });
  return createCaller(ctx);
}

const tag = () => Math.random().toString(36).slice(2, 10);

/** ASCII → full-width forms (U+FF01–U+FF5E), which NFKC maps back. */
const fullWidth = (text: string) =>
  text.replace(/[!-~]/g, (char) => String.fromCharCode((char.codePointAt(0) ?? 0) - 0x21 + 0xff01));

async function register(email: string) {
  return caller().auth.register({ name: 'Look Alike', email, password: TEST_PASSWORD });
}

async function accountsFor(canonical: string): Promise<number> {
  const rows = await database.db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${canonical}`);
  return rows.length;
}

describe('look-alike e-mail addresses', () => {
  it('folds case: Mike@X.com after mike@x.com is the same account', async () => {
    const domain = `x-${tag()}.com`;
    await register(`mike@${domain}`);
    const error = await errorOf(register(`Mike@${domain.toUpperCase()}`));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(AUTH_MESSAGES.userExists);
    expect(await accountsFor(`mike@${domain}`)).toBe(1);
  });

  it('folds the Kelvin sign: \\u212Aate@… is kate@…, for sign-up and sign-in', async () => {
    const domain = `x-${tag()}.com`;
    const created = await register(`\u212Aate@${domain}`);
    expect(created.data.user.email).toBe(`kate@${domain}`);
    const error = await errorOf(register(`kate@${domain}`));
    expect(error.code).toBe('CONFLICT');
    const login = await caller().auth.login({ email: `\u212Aate@${domain}`, password: TEST_PASSWORD });
    expect(login.twoFactorRequired).toBe(false);
    expect(await accountsFor(`kate@${domain}`)).toBe(1);
  });

  it('folds full-width letters: ｍｉｋｅ＠ｘ．ｃｏｍ is mike@x.com', async () => {
    const domain = `x-${tag()}.com`;
    await register(`mike@${domain}`);
    const lookAlike = fullWidth(`mike@${domain}`);
    expect(lookAlike).not.toBe(`mike@${domain}`);
    expect(canonicalEmail(lookAlike)).toBe(`mike@${domain}`);
    const error = await errorOf(register(lookAlike));
    expect(error.code).toBe('CONFLICT');
    expect(await accountsFor(`mike@${domain}`)).toBe(1);
  });

  it('gives NFC and NFD one canonical form, and refuses both since addresses are ASCII-only', async () => {
    const domain = `x-${tag()}.com`;
    const nfc = `jos\u00e9@${domain}`;
    const nfd = `jose\u0301@${domain}`;
    expect(nfc).not.toBe(nfd);
    expect(canonicalEmail(nfd)).toBe(canonicalEmail(nfc));
    for (const email of [nfc, nfd]) {
      const error = await errorOf(register(email));
      expect(error.code).toBe('BAD_REQUEST');
      expect(zodMessages(error)).toEqual(['Invalid email address']);
    }
    expect(await accountsFor(canonicalEmail(nfc))).toBe(0);
  });

  it('keeps the dotless ı distinct from i and refuses it, so mıke@… never reaches mike@…', async () => {
    const domain = `x-${tag()}.com`;
    await register(`mike@${domain}`);
    // Lower-casing (not upper-casing) keeps ı apart from i; NFKC does not fold it either.
    expect(canonicalEmail(`m\u0131ke@${domain}`)).toBe(`m\u0131ke@${domain}`);
    expect(canonicalEmail(`M\u0130KE@${domain}`)).toBe(`mi\u0307ke@${domain}`);
    for (const email of [`m\u0131ke@${domain}`, `M\u0130KE@${domain}`]) {
      const error = await errorOf(register(email));
      expect(error.code).toBe('BAD_REQUEST');
      expect(zodMessages(error)).toEqual(['Invalid email address']);
    }
    const login = await errorOf(caller().auth.login({ email: `m\u0131ke@${domain}`, password: TEST_PASSWORD }));
    expect(login.code).toBe('BAD_REQUEST');
    expect(await accountsFor(`mike@${domain}`)).toBe(1);
  });
});
