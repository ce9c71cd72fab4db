import { AUTH_MESSAGES } from '@finailytics/shared';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Env } from '../env';
import { AppError, isDatabaseUnavailable } from './errors';

/**
 * Counters for the auth and e-mail throttles. In memory by default; in Redis when REDIS_URL is set, so several
 * server instances share one count.
 */
export interface RateLimits {
  /** Failed sign-ins per (IP, email). */
  loginPerEmail: RateLimiterAbstract;
  /** Failed sign-ins per IP, across addresses (password spraying). */
  loginPerIp: RateLimiterAbstract;
  /** Sign-up attempts per IP. */
  signupPerIp: RateLimiterAbstract;
  /** Password-reset requests per address, known or not (no mail-bombing, no enumeration). */
  passwordResetPerEmail: RateLimiterAbstract;
  /** Password-reset requests per IP, across addresses. */
  passwordResetPerIp: RateLimiterAbstract;
  /** Verification e-mails a signed-in user may ask for again. */
  verificationResendPerUser: RateLimiterAbstract;
  /** Reports a user has e-mailed to themselves on demand (no mail-bombing through report.sendNow). */
  reportSendPerUser: RateLimiterAbstract;
  /** Report previews a user has asked for (report.generate reads the ledger over the whole range each time). */
  reportPreviewPerUser: RateLimiterAbstract;
  /** Receipt scans per user (each one is seconds of a core's time). */
  receiptScanPerUser: RateLimiterAbstract;
  /** Reset and verification links that turned out invalid, per IP. */
  tokenFailuresPerIp: RateLimiterAbstract;
  /** Wrong second-factor codes (app or recovery) per user, across sign-in challenges. */
  twoFactorPerUser: RateLimiterAbstract;
}

type LimitConfig = Pick<
  Env,
  | 'LOGIN_MAX_FAILURES_PER_EMAIL'
  | 'LOGIN_MAX_FAILURES_PER_IP'
  | 'LOGIN_WINDOW_SECONDS'
  | 'SIGNUP_MAX_PER_IP'
  | 'SIGNUP_WINDOW_SECONDS'
  | 'PASSWORD_RESET_MAX_PER_EMAIL'
  | 'PASSWORD_RESET_MAX_PER_IP'
  | 'PASSWORD_RESET_WINDOW_SECONDS'
  | 'VERIFICATION_RESEND_MAX_PER_USER'
  | 'VERIFICATION_RESEND_WINDOW_SECONDS'
  | 'REPORT_SEND_MAX_PER_USER'
  | 'REPORT_SEND_WINDOW_SECONDS'
  | 'REPORT_PREVIEW_MAX_PER_USER'
  | 'REPORT_PREVIEW_WINDOW_SECONDS'
  | 'RECEIPT_SCAN_MAX_PER_USER'
  | 'RECEIPT_SCAN_WINDOW_SECONDS'
  | 'TOKEN_MAX_FAILURES_PER_IP'
  | 'TOKEN_WINDOW_SECONDS'
  | 'TWO_FACTOR_MAX_FAILURES_PER_USER'
  | 'TWO_FACTOR_WINDOW_SECONDS'
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
    passwordResetPerEmail: make(
      'reset-email',
      config.PASSWORD_RESET_MAX_PER_EMAIL,
      config.PASSWORD_RESET_WINDOW_SECONDS,
    ),
    passwordResetPerIp: make('reset-ip', config.PASSWORD_RESET_MAX_PER_IP, config.PASSWORD_RESET_WINDOW_SECONDS),
    verificationResendPerUser: make(
      'verify-resend-user',
      config.VERIFICATION_RESEND_MAX_PER_USER,
      config.VERIFICATION_RESEND_WINDOW_SECONDS,
    ),
    reportSendPerUser: make('report-send-user', config.REPORT_SEND_MAX_PER_USER, config.REPORT_SEND_WINDOW_SECONDS),
    reportPreviewPerUser: make(
      'report-preview-user',
      config.REPORT_PREVIEW_MAX_PER_USER,
      config.REPORT_PREVIEW_WINDOW_SECONDS,
    ),
    receiptScanPerUser: make('receipt-scan-user', config.RECEIPT_SCAN_MAX_PER_USER, config.RECEIPT_SCAN_WINDOW_SECONDS),
    tokenFailuresPerIp: make('token-ip', config.TOKEN_MAX_FAILURES_PER_IP, config.TOKEN_WINDOW_SECONDS),
    twoFactorPerUser: make('2fa-user', config.TWO_FACTOR_MAX_FAILURES_PER_USER, config.TWO_FACTOR_WINDOW_SECONDS),
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

/** A throttle and the key one attempt is counted under. */
export type Throttle = readonly [limiter: RateLimiterAbstract, key: string];

/**
 * Counts one attempt against each throttle (in order; the first exhausted one answers
 * TOO_MANY_REQUESTS and the attempt does not run), then runs it. A failure of the attempt keeps its
 * points, unless the database was unavailable: then nothing was checked, and counting it would lock
 * every user out for the rest of the window once an outage is over. What success gives back is the
 * caller's call (sign-in forgets the failures, a valid link is not a failure), made after this returns.
 */
export async function countAttempt<T>(throttles: readonly Throttle[], attempt: () => Promise<T>): Promise<T> {
  for (const [limiter, key] of throttles) await consumeOrThrow(limiter, key);
  try {
    return await attempt();
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      // The caller is owed the outage's answer, not a counter-store error; at worst a point stays taken.
      await Promise.all(throttles.map(([limiter, key]) => limiter.reward(key, 1))).catch(() => {});
    }
    throw error;
  }
}
