import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../db/client';
import { testDeps } from '../../test/caller';
import { testEnv } from '../../test/env';
import { errorOf } from '../../test/errors';
import { TEST_PASSWORD } from '../../test/factories';
import { createContextInner, createMemoryRefreshTokenStore } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { createRefreshToken, signAccessToken } from './tokens';

/*
 * The database server is down: nothing listens on its port, so every query fails at once with
 * ECONNREFUSED. The API must say so (SERVICE_UNAVAILABLE), and an outage must neither sign anyone
 * out nor count against anyone's sign-in or sign-up allowance.
 */

let database: Database;
beforeAll(async () => {
  database = await createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/unreachable' });
});
afterAll(async () => {
  await database.close();
});

const env = testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '2', LOGIN_MAX_FAILURES_PER_IP: '2', SIGNUP_MAX_PER_IP: '2' });

function client(options: { accessToken?: string; refreshToken?: string } = {}) {
  const deps = testDeps({ database, env });
  const cookies = createMemoryRefreshTokenStore(options.refreshToken);
  const caller = createCaller(
    createContextInner({ deps, accessToken: options.accessToken ?? null, refreshTokenStore: cookies }),
  );
  return { caller, cookies, deps };
}

describe('while the database is unreachable', () => {
  it('answers a signed-in call with SERVICE_UNAVAILABLE, not UNAUTHORIZED', async () => {
    const token = signAccessToken(env, { userId: randomUUID(), sid: randomUUID() }, new Date()).token;
    const error = await errorOf(client({ accessToken: token }).caller.user.me());
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe('The database is unavailable. Please retry shortly.');
  });

  it('keeps the refresh cookie when auth.refresh cannot reach the database', async () => {
    const refreshToken = createRefreshToken();
    const { caller, cookies } = client({ refreshToken });
    const error = await errorOf(caller.auth.refresh());
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(cookies.token).toBe(refreshToken);
  });

  it('does not count sign-ins it could not check against the allowance', async () => {
    const { caller, deps } = client();
    const email = `outage-${randomUUID()}@example.com`;
    // Twice the allowance: were they counted, the last ones would be TOO_MANY_REQUESTS.
    for (let attempt = 0; attempt < 4; attempt++) {
      const error = await errorOf(caller.auth.login({ email, password: TEST_PASSWORD }));
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect((await deps.rateLimits.loginPerEmail.get(`127.0.0.1|${email}`))?.consumedPoints ?? 0).toBe(0);
    expect((await deps.rateLimits.loginPerIp.get('127.0.0.1'))?.consumedPoints ?? 0).toBe(0);
  });

  it('does not count sign-ups it could not store against the allowance', async () => {
    const { caller, deps } = client();
    for (let attempt = 0; attempt < 4; attempt++) {
      const error = await errorOf(
        caller.auth.register({ name: 'Ada', email: `outage-${randomUUID()}@example.com`, password: TEST_PASSWORD }),
      );
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect((await deps.rateLimits.signupPerIp.get('127.0.0.1'))?.consumedPoints ?? 0).toBe(0);
  });
});
