import { describe, expect, it } from 'vitest';
import { testEnv } from '../../test/env';
import {
  createOneTimeToken,
  createRefreshToken,
  deriveChildRefreshToken,
  hashRecoveryCode,
  hashRefreshToken,
  keyedHash,
  looksLikeRefreshToken,
  twoFactorSecretKey,
} from './tokens';

/*
 * What the server stores is derived from the secrets: a hash that came out differently after an upgrade
 * would sign everyone out, void every e-mailed link and every recovery code. These are the values the
 * current derivation gives for the test secrets, pinned so that any change to it is deliberate.
 */

const env = testEnv();
const TOKEN = 'A'.repeat(43);

describe('refresh token hashes', () => {
  it('are the HMAC of the token under the refresh-token-hash subkey', () => {
    expect(hashRefreshToken(env, TOKEN)).toBe('jXgIwqukh4Dm24AohcS7_sx-NjpLqN17gpZweVgjEY0');
  });

  it('derive a rotated token’s child under a subkey of its own', () => {
    expect(deriveChildRefreshToken(env, TOKEN)).toBe('VaInATvLLBORCisXMnP-aGkKsQnjb5TJwWroSgK148Q');
    expect(deriveChildRefreshToken(env, TOKEN)).not.toBe(hashRefreshToken(env, TOKEN));
  });

  it('change with JWT_REFRESH_SECRET', () => {
    const other = testEnv({ JWT_REFRESH_SECRET: 'another-refresh-secret-0123456789abcdef' });
    expect(hashRefreshToken(other, TOKEN)).not.toBe(hashRefreshToken(env, TOKEN));
  });
});

describe('keyedHash', () => {
  it('hashes e-mailed tokens and sign-in challenges each under its own subkey', () => {
    expect(keyedHash(env, 'one-time-token', TOKEN)).toBe('83hPlxHNcyku758HkJaAvAIijZD6jE_iTozvCzVOUhc');
    expect(keyedHash(env, 'two-factor-challenge', TOKEN)).toBe('4odY_o3ac1WuGXJSiiDurP5gUnmswuCNEASqMLCbek4');
  });
});

describe('two-factor keys', () => {
  const withKey = testEnv({ TWO_FACTOR_ENCRYPTION_KEY: 'k'.repeat(32) });

  it('come from JWT_REFRESH_SECRET when TWO_FACTOR_ENCRYPTION_KEY is not set', () => {
    expect(twoFactorSecretKey(env).toString('base64url')).toBe('Z-11oWDGqzqaEc51v5y4GscBB9OpGGX9UTEfn0_Spno');
    expect(hashRecoveryCode(env, 'user-1', 'ABCDE12345')).toBe('erJee1nxdZh1zHDkP6tfhUD-Snb7qpAOZPPSna_73UA');
  });

  it('come from TWO_FACTOR_ENCRYPTION_KEY when set, so rotating the JWT secrets leaves them alone', () => {
    const rotated = testEnv({
      TWO_FACTOR_ENCRYPTION_KEY: 'k'.repeat(32),
      JWT_REFRESH_SECRET: 'another-refresh-secret-0123456789abcdef',
    });
    expect(twoFactorSecretKey(withKey).toString('base64url')).toBe('7WAWpM8t7tIf-UGw3Y3uEUE5QDgNHWw4ba5NgOFAwLo');
    expect(hashRecoveryCode(withKey, 'user-1', 'ABCDE12345')).toBe('O-RnvRuezEQOyRzWeS_SSwWx5PYxIFHjY28hrHRHdko');
    expect(twoFactorSecretKey(rotated)).toEqual(twoFactorSecretKey(withKey));
  });

  it('bind a recovery code’s hash to its user', () => {
    expect(hashRecoveryCode(env, 'user-2', 'ABCDE12345')).not.toBe(hashRecoveryCode(env, 'user-1', 'ABCDE12345'));
  });
});

describe('looksLikeRefreshToken', () => {
  it('accepts what createRefreshToken makes, and the one-time tokens have the same shape', () => {
    expect(looksLikeRefreshToken(createRefreshToken())).toBe(true);
    expect(looksLikeRefreshToken(createOneTimeToken())).toBe(true);
    expect(createRefreshToken()).not.toBe(createRefreshToken());
  });

  it('accepts every base64url character', () => {
    expect(looksLikeRefreshToken(`${'aZ09_-'.repeat(7)}x`)).toBe(true);
  });

  it('refuses one character too few or too many', () => {
    expect(looksLikeRefreshToken('A'.repeat(42))).toBe(false);
    expect(looksLikeRefreshToken('A'.repeat(44))).toBe(false);
  });

  it('refuses base64 padding and the non-url alphabet, anywhere in the token', () => {
    for (const odd of ['+', '/', '=', '.', ' ']) {
      expect(looksLikeRefreshToken(`${odd}${'A'.repeat(42)}`)).toBe(false);
      expect(looksLikeRefreshToken(`${'A'.repeat(42)}${odd}`)).toBe(false);
    }
  });

  it('refuses a valid token with anything before or after it', () => {
    expect(looksLikeRefreshToken(`x${TOKEN}`)).toBe(false);
    expect(looksLikeRefreshToken(`${TOKEN}\n`)).toBe(false);
  });
});
