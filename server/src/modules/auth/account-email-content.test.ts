import { describe, expect, it } from 'vitest';
import {
  accountLink,
  renderPasswordResetEmail,
  renderSecurityNotice,
  renderVerificationEmail,
  type SecurityEvent,
} from './account-email';

/*
 * The account e-mails word for word: what the owner reads in the plain-text and HTML parts, and that
 * nothing from the link reaches the HTML unescaped.
 */

const OWNER = { email: 'owner@example.com' };
const LINK = 'https://money.example.com/reset-password#token=abc';
const BODY_OPEN =
  '<!doctype html>\n<html lang="en"><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">\n';

describe('accountLink', () => {
  it('puts the token in the fragment of the page under APP_URL', () => {
    expect(accountLink({ APP_URL: 'https://money.example.com' }, 'verify-email', 'tok_en-1')).toBe(
      'https://money.example.com/verify-email#token=tok_en-1',
    );
  });
});

describe('the password-reset e-mail', () => {
  it('says, in text and HTML, what the link does, for how long, and what to do otherwise', () => {
    expect(renderPasswordResetEmail(OWNER, LINK)).toEqual({
      to: 'owner@example.com',
      subject: 'Reset your FinAIlytics password',
      text: [
        'Hello,',
        '',
        'Someone (hopefully you) asked to reset the password of your FinAIlytics account.',
        '',
        `Choose a new password: ${LINK}`,
        '',
        'The link works once, for one hour. Resetting signs you out on every device.',
        'If you did not ask for this, ignore this e-mail: your password stays as it is.',
      ].join('\n'),
      html:
        BODY_OPEN +
        '<p>Hello,</p>\n' +
        '<p>Someone (hopefully you) asked to reset the password of your FinAIlytics account.</p>\n' +
        `<p><a href="${LINK}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Choose a new password</a></p>\n` +
        `<p style="color:#555;font-size:13px">Or paste this address into your browser: ${LINK}</p>\n` +
        '<p style="color:#888;font-size:12px">The link works once, for one hour. Resetting signs you out on every device. If you did not ask for this, ignore this e-mail: your password stays as it is.</p>\n' +
        '</body></html>',
    });
  });

  it('escapes every character of the link that HTML would read as markup', () => {
    const link = `https://money.example.com/reset-password#token=a&b<c>d"e'f&g`;
    const { html, text } = renderPasswordResetEmail(OWNER, link);
    const escaped = 'https://money.example.com/reset-password#token=a&#38;b&#60;c&#62;d&#34;e&#39;f&#38;g';
    expect(html).toContain(`<a href="${escaped}" style=`);
    expect(html).toContain(`Or paste this address into your browser: ${escaped}</p>`);
    expect(html).not.toContain('a&b');
    expect(text).toContain(`Choose a new password: ${link}\n`);
  });
});

describe('the verification e-mail', () => {
  it('asks to confirm the address, in text and HTML', () => {
    const link = 'https://money.example.com/verify-email#token=xyz';
    expect(renderVerificationEmail(OWNER, link)).toEqual({
      to: 'owner@example.com',
      subject: 'Confirm your e-mail address for FinAIlytics',
      text: [
        'Hello,',
        '',
        'Please confirm that this is your address, so we can send your financial reports to it.',
        '',
        `Confirm my address: ${link}`,
        '',
        'The link works once, for 24 hours.',
        'If you did not create a FinAIlytics account, ignore this e-mail.',
      ].join('\n'),
      html:
        BODY_OPEN +
        '<p>Hello,</p>\n' +
        '<p>Please confirm that this is your address, so we can send your financial reports to it.</p>\n' +
        `<p><a href="${link}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Confirm my address</a></p>\n` +
        `<p style="color:#555;font-size:13px">Or paste this address into your browser: ${link}</p>\n` +
        '<p style="color:#888;font-size:12px">The link works once, for 24 hours. If you did not create a FinAIlytics account, ignore this e-mail.</p>\n' +
        '</body></html>',
    });
  });
});

describe('the security notice', () => {
  const AT = new Date('2026-03-04T05:06:07.890Z');
  const ADVICE =
    'If this was you, there is nothing to do. If it was not, reset your password at once from the sign-in page and turn two-factor sign-in on.';

  it('says what changed and when, to the minute in UTC, and what to do if it was not the owner', () => {
    const what = 'The password of your FinAIlytics account was changed, and your other devices were signed out.';
    expect(renderSecurityNotice(OWNER, 'password_changed', AT)).toEqual({
      to: 'owner@example.com',
      subject: 'Your FinAIlytics password was changed',
      text: ['Hello,', '', what, 'When: 2026-03-04 05:06 UTC.', '', ADVICE].join('\n'),
      html:
        BODY_OPEN +
        '<p>Hello,</p>\n' +
        `<p>${what}</p>\n` +
        '<p style="color:#555">When: 2026-03-04 05:06 UTC.</p>\n' +
        `<p>${ADVICE}</p>\n` +
        '</body></html>',
    });
  });

  it.each<[SecurityEvent, string, string]>([
    [
      'password_reset',
      'Your FinAIlytics password was reset',
      'The password of your FinAIlytics account was reset through an e-mailed link, and every device was signed out.',
    ],
    [
      'two_factor_enabled',
      'Two-factor sign-in is on for your FinAIlytics account',
      'Two-factor sign-in was turned on for your FinAIlytics account: signing in now also asks for a code from your authenticator app.',
    ],
    [
      'two_factor_disabled',
      'Two-factor sign-in is off for your FinAIlytics account',
      'Two-factor sign-in was turned off for your FinAIlytics account: signing in now asks for the password only.',
    ],
  ])('names the change for %s', (event, subject, what) => {
    const notice = renderSecurityNotice(OWNER, event, AT);
    expect(notice.subject).toBe(subject);
    expect(notice.text).toBe(['Hello,', '', what, 'When: 2026-03-04 05:06 UTC.', '', ADVICE].join('\n'));
    expect(notice.html).toContain(`<p>${what}</p>\n`);
  });
});
