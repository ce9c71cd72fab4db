import { TWO_FACTOR_MESSAGES } from '@finailytics/shared';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { session } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { TwoFactorStatusPanel } from './TwoFactorSection';

function api(emailVerified: boolean) {
  return (op: Operation): FakeAnswer => {
    switch (op.path) {
      case 'user.me':
        return { data: { id: 'u1', name: 'Ada', email: 'ada@example.com', emailVerified, currency: 'EUR' } };
      case 'user.twoFactor.status':
        return { data: { enabled: false, enabledAt: null, recoveryCodesLeft: 0 } };
      case 'auth.resendVerification':
        return { data: { sent: true, message: 'We have sent you a new verification link.' } };
      default:
        throw new Error(`unexpected call ${op.path}`);
    }
  };
}

const turnOn = () => screen.getByRole('button', { name: 'Turn on two-factor sign-in' });

beforeEach(() => {
  session.set({ accessToken: 'token', expiresAt: new Date(Date.now() + 60_000).toISOString() });
});
afterEach(() => {
  session.clear();
});

describe('TwoFactorStatusPanel', () => {
  it('for an unverified address, says why it cannot be turned on and offers a new link', async () => {
    const { calls } = renderWithApi(<TwoFactorStatusPanel />, api(false));
    const hint = await screen.findByText(TWO_FACTOR_MESSAGES.verifyEmailFirst);
    expect(turnOn()).toHaveProperty('disabled', true);
    expect(turnOn().getAttribute('aria-describedby')).toBe(hint.id);
    await userEvent.click(screen.getByRole('button', { name: 'Resend link' }));
    expect(await screen.findByText('We have sent you a new verification link.')).toBeTruthy();
    expect(calls.map((call) => call.path)).toContain('auth.resendVerification');
  });

  it('for a verified address, opens the setup', async () => {
    renderWithApi(<TwoFactorStatusPanel />, api(true));
    await screen.findByText(/Off\. Turn it on/);
    // user.me answers after the status; wait until the button reflects it.
    await screen.findByRole('button', { name: 'Turn on two-factor sign-in' });
    expect(screen.queryByText(TWO_FACTOR_MESSAGES.verifyEmailFirst)).toBeNull();
    expect(turnOn()).toHaveProperty('disabled', false);
    await userEvent.click(turnOn());
    expect(await screen.findByRole('heading', { name: 'Turn on two-factor sign-in' })).toBeTruthy();
  });
});
