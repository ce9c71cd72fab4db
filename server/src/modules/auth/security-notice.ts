import type { AppDeps } from '../../deps';
import { renderSecurityNotice, type SecurityEvent } from './account-email';
import { runInBackground } from './background';

/**
 * E-mails the owner that a sign-in factor changed (OWASP ASVS 2.2.3). Sent after the change has
 * committed and off the response path: a mail problem never undoes or fails the change.
 */
export function sendSecurityNotice(
  deps: Pick<AppDeps, 'env' | 'clock' | 'mailer'>,
  recipient: { email: string },
  event: SecurityEvent,
): void {
  const at = deps.clock.now();
  runInBackground(deps.env, `${event} notice`, async () => {
    await deps.mailer.send(renderSecurityNotice(recipient, event, at));
  });
}
