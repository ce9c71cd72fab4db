import { ACCOUNT_MESSAGES, type User } from '@finailytics/shared';
import type { AppDeps, RequestInfo } from '../../deps';
import { AppError } from '../../lib/errors';
import { consumeOrThrow, countAttempt } from '../../lib/rate-limit';
import { findUserById, markEmailVerified } from '../user/user.repository';
import { renderVerificationEmail } from './account-email';
import { runInBackground } from './background';
import { mailOneTimeLink, type OneTimeLink } from './one-time-link';
import { consumeOneTimeToken, findSpentOneTimeToken } from './one-time-token.repository';
import { keyedHash } from './tokens';

type VerificationDeps = Pick<AppDeps, 'db' | 'env' | 'clock' | 'rateLimits' | 'mailer'>;

export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

interface Recipient {
  id: string;
  email: string;
  name: string;
}

const VERIFICATION_LINK: OneTimeLink = {
  purpose: 'email_verification',
  page: 'verify-email',
  ttlMs: EMAIL_VERIFICATION_TTL_MS,
  render: renderVerificationEmail,
};

/** Issues a verification token for the user's current address (replacing any earlier one) and e-mails the link. */
export async function sendVerificationEmail(
  deps: Omit<VerificationDeps, 'rateLimits'>,
  user: Recipient,
): Promise<void> {
  await mailOneTimeLink(deps, user, VERIFICATION_LINK);
}

/** After sign-up: the account exists whatever happens to the e-mail, which can be asked for again. */
export function sendVerificationEmailInBackground(deps: Omit<VerificationDeps, 'rateLimits'>, user: Recipient): void {
  runInBackground(deps.env, 'verification e-mail', () => sendVerificationEmail(deps, user));
}

/**
 * Confirms the address the link was sent to, if it is still the user's. Opening the same link again
 * (a mail scanner may have opened it first) succeeds while the address stays verified; any other
 * used, expired or unknown token gets one answer, and bad tokens are throttled per IP.
 */
export async function verifyEmail(deps: VerificationDeps, token: string, request: RequestInfo): Promise<void> {
  // A link the database could not look up is not counted as an invalid one.
  await countAttempt([[deps.rateLimits.tokenFailuresPerIp, request.ip]], async () => {
    const now = deps.clock.now();
    const tokenHash = keyedHash(deps.env, 'one-time-token', token);
    const verified = await deps.db.transaction(async (tx) => {
      const issued = await consumeOneTimeToken(tx, tokenHash, 'email_verification', now);
      return issued ? markEmailVerified(tx, issued.userId, issued.email, now) : false;
    });
    if (!verified && !(await alreadyVerifiedBy(deps, tokenHash))) {
      throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.invalidLink);
    }
  });
  await deps.rateLimits.tokenFailuresPerIp.reward(request.ip, 1);
}

async function alreadyVerifiedBy(deps: Pick<VerificationDeps, 'db'>, tokenHash: string): Promise<boolean> {
  const spent = await findSpentOneTimeToken(deps.db, tokenHash, 'email_verification');
  if (!spent) return false;
  const user = await findUserById(deps.db, spent.userId);
  return user !== undefined && user.email === spent.email && user.emailVerifiedAt !== null;
}

/** Sends a new link to a signed-in user whose address is not verified yet; throttled per user. */
export async function resendVerification(deps: VerificationDeps, user: User): Promise<{ sent: boolean }> {
  if (user.emailVerified) return { sent: false };
  await consumeOrThrow(deps.rateLimits.verificationResendPerUser, user.id);
  try {
    await sendVerificationEmail(deps, user);
  } catch (error) {
    // The user did not get an e-mail, so the attempt does not count against them, whether the mail
    // server or the database failed (hence no countAttempt here, which would give the point back twice).
    await deps.rateLimits.verificationResendPerUser.reward(user.id, 1);
    throw new AppError('SERVICE_UNAVAILABLE', ACCOUNT_MESSAGES.mailUnavailable, { cause: error });
  }
  return { sent: true };
}
