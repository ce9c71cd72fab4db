import {
  TWO_FACTOR_CHALLENGE_SECONDS,
  TWO_FACTOR_MESSAGES,
  type TwoFactorSetup,
  type TwoFactorStatus,
  type User,
} from '@finailytics/shared';
import type { Db } from '../../db/client';
import type { AppDeps, RequestInfo } from '../../deps';
import { AppError } from '../../lib/errors';
import { standaloneLogger } from '../../lib/logger';
import { countAttempt } from '../../lib/rate-limit';
import { confirmPassword } from './account.service';
import { sendSecurityNotice } from './security-notice';
import { createOneTimeToken, hashRecoveryCode, keyedHash, twoFactorSecretKey } from './tokens';
import {
  createRecoveryCodes,
  createTotpSecret,
  decryptTotpSecret,
  encryptTotpSecret,
  matchTotpStep,
  normalizeRecoveryCode,
  totpQrDataUrl,
  totpUri,
} from './totp';
import {
  claimTotpStep,
  consumeChallenge,
  countUnusedRecoveryCodes,
  deleteRecoveryCodes,
  deleteTwoFactorChallenges,
  deleteTwoFactorCredential,
  findTwoFactorCredential,
  insertTwoFactorChallenge,
  markTwoFactorEnabled,
  replaceRecoveryCodes,
  savePendingTwoFactorSecret,
  spendRecoveryCode,
  takeChallengeAttempt,
} from './two-factor.repository';

type TwoFactorDeps = Pick<AppDeps, 'db' | 'env' | 'clock' | 'rateLimits' | 'mailer'>;

/** Codes one sign-in challenge accepts before the password must be entered again. */
export const CHALLENGE_MAX_ATTEMPTS = 5;

