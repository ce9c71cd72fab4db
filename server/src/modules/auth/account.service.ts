import { AUTH_MESSAGES, type User } from '@finailytics/shared';
import type { AppDeps, RequestInfo } from '../../deps';
import { AppError } from '../../lib/errors';
import { countAttempt } from '../../lib/rate-limit';
import { deleteUserById, findPasswordHash, updatePasswordHash } from '../user/user.repository';
import { refuseBreachedPassword } from './breached-passwords';
import { hashPassword, verifyPassword } from './password';
import { sendSecurityNotice } from './security-notice';
import { revokeUserSessions } from './session.repository';
import { deleteTwoFactorChallenges } from './two-factor.repository';

type AccountDeps = Pick<AppDeps, 'db' | 'env' | 'clock' | 'rateLimits' | 'mailer'>;

/**
 * Checks the account password for a sensitive change. Guesses count against the same per-(IP, email)
 * limit as sign-in, so a stolen access token cannot be used to brute-force the password.
 */
export async function confirmPassword(
  deps: Pick<AppDeps, 'db' | 'rateLimits'>,
  user: User,
  password: string,
  request: RequestInfo,
): Promise<void> {
  const key = `${request.ip}|${user.email}`;
  // A check the database could not make is not counted as a wrong password.
  await countAttempt([[deps.rateLimits.loginPerEmail, key]], async () => {
    const hash = await findPasswordHash(deps.db, user.id);
    if (!hash || !(await verifyPassword(password, hash))) {
      throw new AppError('BAD_REQUEST', AUTH_MESSAGES.wrongPassword);
    }
  });
  await deps.rateLimits.loginPerEmail.delete(key);
}

/** Sets a new password and ends every other session; the one making the change stays signed in. */
export async function changePassword(
  deps: AccountDeps,
  user: User,
  currentSessionId: string,
  input: { currentPassword: string; newPassword: string },
  request: RequestInfo,
): Promise<{ revokedSessions: number }> {
  await confirmPassword(deps, user, input.currentPassword, request);
  await refuseBreachedPassword(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword, deps.env.BCRYPT_ROUNDS);
  const now = deps.clock.now();
  const revokedSessions = await deps.db.transaction(async (tx) => {
    await updatePasswordHash(tx, user.id, passwordHash, now);
    // A sign-in half done with the old password must not be finished with a code.
    await deleteTwoFactorChallenges(tx, user.id);
    return revokeUserSessions(tx, user.id, 'password_changed', now, currentSessionId);
  });
  sendSecurityNotice(deps, user, 'password_changed');
  return { revokedSessions };
}

/** Removes the user; their sessions, settings, transactions and reports go with them (ON DELETE CASCADE). */
export async function deleteAccount(
  deps: AccountDeps,
  user: User,
  password: string,
  request: RequestInfo,
): Promise<void> {
  await confirmPassword(deps, user, password, request);
  await deleteUserById(deps.db, user.id);
}
