import type { OneTimeTokenPurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import type { MailMessage } from '../../lib/mailer';
import { accountLink } from './account-email';
import { replaceOneTimeToken } from './one-time-token.repository';
import { createOneTimeToken, keyedHash } from './tokens';

/** One kind of e-mailed link: what its token is for, the page it opens, how long it works, its e-mail. */
export interface OneTimeLink {
  purpose: OneTimeTokenPurpose;
  page: 'reset-password' | 'verify-email';
  ttlMs: number;
  render: (recipient: { email: string }, link: string) => MailMessage;
}

/**
 * Issues a token for the user's current address (replacing any earlier one of the same purpose, so
 * only the newest link works) and e-mails the link. Only the token's keyed hash is stored.
 */
export async function mailOneTimeLink(
  deps: Pick<AppDeps, 'db' | 'env' | 'clock' | 'mailer'>,
  user: { id: string; email: string },
  kind: OneTimeLink,
): Promise<void> {
  const now = deps.clock.now();
  const token = createOneTimeToken();
  await replaceOneTimeToken(deps.db, {
    userId: user.id,
    purpose: kind.purpose,
    tokenHash: keyedHash(deps.env, 'one-time-token', token),
    email: user.email,
    now,
    expiresAt: new Date(now.getTime() + kind.ttlMs),
  });
  await deps.mailer.send(kind.render(user, accountLink(deps.env, kind.page, token)));
}
