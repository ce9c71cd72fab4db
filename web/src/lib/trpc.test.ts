import type { AppRouter } from '@finailytics/server/router';
import { createTRPCClient } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../test/fake-server';
import { type AccessSession, createSessionStore } from './session';
import { authLink, COOKIE_PATHS, createAuthController, MAX_BATCH_ITEMS, restoreSession } from './trpc';

const FIVE_MINUTES = 5 * 60_000;
const user = { id: 'u1', name: 'Ada', email: 'ada@example.com' };

function sessionWith(token: string, lifetimeMs = FIVE_MINUTES) {
  const session = createSessionStore();
  session.set({ accessToken: token, expiresAt: new Date(Date.now() + lifetimeMs).toISOString() });
  return session;
}

function fresh(token: string): AccessSession {
  return { accessToken: token, expiresAt: new Date(Date.now() + FIVE_MINUTES).toISOString() };
}

/** A server that accepts only `validToken` as the Bearer token. */
function serverAccepting(validToken: () => string) {
  return fakeServer((op) =>
    op.context.accessToken === validToken()
      ? { data: user }
      : { error: { code: 'UNAUTHORIZED', message: 'Not authenticated' } },
  );
}

describe('authLink', () => {
  it('sends the in-memory token as the operation context', async () => {
    const session = sessionWith('token-1');
    const server = serverAccepting(() => 'token-1');
    const refresh = vi.fn();
    const client = createTRPCClient<AppRouter>({ links: [authLink({ session, refresh }), server.link] });
    await expect(client.user.me.query()).resolves.toEqual(user);
    expect(server.calls[0]?.context.accessToken).toBe('token-1');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('refreshes once on UNAUTHORIZED and retries the call with the new token', async () => {
    const session = sessionWith('expired');
    const server = serverAccepting(() => 'token-2');
    const refresh = vi.fn(async () => fresh('token-2'));
    const client = createTRPCClient<AppRouter>({ links: [authLink({ session, refresh }), server.link] });
    await expect(client.user.me.query()).resolves.toEqual(user);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(server.calls.map((op) => op.context.accessToken)).toEqual(['expired', 'token-2']);
    expect(session.get()?.accessToken).toBe('token-2');
  });

  it('shares one refresh between calls that fail at the same time (single flight)', async () => {
    const session = sessionWith('expired');
    const server = serverAccepting(() => 'token-2');
    let release: (value: AccessSession) => void = () => {};
    const refresh = vi.fn(() => new Promise<AccessSession>((resolve) => (release = resolve)));
    const client = createTRPCClient<AppRouter>({ links: [authLink({ session, refresh }), server.link] });
    const calls = [client.user.me.query(), client.user.me.query(), client.auth.sessions.query()];
    await vi.waitFor(() => expect(refresh).toHaveBeenCalled());
    release(fresh('token-2'));
    const results = await Promise.allSettled(calls);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('retries only once: a second UNAUTHORIZED reaches the caller', async () => {
    const session = sessionWith('expired');
    const server = serverAccepting(() => 'never-valid');
    const refresh = vi.fn(async () => fresh('token-2'));
    const client = createTRPCClient<AppRouter>({ links: [authLink({ session, refresh }), server.link] });
    await expect(client.user.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(server.calls).toHaveLength(2);
  });

  it('never retries auth.refresh itself', async () => {
    const session = sessionWith('expired');
    const server = fakeServer(() => ({ error: { code: 'UNAUTHORIZED', message: 'Not authenticated' } }));
    const refresh = vi.fn(async () => fresh('token-2'));
    const client = createTRPCClient<AppRouter>({ links: [authLink({ session, refresh }), server.link] });
    await expect(client.auth.refresh.mutate()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    expect(refresh).not.toHaveBeenCalled();
    expect(server.calls).toHaveLength(1);
  });

  it('does not retry other errors', async () => {
    const session = sessionWith('token-1');
    const server = fakeServer(() => ({ error: { code: 'NOT_FOUND', message: 'Transaction not found' } }));
    const refresh = vi.fn();
    const client = createTRPCClient<AppRouter>({ links: [authLink({ session, refresh }), server.link] });
    await expect(client.user.me.query()).rejects.toMatchObject({ message: 'Transaction not found' });
    expect(refresh).not.toHaveBeenCalled();
    expect(server.calls).toHaveLength(1);
  });

  it('ends the session when the refresh cookie is no longer accepted', async () => {
    const session = sessionWith('expired');
    const server = serverAccepting(() => 'token-2');
    const refresh = vi.fn(async () => null);
    const client = createTRPCClient<AppRouter>({ links: [authLink({ session, refresh }), server.link] });
    await expect(client.user.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    expect(session.status()).toBe('signed-out');
    expect(session.get()).toBeNull();
  });

  it('refreshes before sending when the token is about to expire', async () => {
    const session = createSessionStore();
    const now = Date.now();
    // Received 5 minutes ago with 5 minutes 2 seconds to live: 2 seconds are left, inside the margin.
    session.set({ accessToken: 'old', expiresAt: new Date(now + 2_000).toISOString() }, now - FIVE_MINUTES);
    const server = serverAccepting(() => 'token-2');
    const refresh = vi.fn(async () => fresh('token-2'));
    const client = createTRPCClient<AppRouter>({ links: [authLink({ session, refresh }), server.link] });
    await expect(client.user.me.query()).resolves.toEqual(user);
    expect(server.calls.map((op) => op.context.accessToken)).toEqual(['token-2']);
  });

  it('tells the other tabs about a refreshed token', async () => {
    const session = sessionWith('expired');
    const server = serverAccepting(() => 'token-2');
    const post = vi.fn();
    const client = createTRPCClient<AppRouter>({
      links: [
        authLink({ session, refresh: async () => fresh('token-2'), tabs: { post, onMessage: () => () => {} } }),
        server.link,
      ],
    });
    await client.user.me.query();
    expect(post).toHaveBeenCalledWith({ type: 'token', session: expect.objectContaining({ accessToken: 'token-2' }) });
  });
});

describe('restoreSession', () => {
  const unavailable = () =>
    Object.assign(new Error('The database is unavailable. Please retry shortly.'), {
      data: { code: 'SERVICE_UNAVAILABLE' },
    });

  it('keeps the session unknown and retries while the server cannot answer, never signing out', async () => {
    const session = createSessionStore();
    const statuses: string[] = [];
    session.subscribe(() => statuses.push(session.status()));
    const refresh = vi
      .fn<() => Promise<AccessSession | null>>()
      .mockRejectedValueOnce(unavailable())
      .mockRejectedValueOnce(unavailable())
      .mockResolvedValueOnce(fresh('token-1'));
    restoreSession(createAuthController({ session, refresh }), session, () => 0);
    await vi.waitFor(() => expect(session.status()).toBe('signed-in'));
    expect(refresh).toHaveBeenCalledTimes(3);
    expect(statuses).toEqual(['signed-in']);
    expect(session.get()?.accessToken).toBe('token-1');
  });

  it('signs out at once when the refresh cookie is refused, without retrying', async () => {
    const session = createSessionStore();
    const refresh = vi.fn(async () => null);
    restoreSession(createAuthController({ session, refresh }), session, () => 0);
    await vi.waitFor(() => expect(session.status()).toBe('signed-out'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('stops retrying once stopped', async () => {
    const session = createSessionStore();
    const refresh = vi.fn(async (): Promise<AccessSession | null> => {
      throw unavailable();
    });
    const stop = restoreSession(createAuthController({ session, refresh }), session, () => 5);
    await vi.waitFor(() => expect(refresh.mock.calls.length).toBeGreaterThanOrEqual(2));
    stop();
    const calls = refresh.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(refresh.mock.calls.length).toBe(calls);
    expect(session.status()).toBe('unknown');
  });

  it('reports each attempt and failure, and retries at once when asked', async () => {
    const session = createSessionStore();
    const progress: { failures: number; attempting: boolean }[] = [];
    const refresh = vi
      .fn<() => Promise<AccessSession | null>>()
      .mockRejectedValueOnce(unavailable())
      .mockResolvedValueOnce(fresh('token-1'));
    // A back-off far longer than the test: only retryNow can make the second attempt.
    const restore = restoreSession(
      createAuthController({ session, refresh }),
      session,
      () => 60_000,
      (p) => progress.push(p),
    );
    await vi.waitFor(() => expect(progress.at(-1)).toEqual({ failures: 1, attempting: false }));
    expect(refresh).toHaveBeenCalledTimes(1);
    restore.retryNow();
    await vi.waitFor(() => expect(session.status()).toBe('signed-in'));
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(progress).toEqual([
      { failures: 0, attempting: true },
      { failures: 1, attempting: false },
      { failures: 1, attempting: true },
    ]);
    restore();
  });

  it('ignores retryNow while an attempt is on its way, so attempts never overlap', async () => {
    const session = createSessionStore();
    let answer: (value: AccessSession | null) => void = () => {};
    const refresh = vi.fn(() => new Promise<AccessSession | null>((resolve) => (answer = resolve)));
    const restore = restoreSession(createAuthController({ session, refresh }), session, () => 0);
    restore.retryNow();
    restore.retryNow();
    answer(null);
    await vi.waitFor(() => expect(session.status()).toBe('signed-out'));
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});

describe('link configuration', () => {
  it('sends every cookie-bearing procedure unbatched', () => {
    expect([...COOKIE_PATHS].sort()).toEqual(
      [
        'auth.login',
        'auth.logout',
        'auth.logoutAll',
        'auth.refresh',
        'auth.resetPassword',
        'auth.revokeSession',
        'auth.verifyTwoFactor',
        'user.delete',
      ].sort(),
    );
  });

  it('keeps batches within the server cap of 10', () => {
    expect(MAX_BATCH_ITEMS).toBeLessThanOrEqual(10);
  });
});
