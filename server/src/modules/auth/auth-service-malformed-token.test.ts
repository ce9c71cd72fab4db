import { AUTH_MESSAGES } from '@finailytics/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { logoutSession, refreshSession } from './auth.service';

/*
 * A cookie that is not the shape of a refresh token (43 base64url characters) is answered without a
 * database round trip: junk sent in bulk costs nothing, and is refused the same way during an outage.
 */

const database = useTestDatabase();
afterEach(() => {
  vi.restoreAllMocks();
});

const MALFORMED = ['not-a-token', 'A'.repeat(42), `${'A'.repeat(42)}=`, 'A'.repeat(44)];

describe('a malformed refresh token', () => {
  it.each(MALFORMED)('is refused by refreshSession without touching the database: %s', async (token) => {
    const deps = testDeps({ database });
    const transactions = vi.spyOn(deps.db, 'transaction');
    await expect(refreshSession(deps, token)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: AUTH_MESSAGES.sessionExpired,
    });
    expect(transactions).not.toHaveBeenCalled();
  });

  it.each(MALFORMED)('is ignored by logoutSession without touching the database: %s', async (token) => {
    const deps = testDeps({ database });
    const transactions = vi.spyOn(deps.db, 'transaction');
    await expect(logoutSession(deps, token)).resolves.toBeUndefined();
    expect(transactions).not.toHaveBeenCalled();
  });
});
