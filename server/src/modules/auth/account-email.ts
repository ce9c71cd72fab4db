import type { Env } from '../../env';
import type { MailMessage } from '../../lib/mailer';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * Links carry the token in the fragment (#token=…): browsers never send a fragment to a server, so
 * the token stays out of access logs, proxies and Referer headers. The page reads it and posts it.
 */
export function accountLink(env: Pick<Env, 'APP_URL'>, page: 'reset-password' | 'verify-email', token: string): string {
  return `${env.APP_URL}/${page}#token=${token}`;
}

interface Recipient {
  email: string;
}

/**
 * No account e-mail carries the account's name. The name is whatever was typed at sign-up, and the
 * verification mail goes to any address typed there: a name such as "Your bank account is locked,
 * call …" would otherwise open a genuine FinAIlytics e-mail to a stranger. A fixed greeting says the
 * same to the real owner.
 */
const GREETING = 'Hello,';

function renderLinkEmail(
  recipient: Recipient,
  content: { subject: string; intro: string; action: string; link: string; validity: string; ignore: string },
): MailMessage {
  const text = [
    GREETING,
    '',
    content.intro,
    '',
    `${content.action}: ${content.link}`,
    '',
    content.validity,
    content.ignore,
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">
<p>${GREETING}</p>
<p>${escapeHtml(content.intro)}</p>
<p><a href="${escapeHtml(content.link)}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(content.action)}</a></p>
<p style="color:#555;font-size:13px">Or paste this address into your browser: ${escapeHtml(content.link)}</p>
<p style="color:#888;font-size:12px">${escapeHtml(content.validity)} ${escapeHtml(content.ignore)}</p>
</body></html>`;
  return { to: recipient.email, subject: content.subject, text, html };
}

export function renderPasswordResetEmail(recipient: Recipient, link: string): MailMessage {
  return renderLinkEmail(recipient, {
    subject: 'Reset your FinAIlytics password',
    intro: 'Someone (hopefully you) asked to reset the password of your FinAIlytics account.',
    action: 'Choose a new password',
    link,
    validity: 'The link works once, for one hour. Resetting signs you out on every device.',
    ignore: 'If you did not ask for this, ignore this e-mail: your password stays as it is.',
  });
}

export function renderVerificationEmail(recipient: Recipient, link: string): MailMessage {
  return renderLinkEmail(recipient, {
    subject: 'Confirm your e-mail address for FinAIlytics',
    intro: 'Please confirm that this is your address, so we can send your financial reports to it.',
    action: 'Confirm my address',
    link,
    validity: 'The link works once, for 24 hours.',
    ignore: 'If you did not create a FinAIlytics account, ignore this e-mail.',
  });
}

export type SecurityEvent = 'password_reset' | 'password_changed' | 'two_factor_enabled' | 'two_factor_disabled';

const SECURITY_EVENTS: Record<SecurityEvent, { subject: string; what: string }> = {
  password_reset: {
    subject: 'Your FinAIlytics password was reset',
    what: 'The password of your FinAIlytics account was reset through an e-mailed link, and every device was signed out.',
  },
  password_changed: {
    subject: 'Your FinAIlytics password was changed',
    what: 'The password of your FinAIlytics account was changed, and your other devices were signed out.',
  },
  two_factor_enabled: {
    subject: 'Two-factor sign-in is on for your FinAIlytics account',
    what: 'Two-factor sign-in was turned on for your FinAIlytics account: signing in now also asks for a code from your authenticator app.',
  },
  two_factor_disabled: {
    subject: 'Two-factor sign-in is off for your FinAIlytics account',
    what: 'Two-factor sign-in was turned off for your FinAIlytics account: signing in now asks for the password only.',
  },
};

/** Tells the owner that how they sign in changed, so a change they did not make does not go unnoticed. */
export function renderSecurityNotice(recipient: Recipient, event: SecurityEvent, at: Date): MailMessage {
  const { subject, what } = SECURITY_EVENTS[event];
  const when = `When: ${at.toISOString().replace('T', ' ').slice(0, 16)} UTC.`;
  const advice =
    'If this was you, there is nothing to do. If it was not, reset your password at once from the sign-in page and turn two-factor sign-in on.';
  const text = [GREETING, '', what, when, '', advice].join('\n');
  const html = `<!doctype html>
<html lang="en"><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">
<p>${GREETING}</p>
<p>${escapeHtml(what)}</p>
<p style="color:#555">${escapeHtml(when)}</p>
<p>${escapeHtml(advice)}</p>
</body></html>`;
  return { to: recipient.email, subject, text, html };
}
