import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testEnv } from '../test/env';
import type { AppError } from './errors';
import { consumeOrThrow, createRateLimits, type RateLimits } from './rate-limit';

/*
 * Where each throttle keeps its count, and what consumeOrThrow answers besides "too many". The
 * names are shared by every instance (and every version, during a rolling deploy) that counts in
 * the same Redis, so they are part of the deployment, not a detail.
 */

const env = testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '3', LOGIN_WINDOW_SECONDS: '900' });

const PREFIXES: Record<keyof RateLimits, string> = {
  loginPerEmail: 'login-email',
  loginPerIp: 'login-ip',
  signupPerIp: 'signup-ip',
  passwordResetPerEmail: 'reset-email',
  passwordResetPerIp: 'reset-ip',
  verificationResendPerUser: 'verify-resend-user',
  reportSendPerUser: 'report-send-user',
  reportPreviewPerUser: 'report-preview-user',
  receiptScanPerUser: 'receipt-scan-user',
  tokenFailuresPerIp: 'token-ip',
  twoFactorPerUser: '2fa-user',
};

describe('createRateLimits in memory', () => {
  it('counts each throttle under its own name, in memory', () => {
    const limits = createRateLimits(env);
    for (const [name, prefix] of Object.entries(PREFIXES)) {
      const limiter = limits[name as keyof RateLimits];
      expect(limiter).toBeInstanceOf(RateLimiterMemory);
      expect(limiter.keyPrefix).toBe(prefix);
    }
  });
});

const redisUrl = inject('testRedisUrl');

// Only with REDIS_URL, like the Redis half of rate-limit.test.ts: there is no Redis to look into otherwise.
const redisSuites = redisUrl ? [redisUrl] : [];
describe.each(redisSuites)('createRateLimits in Redis', (url) => {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  afterAll(() => {
    redis.disconnect();
  });

  it('counts each throttle in Redis under finailytics:<name>:<key>', async () => {
    const limits = createRateLimits(env, redis);
    const key = `prefix|${Math.random()}`;
    for (const [name, prefix] of Object.entries(PREFIXES)) {
      const limiter = limits[name as keyof RateLimits];
      expect(limiter).toBeInstanceOf(RateLimiterRedis);
      await consumeOrThrow(limiter, key);
      expect(await redis.get(`finailytics:${prefix}:${key}`)).toBe('1');
      await redis.del(`finailytics:${prefix}:${key}`);
    }
  });
});

describe('consumeOrThrow', () => {
  it('answers a whole number of seconds up to the window, never more', async () => {
    const limits = createRateLimits(env);
    const key = `retry|${Math.random()}`;
    for (let i = 0; i < 3; i++) await consumeOrThrow(limits.loginPerEmail, key);
    const error = (await consumeOrThrow(limits.loginPerEmail, key).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number.isInteger(error.retryAfterSeconds)).toBe(true);
    expect(error.retryAfterSeconds).toBeGreaterThan(890);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it('passes a failure of the counter store through as it is, not as TOO_MANY_REQUESTS', async () => {
    const storeDown = new Error('counter store unreachable');
    const limiter = new RateLimiterMemory({ points: 3, duration: 60 });
    limiter.consume = () => Promise.reject(storeDown);
    await expect(consumeOrThrow(limiter, 'any')).rejects.toBe(storeDown);
  });
});
