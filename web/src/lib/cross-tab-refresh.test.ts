import { describe, expect, it, vi } from 'vitest';
import { type AccessSession, createSessionStore, type SessionStore, type TabChannel, type TabMessage } from './session';
import { createAuthController } from './trpc';

/*
 * Two tabs of one browser share the refresh cookie. Refreshes are serialised across tabs by a lock;
 * a tab that waited for the lock while another tab refreshed and broadcast its new token uses that
 * token instead of refreshing again.
 */

const MINUTE = 60_000;

const expiringIn = (token: string, ms: number): AccessSession => ({
  accessToken: token,
  expiresAt: new Date(Date.now() + ms).toISOString(),
});

/** One lock for every tab, taken in turn as navigator.locks.request does. */
function sharedLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** The server's auth.refresh: each call rotates and issues the next token. */
function refreshServer() {
  let issued = 1;
  return vi.fn(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    issued += 1;
    return expiringIn(`token-${issued}`, 15 * MINUTE);
  });
}

/** A tab: its own in-memory session, a channel to the others, and the auth controller the page builds. */
function openTabs(count: number, start: AccessSession, refresh: () => Promise<AccessSession | null>) {
  const withLock = sharedLock();
  const handlers: ((message: TabMessage) => void)[] = [];
  const sessions: SessionStore[] = [];
  return Array.from({ length: count }, (_, index) => {
    const session = createSessionStore();
    session.set(start, Date.now() - 14 * MINUTE);
    sessions.push(session);
    // As AuthProvider does with a message from another tab.
    handlers[index] = (message) => {
      if (message.type === 'token') session.set(message.session);
      else session.clear();
    };
    const tabs: TabChannel = {
      post: (message) => {
        for (const [other, handler] of handlers.entries()) if (other !== index) handler(message);
      },
      onMessage: () => () => {},
    };
    return { session, controller: createAuthController({ session, refresh, tabs, withLock }) };
  });
}

describe('refreshing in two tabs at once', () => {
  it('refreshes once: the tab that waited for the lock takes the token the other tab broadcast', async () => {
    const server = refreshServer();
    const [a, b] = openTabs(2, expiringIn('token-1', 10_000), server);
    const [fromA, fromB] = await Promise.all([a?.controller.refresh(), b?.controller.refresh()]);
    expect(server).toHaveBeenCalledTimes(1);
    expect(fromA?.accessToken).toBe('token-2');
    expect(fromB?.accessToken).toBe('token-2');
    expect(a?.session.get()?.accessToken).toBe('token-2');
    expect(b?.session.get()?.accessToken).toBe('token-2');
  });

  it('with three tabs, still one refresh for all of them', async () => {
    const server = refreshServer();
    const tabs = openTabs(3, expiringIn('token-1', 10_000), server);
    const tokens = await Promise.all(tabs.map((tab) => tab.controller.tokenForRequest()));
    expect(server).toHaveBeenCalledTimes(1);
    expect(tokens).toEqual(['token-2', 'token-2', 'token-2']);
  });

  it('refreshes again when the token another tab broadcast is itself about to expire', async () => {
    const server = vi.fn(async () => expiringIn('token-3', 15 * MINUTE));
    const [a] = openTabs(1, expiringIn('token-1', 10_000), server);
    const withLock = sharedLock();
    const session = a?.session as SessionStore;
    const controller = createAuthController({
      session,
      refresh: server,
      // While this tab waits for the lock, another tab's token arrives; it has only 5 s left.
      withLock: (task) =>
        withLock(async () => {
          session.set(expiringIn('token-2', 5_000), Date.now() - 15 * MINUTE);
          return task();
        }),
    });
    await expect(controller.refresh()).resolves.toMatchObject({ accessToken: 'token-3' });
    expect(server).toHaveBeenCalledTimes(1);
  });

  it('refreshes when the lock is free and no other tab refreshed meanwhile', async () => {
    const server = refreshServer();
    const [a] = openTabs(1, expiringIn('token-1', 10_000), server);
    await expect(a?.controller.refresh()).resolves.toMatchObject({ accessToken: 'token-2' });
    expect(server).toHaveBeenCalledTimes(1);
  });
});
