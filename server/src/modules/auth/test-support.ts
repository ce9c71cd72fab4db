export { errorOf, zodMessages } from '../../test/errors';

import { createMailer, type Mailer } from '../../lib/mailer';
import { type DeliveredMail, startTestSmtpServer, type TestSmtpServer } from '../report/test-smtp';

/** auth.login's answer when it started a session (no second factor asked for). */
export function sessionOf<T extends { twoFactorRequired: boolean }>(
  result: T,
): Extract<T, { twoFactorRequired: false }> {
  if (result.twoFactorRequired) throw new Error('expected a session, got a two-factor challenge');
  return result as Extract<T, { twoFactorRequired: false }>;
}

/** auth.login's answer when it asked for the second factor. */
export function challengeOf<T extends { twoFactorRequired: boolean }>(
  result: T,
): Extract<T, { twoFactorRequired: true }> {
  if (!result.twoFactorRequired) throw new Error('expected a two-factor challenge, got a session');
  return result as Extract<T, { twoFactorRequired: true }>;
}

/** A real SMTP server on loopback and the mailer the app would build for it. */
export async function startMailbox(): Promise<{ smtp: TestSmtpServer; mailer: Mailer }> {
  const smtp = await startTestSmtpServer();
  const mailer = createMailer({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'FinAIlytics <no-reply@finailytics.test>',
    DATA_DIR: '/nonexistent',
  });
  return { smtp, mailer };
}

export function messagesTo(smtp: TestSmtpServer, email: string): DeliveredMail[] {
  return smtp.messages.filter((message) => message.recipients.includes(email));
}

/** The token of the link in a delivered message, read from its plain-text part. */
export function linkToken(message: DeliveredMail | undefined, page: 'reset-password' | 'verify-email'): string {
  const match = new RegExp(`/${page}#token=([A-Za-z0-9_-]{43})`).exec(message?.text ?? '');
  if (!match?.[1]) throw new Error(`no ${page} link in the message`);
  return match[1];
}
