import { ACCOUNT_MESSAGES } from '@finailytics/shared';
import type { AppDeps, RequestInfo } from '../../deps';
import { AppError } from '../../lib/errors';
import { consumeOrThrow, countAttempt } from '../../lib/rate-limit';
import { findUserByEmail, findUserById, markEmailVerified, updatePasswordHash } from '../user/user.repository';
import { renderPasswordResetEmail } from './account-email';
import { runInBackground } from './background';
import { refuseBreachedPassword } from './breached-passwords';
import { mailOneTimeLink, type OneTimeLink } from './one-time-link';
import { consumeOneTimeToken, deleteOneTimeTokens } from './one-time-token.repository';
import { hashPassword } from './password';
import { sendSecurityNotice } from './security-notice';
import { revokeUserSessions } from './session.repository';
import { keyedHash } from './tokens';
import { deleteTwoFactorChallenges, deleteTwoFactorSetUpBeforeVerification } from './two-factor.repository';

type ResetDeps = Pick<AppDeps, 'db' | 'env' | 'clock' | 'rateLimits' | 'mailer'>;

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Answers the same way, in about the same time, whether or not the address has an account: the
 * throttles (counted for every address alike) are all that runs before the answer; looking the
 * address up, storing the token and sending the e-mail happen after it.
 */
export async function requestPasswordReset(deps: ResetDeps, email: string, request: RequestInfo): Promise<void> {
  await consumeOrThrow(deps.rateLimits.passwordResetPerIp, request.ip);
  await consumeOrThrow(deps.rateLimits.passwordResetPerEmail, email);
  runInBackground(deps.env, 'password-reset e-mail', () => sendPasswordResetEmail(deps, email));
}

const RESET_LINK: OneTimeLink = {
  purpose: 'password_reset',
  page: 'reset-password',
  ttlMs: PASSWORD_RESET_TTL_MS,
  render: renderPasswordResetEmail,
};

/** Issues a reset token for the address (replacing any earlier one) and e-mails the link. */
export async function sendPasswordResetEmail(deps: ResetDeps, email: string): Promise<void> {
  const user = await findUserByEmail(deps.db, email);
  if (user) await mailOneTimeLink(deps, user, RESET_LINK);
}

/**
 * Sets the new password and ends every session and pending two-factor sign-in of the user. The link
 * proved the user reads that mailbox, so the address counts as verified too, and a two-factor setup
 * made before it was verified — by whoever signed up with the address, perhaps not its owner — is
 * removed, so it cannot lock the owner out. A used, expired or unknown token gets one answer; bad
 * tokens are throttled per IP.
 */
export async function resetPassword(
  deps: ResetDeps,
  input: { token: string; newPassword: string },
  request: RequestInfo,
): Promise<void> {
  // Checked before the token is spent, so the same link works again with a better password.
  await refuseBreachedPassword(input.newPassword);
  // A link the database could not look up is not counted as an invalid one.
  const reset = await countAttempt([[deps.rateLimits.tokenFailuresPerIp, request.ip]], async () => {
    const passwordHash = await hashPassword(input.newPassword, deps.env.BCRYPT_ROUNDS);
    const now = deps.clock.now();
    const resetFor = await deps.db.transaction(async (tx) => {
      const token = await consumeOneTimeToken(
        tx,
        keyedHash(deps.env, 'one-time-token', input.token),
        'password_reset',
        now,
      );
      if (!token) return null;
      await updatePasswordHash(tx, token.userId, passwordHash, now);
      // Before the address is marked verified, so "turned on before verification" still reads true.
      const twoFactorRemoved = await deleteTwoFactorSetUpBeforeVerification(tx, token.userId);
      await markEmailVerified(tx, token.userId, token.email, now);
      await revokeUserSessions(tx, token.userId, 'password_reset', now);
      await deleteTwoFactorChallenges(tx, token.userId);
      await deleteOneTimeTokens(tx, token.userId, 'password_reset');
      return { userId: token.userId, twoFactorRemoved };
    });
    if (!resetFor) throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.invalidLink);
    return resetFor;
  });
  await deps.rateLimits.tokenFailuresPerIp.reward(request.ip, 1);
  const user = await findUserById(deps.db, reset.userId);
  if (user) {
    sendSecurityNotice(deps, user, 'password_reset');
    if (reset.twoFactorRemoved) sendSecurityNotice(deps, user, 'two_factor_disabled');
  }
}
