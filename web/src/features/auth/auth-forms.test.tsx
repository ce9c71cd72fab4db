import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApi } from '../../test/render';
import { passwordStrength } from './password-strength';
import SignInPage from './SignInPage';
import SignUpPage from './SignUpPage';

describe('SignInPage', () => {
  it('shows the shared schema errors without calling the server', async () => {
    const { calls } = renderWithApi(<SignInPage />, () => ({ data: null }), '/signin');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Invalid email address')).toBeTruthy();
    expect(screen.getByText('Password is required')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('marks the invalid field for assistive technology', async () => {
    renderWithApi(<SignInPage />, () => ({ data: null }), '/signin');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('Invalid email address');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
  });

  it("shows the server's answer to wrong credentials", async () => {
    renderWithApi(
      <SignInPage />,
      () => ({ error: { code: 'UNAUTHORIZED', message: 'Email/password not found' } }),
      '/signin',
    );
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Email/password not found')).toBeTruthy();
  });

  it('says when to try again after too many attempts', async () => {
    renderWithApi(
      <SignInPage />,
      () => ({ error: { code: 'TOO_MANY_REQUESTS', message: 'Too many attempts', data: { retryAfterSeconds: 840 } } }),
      '/signin',
    );
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'whatever');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Too many attempts. Please try again in 14 minutes.')).toBeTruthy();
  });
});

describe('SignUpPage', () => {
  it('sends the canonical email and the detected time zone', async () => {
    const { calls } = renderWithApi(
      <SignUpPage />,
      (op) => (op.path === 'auth.register' ? { data: { message: 'ok', data: { user: {} } } } : { data: null }),
      '/signup',
    );
    await userEvent.type(screen.getByLabelText('Full name'), '  Ada Lovelace ');
    await userEvent.type(screen.getByLabelText('Email'), 'Ada@Example.COM');
    await userEvent.type(screen.getByLabelText('Password'), 'analytical engine');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await screen.findByRole('button', { name: 'Create account' });
    const register = calls.find((op) => op.path === 'auth.register');
    expect(register?.input).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'analytical engine',
      currency: 'USD',
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
  });

  it('shows a conflict plainly', async () => {
    renderWithApi(<SignUpPage />, () => ({ error: { code: 'CONFLICT', message: 'User already exists' } }), '/signup');
    await userEvent.type(screen.getByLabelText('Full name'), 'Ada');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'analytical engine');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('User already exists')).toBeTruthy();
  });

  it('refuses a password over 72 bytes, as bcrypt would truncate it', async () => {
    const { calls } = renderWithApi(<SignUpPage />, () => ({ data: null }), '/signup');
    await userEvent.type(screen.getByLabelText('Full name'), 'Ada');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), '€'.repeat(25));
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Password must be at most 72 bytes')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});

describe('passwordStrength', () => {
  it('grows with length and variety', () => {
    expect(passwordStrength('short').score).toBe(0);
    expect(passwordStrength('abcdefgh').score).toBe(1);
    expect(passwordStrength('abcdefghijkl').score).toBe(2);
    expect(passwordStrength('Abcdefghijk1!').label).toBe('Strong');
  });
});

describe('SignInPage with two-factor sign-in', () => {
  const challenge = 'c'.repeat(43);
  const answer = (op: { path: string }) =>
    op.path === 'auth.login'
      ? { data: { twoFactorRequired: true, challenge, expiresAt: new Date().toISOString(), message: 'x' } }
      : {
          error: {
            code: 'UNAUTHORIZED',
            message: 'That code is not valid. Check the time on your device and try again.',
          },
        };

  async function signInWithPassword() {
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'analytical engine');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Two-step verification' });
  }

  it('asks for the code and sends it with the challenge', async () => {
    const { calls } = renderWithApi(<SignInPage />, answer, '/signin');
    await signInWithPassword();
    await userEvent.type(screen.getByLabelText('Authentication code'), '123 456');
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(
      await screen.findByText('That code is not valid. Check the time on your device and try again.'),
    ).toBeTruthy();
    expect(calls.find((op) => op.path === 'auth.verifyTwoFactor')?.input).toEqual({ challenge, code: '123456' });
  });

  it('accepts a recovery code instead', async () => {
    const { calls } = renderWithApi(<SignInPage />, answer, '/signin');
    await signInWithPassword();
    await userEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    await userEvent.type(screen.getByLabelText('Recovery code'), 'abcde-12345');
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    await screen.findByText('That code is not valid. Check the time on your device and try again.');
    expect(calls.find((op) => op.path === 'auth.verifyTwoFactor')?.input).toEqual({
      challenge,
      recoveryCode: 'ABCDE12345',
    });
  });

  it('refuses a code that is not six digits without asking the server', async () => {
    const { calls } = renderWithApi(<SignInPage />, answer, '/signin');
    await signInWithPassword();
    await userEvent.type(screen.getByLabelText('Authentication code'), '12');
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText('Enter the 6-digit code from your authenticator app')).toBeTruthy();
    expect(calls.filter((op) => op.path === 'auth.verifyTwoFactor')).toHaveLength(0);
  });
});
