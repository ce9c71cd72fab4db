import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createRecoveryCodes,
  createTotpSecret,
  decryptTotpSecret,
  encryptTotpSecret,
  matchTotpStep,
  normalizeRecoveryCode,
  totpCodeAt,
  totpQrDataUrl,
  totpUri,
} from './totp';

/** RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('totpCodeAt', () => {
  it('gives the RFC 6238 SHA-1 test vectors, cut to six digits', () => {
    expect(totpCodeAt(RFC_SECRET, at(59))).toBe('287082');
    expect(totpCodeAt(RFC_SECRET, at(1111111109))).toBe('081804');
    expect(totpCodeAt(RFC_SECRET, at(2000000000))).toBe('279037');
  });
});

describe('matchTotpStep', () => {
  // 1111111109 is in step 37037036; the codes of the steps either side are the RFC's neighbours.
  const now = at(1111111109);
  const step = Math.floor(1111111109 / 30);

  it('returns the step of a code from now, or one step either side', () => {
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, now), now)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, at(1111111109 - 30)), now)).toBe(step - 1);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, at(1111111109 + 30)), now)).toBe(step + 1);
  });

  it('returns null two steps away, or for a code that was never shown', () => {
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, at(1111111109 - 60)), now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, at(1111111109 + 60)), now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, '000000', now)).toBeNull();
  });
});

describe('createTotpSecret and totpUri', () => {
  it('make a 160-bit base32 secret and the otpauth URI an authenticator app reads', () => {
    const secret = createTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(createTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'kate@example.com'));
    expect(`${uri.protocol}//${uri.host}`).toBe('otpauth://totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/FinAIlytics:kate@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'FinAIlytics',
      secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});

describe('totpQrDataUrl', () => {
  it('is a 240-pixel-wide PNG', async () => {
    const url = await totpQrDataUrl(totpUri(RFC_SECRET, 'kate@example.com'));
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
    // The IHDR chunk starts at byte 8: length, "IHDR", then width and height as 32-bit integers.
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([240, 240]);
  });
});

describe('encryptTotpSecret and decryptTotpSecret', () => {
  const key = randomBytes(32);

  it('store the secret as v1.<iv>.<tag>.<ciphertext> and read it back', () => {
    const stored = encryptTotpSecret(key, 'user-1', RFC_SECRET);
    const [version, iv, tag, ciphertext] = stored.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext ?? '', 'base64url')).toHaveLength(RFC_SECRET.length);
    expect(stored).not.toContain(RFC_SECRET);
    expect(decryptTotpSecret(key, 'user-1', stored)).toBe(RFC_SECRET);
  });

  it('use a fresh IV each time', () => {
    expect(encryptTotpSecret(key, 'user-1', RFC_SECRET)).not.toBe(encryptTotpSecret(key, 'user-1', RFC_SECRET));
  });

  it('bind the secret to its user and key', () => {
    const stored = encryptTotpSecret(key, 'user-1', RFC_SECRET);
    expect(() => decryptTotpSecret(key, 'user-2', stored)).toThrow();
    expect(() => decryptTotpSecret(randomBytes(32), 'user-1', stored)).toThrow();
  });

  it('refuse a stored value of another version or with a part missing', () => {
    const [, iv, tag, ciphertext] = encryptTotpSecret(key, 'user-1', RFC_SECRET).split('.');
    for (const stored of [
      `v2.${iv}.${tag}.${ciphertext}`,
      `.${iv}.${tag}.${ciphertext}`,
      `v1..${tag}.${ciphertext}`,
      `v1.${iv}..${ciphertext}`,
      `v1.${iv}.${tag}`,
      '',
    ]) {
      expect(() => decryptTotpSecret(key, 'user-1', stored)).toThrow('Unknown TOTP secret format');
    }
  });
});

describe('recovery codes', () => {
  it('are ten distinct XXXXX-XXXXX codes in Crockford’s alphabet', () => {
    const codes = createRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('use the whole alphabet over many codes', () => {
    const seen = new Set(
      Array.from({ length: 40 }, () => createRecoveryCodes().join(''))
        .join('')
        .replace(/-/g, ''),
    );
    expect([...seen].sort().join('')).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
  });

  it('normalize to upper case without dashes or spaces, reading O as 0 and I, L as 1', () => {
    expect(normalizeRecoveryCode('abcde-fghjk')).toBe('ABCDEFGHJK');
    expect(normalizeRecoveryCode(' o1il0 - 23 45\t6 ')).toBe('0111023456');
    expect(normalizeRecoveryCode('OIL-oil')).toBe('011011');
  });
});
