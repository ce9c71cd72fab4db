import { screen } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { session } from '../../lib/trpc';
import { renderWithApi } from '../../test/render';
import { RequireAuth } from './AuthProvider';
import SignInPage from './SignInPage';
import { ACCOUNT_DELETED_NOTICE, signedOutState } from './signed-out-notice';

function WhereAmI() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

function renderGuardedSettings(state?: unknown) {
  session.clear();
  return renderWithApi(
    <Routes>
      <Route element={<RequireAuth />}>
        <Route path="/settings" element={<p>Settings</p>} />
      </Route>
      <Route
        path="/signin"
        element={
          <>
            <SignInPage />
            <WhereAmI />
          </>
        }
      />
    </Routes>,
    () => ({ data: null }),
    { pathname: '/settings', state },
  );
}

afterEach(() => {
  session.clear();
});

describe('a session ended on purpose', () => {
  it('lands on sign-in saying the account was deleted, carried in router state rather than the URL', async () => {
    renderGuardedSettings(signedOutState(ACCOUNT_DELETED_NOTICE));
    const notice = await screen.findByText('Your account has been deleted.');
    expect(notice.getAttribute('role')).toBe('status');
    expect(screen.getByTestId('location').textContent).toBe('/signin');
  });

  it('otherwise asks to come back to the page and shows no notice', async () => {
    renderGuardedSettings();
    await screen.findByRole('heading', { name: 'Welcome back' });
    expect(screen.getByTestId('location').textContent).toBe('/signin?next=%2Fsettings');
    expect(screen.queryByText(ACCOUNT_DELETED_NOTICE)).toBeNull();
  });
});
