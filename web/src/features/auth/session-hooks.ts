import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import type { AccessSession, SessionStatus } from '../../lib/session';
import { type RouterOutputs, session, tabs, trpc } from '../../lib/trpc';

export function useSessionStatus(): SessionStatus {
  return useSyncExternalStore(session.subscribe, session.status, session.status);
}

/** The signed-in user; only asked for while a session exists. */
export function useCurrentUser() {
  const status = useSessionStatus();
  return trpc.user.me.useQuery(undefined, { enabled: status === 'signed-in', staleTime: 60_000 });
}

type SignedInUser = NonNullable<RouterOutputs['user']['me']>;

/** Starts a session from a sign-in answer and hands the token to the other tabs. */
export function useStartSession() {
  const utils = trpc.useUtils();
  return useCallback(
    (result: AccessSession & { user: SignedInUser }) => {
      utils.user.me.setData(undefined, result.user);
      const next = { accessToken: result.accessToken, expiresAt: result.expiresAt };
      session.set(next);
      tabs.post({ type: 'token', session: next });
    },
    [utils],
  );
}

/** Ends the session here and in every other tab, whatever the server answers. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const logout = trpc.auth.logout.useMutation();
  return useCallback(async () => {
    try {
      await logout.mutateAsync();
    } catch {
      // Offline or already signed out: the local session still ends.
    }
    endSessionEverywhere(queryClient);
  }, [logout, queryClient]);
}

export function endSessionEverywhere(queryClient: { clear(): void }) {
  session.clear();
  tabs.post({ type: 'signed-out' });
  queryClient.clear();
}

/** Where to go after signing in: only paths inside this app (never //host or a full URL). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/signin') || next.startsWith('/signup')) return '/';
  return next;
}
