import { describe, expect, it } from 'vitest';
import { createSessionStore, tokenUserId } from './session';

const encode = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

describe('session store', () => {
  it('starts unknown, then follows sign-in and sign-out', () => {
    const session = createSessionStore();
    const seen: string[] = [];
    session.subscribe(() => seen.push(session.status()));
    expect(session.status()).toBe('unknown');
    session.set({ accessToken: 't', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    session.clear();
    expect(seen).toEqual(['signed-in', 'signed-out']);
    expect(session.get()).toBeNull();
  });

  it('measures what is left of the token and how long it lived', () => {
    const session = createSessionStore();
    const now = Date.parse('2026-03-01T10:00:00Z');
    session.set({ accessToken: 't', expiresAt: '2026-03-01T10:05:00Z' }, now);
    expect(session.lifetimeMs()).toBe(300_000);
    expect(session.remainingMs(now + 60_000)).toBe(240_000);
    expect(session.remainingMs(now + 600_000)).toBe(0);
  });
});

describe('tokenUserId', () => {
  it('reads the user id from a token payload', () => {
    const token = `${encode({ alg: 'HS256' })}.${encode({ userId: 'u-1', sid: 's' })}.signature`;
    expect(tokenUserId(token)).toBe('u-1');
  });

  it('answers null for anything that is not a token', () => {
    expect(tokenUserId('garbage')).toBeNull();
  });
});
