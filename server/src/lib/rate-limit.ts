import { AUTH_MESSAGES } from '@finailytics/shared';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Env } from '../env';
import { AppError } from './errors';

/**
 * Counters for the auth throttles. In memory by default; in Redis when REDIS_URL is set, so several
 * server instances share one count.
 */
export interface RateLimits {
  /** Failed sign-ins per (IP, email). */
  loginPerEmail: RateLimiterAbstract;
  /** Failed sign-ins per IP, across addresses (password spraying). */
  loginPerIp: RateLimiterAbstract;
  /** Sign-up attempts per IP. */
  signupPerIp: RateLimiterAbstract;
}

type LimitConfig = Pick<
  Env,
  | 'LOGIN_MAX_FAILURES_PER_EMAIL'
  | 'LOGIN_MAX_FAILURES_PER_IP'
  | 'LOGIN_WINDOW_SECONDS'
  | 'SIGNUP_MAX_PER_IP'
  | 'SIGNUP_WINDOW_SECONDS'
>;

export function createRateLimits(config: LimitConfig, redis?: Redis): RateLimits {
  const make = (keyPrefix: string, points: number, duration: number) => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!redis) return memory;
    // While Redis is unreachable each instance keeps counting in memory rather than failing sign-ins.
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `finailytics:${keyPrefix}`,
      points,
      duration,
      insuranceLimiter: memory,
    });
  };
  return {
    loginPerEmail: make('login-email', config.LOGIN_MAX_FAILURES_PER_EMAIL, config.LOGIN_WINDOW_SECONDS),
    loginPerIp: make('login-ip', config.LOGIN_MAX_FAILURES_PER_IP, config.LOGIN_WINDOW_SECONDS),
    signupPerIp: make('signup-ip', config.SIGNUP_MAX_PER_IP, config.SIGNUP_WINDOW_SECONDS),
  };
}

/**
 * Takes one point or throws TOO_MANY_REQUESTS. Points are taken before the work is done, so
 * concurrent attempts cannot all slip in under the limit before any of them is counted.
 */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      throw new AppError('TOO_MANY_REQUESTS', AUTH_MESSAGES.tooManyAttempts, {
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      });
    }
    throw rejection;
  }
}
