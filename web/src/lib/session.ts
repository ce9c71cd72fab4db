/**
 * The access token lives here, in memory only: never in localStorage or sessionStorage, where any
 * injected script could read it. A reload starts empty and restores the session through the
 * HttpOnly refresh cookie (auth.refresh).
 */

export interface AccessSession {
  accessToken: string;
  /** ISO-8601 instant the access token stops working. */
  expiresAt: string;
}

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

type Listener = () => void;

export interface SessionStore {
  get(): AccessSession | null;
  status(): SessionStatus;
  /** Milliseconds the current token has left, or 0 without one. */
  remainingMs(now?: number): number;
  /** How long the current token lived when it was received (to size the early-refresh margin). */
  lifetimeMs(): number;
  set(session: AccessSession, now?: number): void;
  clear(): void;
  subscribe(listener: Listener): () => void;
}

export function createSessionStore(): SessionStore {
  let current: AccessSession | null = null;
  let receivedAt = 0;
  let state: SessionStatus = 'unknown';
  const listeners = new Set<Listener>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  return {
    get: () => current,
    status: () => state,
    remainingMs(now = Date.now()) {
      return current ? Math.max(0, Date.parse(current.expiresAt) - now) : 0;
    },
    lifetimeMs() {
      return current ? Math.max(0, Date.parse(current.expiresAt) - receivedAt) : 0;
    },
    set(session, now = Date.now()) {
      current = session;
      receivedAt = now;
      state = 'signed-in';
      emit();
    },
    clear() {
      current = null;
      state = 'signed-out';
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The user an access token was issued to, read from its payload without verifying it: only to notice
 * that another tab signed in as someone else, never to trust anything.
 */
export function tokenUserId(token: string): string | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const userId = (JSON.parse(json) as { userId?: unknown }).userId;
    return typeof userId === 'string' ? userId : null;
  } catch {
    return null;
  }
}

/** Messages between tabs of the same origin; a BroadcastChannel never leaves the browser. */
export type TabMessage = { type: 'signed-out' } | { type: 'token'; session: AccessSession };

export interface TabChannel {
  post(message: TabMessage): void;
  onMessage(handler: (message: TabMessage) => void): () => void;
}

const CHANNEL_NAME = 'finailytics-auth';

export function createTabChannel(): TabChannel {
  if (typeof BroadcastChannel === 'undefined') {
    return { post: () => {}, onMessage: () => () => {} };
  }
  const channel = new BroadcastChannel(CHANNEL_NAME);
  return {
    post: (message) => channel.postMessage(message),
    onMessage(handler) {
      const listener = (event: MessageEvent<TabMessage>) => handler(event.data);
      channel.addEventListener('message', listener);
      return () => channel.removeEventListener('message', listener);
    },
  };
}
