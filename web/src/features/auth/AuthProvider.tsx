import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { tokenUserId } from '../../lib/session';
import { auth, type RestoreProgress, restoreSession, type SessionRestore, session, tabs } from '../../lib/trpc';
import { safeNextPath, useSessionStatus } from './session-hooks';
import { signedOutNoticeOf, signedOutState } from './signed-out-notice';

/**
 * Restores the session on load through the refresh cookie (retrying while the server cannot answer),
 * and keeps this tab in step with the others: a sign-out anywhere ends the session here, a refreshed
 * token is adopted instead of racing.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<RestoreProgress>({ failures: 0, attempting: false });
  const [quietTimeOver, setQuietTimeOver] = useState(false);
  const restore = useRef<SessionRestore | null>(null);
  useEffect(() => {
    if (session.status() !== 'unknown') return;
    const handle = restoreSession(auth, session, undefined, setProgress);
    restore.current = handle;
    // Past the quiet time only a start still waiting has anything to say.
    const timer = setTimeout(() => {
      if (session.status() === 'unknown') setQuietTimeOver(true);
    }, QUIET_RESTORE_MS);
    return () => {
      handle();
      clearTimeout(timer);
      restore.current = null;
    };
  }, []);
  const restoreView = useMemo<RestoreView>(
    () => ({
      unreachable: quietTimeOver && progress.failures > 0,
      attempting: progress.attempting,
      retryNow: () => restore.current?.retryNow(),
    }),
    [quietTimeOver, progress],
  );
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
  return <RestoreContext.Provider value={restoreView}>{children}</RestoreContext.Provider>;
}

/** How long the splash stays quiet: a start that takes this long only because it is slow says nothing. */
export const QUIET_RESTORE_MS = 2_000;

interface RestoreView {
  /** The quiet time is over and attempts to restore the session are failing (not merely slow). */
  unreachable: boolean;
  attempting: boolean;
  retryNow(): void;
}

const RestoreContext = createContext<RestoreView | null>(null);

export function Splash() {
  const restore = useContext(RestoreContext);
  const status = useSessionStatus();
  if (restore?.unreachable && status === 'unknown') {
    return (
      <div className="splash">
        <div className="splash-notice" role="status">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          <p className="splash-message">Can't reach FinAIlytics right now — trying again…</p>
          <Button size="sm" loading={restore.attempting} onClick={restore.retryNow}>
            Try now
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="splash" role="status" aria-label="Loading FinAIlytics">
      <span className="brand-mark" aria-hidden="true">
        F
      </span>
    </div>
  );
}

/**
 * Pages behind sign-in: unknown session → splash, none → /signin?next=<this page>, or plain /signin
 * with the notice a page left when it ended the session on purpose (the account is gone: no next).
 */
export function RequireAuth() {
  const status = useSessionStatus();
  const location = useLocation();
  if (status === 'unknown') return <Splash />;
  if (status === 'signed-out') {
    const notice = signedOutNoticeOf(location.state);
    if (notice) return <Navigate to="/signin" replace state={signedOutState(notice)} />;
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
