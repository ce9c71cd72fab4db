import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { tokenUserId } from '../../lib/session';
import { auth, restoreSession, session, tabs } from '../../lib/trpc';
import { safeNextPath, useSessionStatus } from './session-hooks';

/**
 * Restores the session on load through the refresh cookie (retrying while the server cannot answer),
 * and keeps this tab in step with the others: a sign-out anywhere ends the session here, a refreshed
 * token is adopted instead of racing.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  useEffect(() => (session.status() === 'unknown' ? restoreSession(auth, session) : undefined), []);
  // Whatever ended the session (sign-out, a refused refresh, another tab), no data of it may linger.
  useEffect(
    () =>
      session.subscribe(() => {
        if (session.status() === 'signed-out') queryClient.clear();
      }),
    [queryClient],
  );
  useEffect(
    () =>
      tabs.onMessage((message) => {
        if (message.type === 'signed-out') {
          session.clear();
          queryClient.clear();
        } else if (message.type === 'token') {
          // Another tab signed in as someone else: nothing cached for the previous user may show.
          const current = session.get();
          if (current && tokenUserId(current.accessToken) !== tokenUserId(message.session.accessToken)) {
            queryClient.clear();
          }
          session.set(message.session);
        }
      }),
    [queryClient],
  );
  return children;
}

export function Splash() {
  return (
    <div className="splash" role="status" aria-label="Loading FinAIlytics">
      <span className="brand-mark" aria-hidden="true">
        F
      </span>
    </div>
  );
}

/** Pages behind sign-in: unknown session → splash, none → /signin?next=<this page>. */
export function RequireAuth() {
  const status = useSessionStatus();
  const location = useLocation();
  if (status === 'unknown') return <Splash />;
  if (status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    const target = next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return <Outlet />;
}

/** Sign-in and sign-up: a signed-in visitor goes where they were heading, or to the dashboard. */
export function GuestOnly() {
  const status = useSessionStatus();
  const [params] = useSearchParams();
  if (status === 'unknown') return <Splash />;
  if (status === 'signed-in') return <Navigate to={safeNextPath(params.get('next'))} replace />;
  return <Outlet />;
}