export interface SecondFactor {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

export async function twoFactorStatus(deps: Pick<AppDeps, 'db'>, userId: string): Promise<TwoFactorStatus> {
  const credential = await findTwoFactorCredential(deps.db, userId);
  const enabledAt = credential?.enabledAt ?? null;
  return {
    enabled: enabledAt !== null,
    enabledAt: enabledAt?.toISOString() ?? null,
    recoveryCodesLeft: enabledAt ? await countUnusedRecoveryCodes(deps.db, userId) : 0,
  };
}

/**
 * Two-factor sign-in is for verified addresses only. Otherwise whoever signed up with someone else's
 * address could turn it on with their own phone and, since the password reset goes to the real owner,
 * lock the owner out of the account the owner can otherwise recover.
 */
function refuseUnverifiedAddress(user: User): void {
  if (!user.emailVerified) throw new AppError('FORBIDDEN', TWO_FACTOR_MESSAGES.verifyEmailFirst);
}

/**
 * Step 1 of turning two-factor sign-in on: a new secret for the authenticator app. Asking for the
 * password means a stolen access token cannot bind the account to the thief's phone.
 */
export async function startTwoFactorSetup(
  deps: TwoFactorDeps,
  user: User,
  password: string,
  request: RequestInfo,
): Promise<TwoFactorSetup> {
  refuseUnverifiedAddress(user);
  await confirmPassword(deps, user, password, request);
  const secret = createTotpSecret();
  const saved = await savePendingTwoFactorSecret(deps.db, {
    userId: user.id,
    secretEncrypted: encryptTotpSecret(twoFactorSecretKey(deps.env), user.id, secret),
    now: deps.clock.now(),
  });
  if (!saved) throw new AppError('CONFLICT', TWO_FACTOR_MESSAGES.alreadyEnabled);
  const otpauthUri = totpUri(secret, user.email);
  return { secret, otpauthUri, qrDataUrl: await totpQrDataUrl(otpauthUri) };
}

/**
 * Step 2: a code from the app proves it holds the secret; two-factor sign-in is on from then, and
 * the ten recovery codes are returned this once (only their hashes are kept).
 */
export async function enableTwoFactor(
  deps: TwoFactorDeps,
  user: User,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  refuseUnverifiedAddress(user);
  // A code the database could not check is not counted as a wrong one.
  const recoveryCodes = await countAttempt([[deps.rateLimits.twoFactorPerUser, user.id]], async () => {
    const credential = await findTwoFactorCredential(deps.db, user.id);
    if (!credential) throw new AppError('BAD_REQUEST', TWO_FACTOR_MESSAGES.setupFirst);
    if (credential.enabledAt) throw new AppError('CONFLICT', TWO_FACTOR_MESSAGES.alreadyEnabled);
    const now = deps.clock.now();
    const secret = readTotpSecret(deps.env, user.id, credential.secretEncrypted);
    const step = matchTotpStep(secret, code, now);
    const codes = createRecoveryCodes();
    const enabled =
      step !== null &&
      (await deps.db.transaction(async (tx) => {
        if (!(await claimTotpStep(tx, user.id, step, now))) return false;
        if (!(await markTwoFactorEnabled(tx, user.id, now))) return false;
        await storeRecoveryCodes(tx, deps.env, user.id, codes, now);
        return true;
      }));
    if (!enabled) throw new AppError('BAD_REQUEST', TWO_FACTOR_MESSAGES.invalidCode);
    return codes;
  });
  await deps.rateLimits.twoFactorPerUser.delete(user.id);
  sendSecurityNotice(deps, user, 'two_factor_enabled');
  return { recoveryCodes };
}

/**
 * Replaces every recovery code (used or not) with ten new ones, returned this once; needs a current
 * code from the app, so a stolen access token alone cannot read out new codes.
 */
export async function regenerateRecoveryCodes(
  deps: TwoFactorDeps,
  user: User,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  // A code the database could not check is not counted as a wrong one.
  const recoveryCodes = await countAttempt([[deps.rateLimits.twoFactorPerUser, user.id]], async () => {
    const credential = await findTwoFactorCredential(deps.db, user.id);
    if (!credential?.enabledAt) throw new AppError('BAD_REQUEST', TWO_FACTOR_MESSAGES.notEnabled);
    const now = deps.clock.now();
    const codes = createRecoveryCodes();
    const replaced = await deps.db.transaction(async (tx) => {
      if (!(await acceptSecondFactor({ ...deps, db: tx }, user.id, credential.secretEncrypted, { code }))) return false;
      await storeRecoveryCodes(tx, deps.env, user.id, codes, now);
      return true;
    });
    if (!replaced) throw new AppError('BAD_REQUEST', TWO_FACTOR_MESSAGES.invalidCode);
    return codes;
  });
  await deps.rateLimits.twoFactorPerUser.delete(user.id);
  return { recoveryCodes };
}

/** Turns two-factor sign-in off; needs the password and a current code (or a recovery code). */
export async function disableTwoFactor(
  deps: TwoFactorDeps,
  user: User,
  input: { password: string } & SecondFactor,
  request: RequestInfo,
): Promise<void> {
  await confirmPassword(deps, user, input.password, request);
  // A code the database could not check is not counted as a wrong one.
  await countAttempt([[deps.rateLimits.twoFactorPerUser, user.id]], async () => {
    const credential = await findTwoFactorCredential(deps.db, user.id);
    if (!credential?.enabledAt) throw new AppError('BAD_REQUEST', TWO_FACTOR_MESSAGES.notEnabled);
    const disabled = await deps.db.transaction(async (tx) => {
      if (!(await acceptSecondFactor({ ...deps, db: tx }, user.id, credential.secretEncrypted, input))) return false;
      await deleteTwoFactorCredential(tx, user.id);
      await deleteRecoveryCodes(tx, user.id);
      await deleteTwoFactorChallenges(tx, user.id);
      return true;
    });
    if (!disabled) throw new AppError('BAD_REQUEST', TWO_FACTOR_MESSAGES.invalidCode);
  });
  await deps.rateLimits.twoFactorPerUser.delete(user.id);
  sendSecurityNotice(deps, user, 'two_factor_disabled');
}

/**
 * The stored TOTP secret in plain form. It cannot be read once TWO_FACTOR_ENCRYPTION_KEY (or, without
 * it, JWT_REFRESH_SECRET) has changed: that is a deployment problem the user cannot fix by typing
 * another code, so the answer says so and the log tells the operator what happened.
 */
function readTotpSecret(env: TwoFactorDeps['env'], userId: string, stored: string): string {
  try {
    return decryptTotpSecret(twoFactorSecretKey(env), userId, stored);
  } catch (error) {
    standaloneLogger(env).error(
      { err: error, userId },
      'a stored TOTP secret cannot be decrypted: TWO_FACTOR_ENCRYPTION_KEY (or JWT_REFRESH_SECRET, when it is unset) has changed; see SECURITY.md, "Rotating the secrets"',
    );
    throw new AppError('FORBIDDEN', TWO_FACTOR_MESSAGES.keyUnreadable, { cause: error });
  }
}

/**
 * Checks a second factor and spends it: an app code's time-step can be used once (no replay inside
 * its 90-second window), a recovery code once ever.
 */
async function acceptSecondFactor(
  deps: Pick<TwoFactorDeps, 'db' | 'env' | 'clock'>,
  userId: string,
  secretEncrypted: string,
  factor: SecondFactor,
): Promise<boolean> {
  const now = deps.clock.now();
  if (factor.code !== undefined) {
    const secret = readTotpSecret(deps.env, userId, secretEncrypted);
    const step = matchTotpStep(secret, factor.code, now);
    return step !== null && claimTotpStep(deps.db, userId, step, now);
  }
  if (factor.recoveryCode !== undefined) {
    const hash = hashRecoveryCode(deps.env, userId, normalizeRecoveryCode(factor.recoveryCode));
    return spendRecoveryCode(deps.db, userId, hash, now);
  }
  return false;
}

/** Issued by auth.login instead of tokens once the password is right and two-factor sign-in is on. */
export async function issueTwoFactorChallenge(
  deps: Pick<TwoFactorDeps, 'db' | 'env' | 'clock'>,
  userId: string,
): Promise<{ challenge: string; expiresAt: string }> {
  const now = deps.clock.now();
  const challenge = createOneTimeToken();
  const expiresAt = new Date(now.getTime() + TWO_FACTOR_CHALLENGE_SECONDS * 1000);
  await insertTwoFactorChallenge(deps.db, {
    userId,
    tokenHash: keyedHash(deps.env, 'two-factor-challenge', challenge),
    now,
    expiresAt,
  });
  return { challenge, expiresAt: expiresAt.toISOString() };
}

/**
 * The second sign-in step. Each attempt counts against the challenge (CHALLENGE_MAX_ATTEMPTS) and
 * against the user across challenges (TWO_FACTOR_MAX_FAILURES_PER_USER per window), so signing in
 * again with the password does not buy more guesses. Returns the user id once the factor is accepted.
 */
export async function completeTwoFactorChallenge(
  deps: TwoFactorDeps,
  input: { challenge: string } & SecondFactor,
): Promise<string> {
  const now = deps.clock.now();
  const challenge = await takeChallengeAttempt(
    deps.db,
    keyedHash(deps.env, 'two-factor-challenge', input.challenge),
    now,
    CHALLENGE_MAX_ATTEMPTS,
  );
  if (!challenge) throw new AppError('UNAUTHORIZED', TWO_FACTOR_MESSAGES.challengeExpired);
  // A code the database could not check is not counted as a wrong one.
  await countAttempt([[deps.rateLimits.twoFactorPerUser, challenge.userId]], async () => {
    const credential = await findTwoFactorCredential(deps.db, challenge.userId);
    // Turned off meanwhile (e.g. from another session): the password step alone no longer suffices here.
    if (!credential?.enabledAt) throw new AppError('UNAUTHORIZED', TWO_FACTOR_MESSAGES.challengeExpired);
    const accepted = await deps.db.transaction(async (tx) => {
      if (!(await acceptSecondFactor({ ...deps, db: tx }, challenge.userId, credential.secretEncrypted, input))) {
        return false;
      }
      return consumeChallenge(tx, challenge.id, now);
    });
    if (!accepted) throw new AppError('UNAUTHORIZED', TWO_FACTOR_MESSAGES.invalidCode);
  });
  await deps.rateLimits.twoFactorPerUser.delete(challenge.userId);
  return challenge.userId;
}

/** Keeps only the hashes of a new set of recovery codes, replacing every earlier one. */
async function storeRecoveryCodes(
  tx: Db,
  env: TwoFactorDeps['env'],
  userId: string,
  codes: string[],
  now: Date,
): Promise<void> {
  const hashes = codes.map((code) => hashRecoveryCode(env, userId, normalizeRecoveryCode(code)));
  await replaceRecoveryCodes(tx, userId, hashes, now);
}
