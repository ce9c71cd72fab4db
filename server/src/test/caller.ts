import type { User } from '@finailytics/shared';
import type { Database } from '../db/client';
import type { Env } from '../env';
import type { Clock } from '../lib/clock';
import { createMemoryMailer, type Mailer } from '../lib/mailer';
import { createRateLimits, type RateLimits } from '../lib/rate-limit';
import { insertRefreshToken, insertSession } from '../modules/auth/session.repository';
import { createRefreshToken, hashRefreshToken, signAccessToken } from '../modules/auth/tokens';
import { createOfflineReceiptReader, type ReceiptReader } from '../modules/receipt/receipt-reader';
import { type AppDeps, createContextInner, createMemoryRefreshTokenStore, type RequestInfo } from '../trpc/context';
import { createCaller } from '../trpc/router';
import { testEnv } from './env';

export interface TestCallerOptions {
  database: Database;
  env?: Env;
  clock?: Clock;
  rateLimits?: RateLimits;
  mailer?: Mailer;
  /** Tests that scan receipts pass a reader and close it; others never start one. */
  receiptReader?: ReceiptReader;
  request?: Partial<RequestInfo>;
  /** Signs the caller in as this user through a real session and access token. */
  user?: User;
}

export function testDeps(
  options: Pick<TestCallerOptions, 'database' | 'env' | 'clock' | 'rateLimits' | 'mailer' | 'receiptReader'>,
): AppDeps {
  const env = options.env ?? testEnv();
  return {
    db: options.database.db,
    env,
    clock: options.clock ?? { now: () => new Date() },
    rateLimits: options.rateLimits ?? createRateLimits(env),
    mailer: options.mailer ?? createMemoryMailer(),
    // Recognisers start on the first scan only, so a test that scans nothing starts no worker.
    receiptReader: options.receiptReader ?? createOfflineReceiptReader(),
  };
}

/**
 * A router caller as a client would be: when given a user it holds a real session, a signed access
 * token and the refresh token in a cookie jar, so protected procedures run their full checks.
 */
export async function createTestCaller(options: TestCallerOptions) {
  const deps = testDeps(options);
  const cookies = createMemoryRefreshTokenStore();
  let accessToken: string | null = null;
  let sessionId: string | null = null;
  if (options.user) {
    const now = deps.clock.now();
    const refreshToken = createRefreshToken();
    sessionId = await insertSession(deps.db, {
      userId: options.user.id,
      userAgent: 'vitest',
      ip: options.request?.ip ?? '127.0.0.1',
      now,
      expiresAt: new Date(now.getTime() + deps.env.JWT_REFRESH_EXPIRES_IN * 1000),
    });
    await insertRefreshToken(deps.db, {
      sessionId,
      tokenHash: hashRefreshToken(deps.env, refreshToken),
      parentId: null,
      now,
    });
    accessToken = signAccessToken(deps.env, { userId: options.user.id, sid: sessionId }, now).token;
    cookies.write(refreshToken, deps.env.JWT_REFRESH_EXPIRES_IN);
  }
  const ctx = createContextInner({ deps, accessToken, request: options.request, refreshTokenStore: cookies });
  return { caller: createCaller(ctx), ctx, cookies, deps, sessionId };
}
