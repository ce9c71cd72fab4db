import { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testEnv } from '../test/env';
import { AppError } from './errors';
import { consumeOrThrow, countAttempt, createRateLimits } from './rate-limit';

const redisUrl = inject('testRedisUrl');
const clients: Redis[] = [];
afterAll(() => {
  for (const client of clients) client.disconnect();
});

function redisClient(): Redis {
  const client = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
}

const env = testEnv({ LOGIN_MAX_FAILURES_PER_EMAIL: '3', LOGIN_WINDOW_SECONDS: '900' });

/** Two app instances' limiters: separate objects sharing one store when the store is Redis. */
const stores = [
  { name: 'memory', instances: () => [createRateLimits(env)], shared: false },
  ...(redisUrl
    ? [
        {
          name: 'redis',
          instances: () => [createRateLimits(env, redisClient()), createRateLimits(env, redisClient())],
          shared: true,
        },
      ]
    : []),
];

describe.each(stores)('rate limits in $name', ({ instances, shared }) => {
  it('allows the configured number of attempts, then refuses with a retry time', async () => {
    const [limits] = instances();
    if (!limits) throw new Error('no limiter');
    const key = `test|${Math.random()}`;
    for (let i = 0; i < 3; i++) await consumeOrThrow(limits.loginPerEmail, key);
    const error = await consumeOrThrow(limits.loginPerEmail, key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TOO_MANY_REQUESTS');
    expect((error as AppError).retryAfterSeconds).toBeGreaterThan(890);
  });

  it('counts attempts across instances when the store is shared', async () => {
    const [first, second = first] = instances();
    if (!first || !second) throw new Error('no limiter');
    const key = `shared|${Math.random()}`;
    await consumeOrThrow(first.loginPerEmail, key);
    await consumeOrThrow(second.loginPerEmail, key);
    await consumeOrThrow(first.loginPerEmail, key);
    const blocked = await consumeOrThrow(second.loginPerEmail, key).then(
      () => false,
      () => true,
    );
    // In memory each instance counts alone, so only the shared store blocks the fourth attempt.
    expect(blocked).toBe(shared || first === second);
  });

  describe('countAttempt', () => {
    /** What node-postgres throws when nothing listens on the database port. */
    const databaseDown = () =>
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrongPassword = () => new AppError('UNAUTHORIZED', 'Invalid email or password');
    const consumed = async (limiter: RateLimiterAbstract, key: string) => (await limiter.get(key))?.consumedPoints ?? 0;

    it('keeps the point of an attempt that failed on its merits', async () => {
      const [limits] = instances();
      if (!limits) throw new Error('no limiter');
      const key = `merits|${Math.random()}`;
      const error = await countAttempt([[limits.loginPerEmail, key]], async () => {
        throw wrongPassword();
      }).catch((e: unknown) => e);
      expect((error as AppError).code).toBe('UNAUTHORIZED');
      expect(await consumed(limits.loginPerEmail, key)).toBe(1);
    });

    it('keeps the point of a success: giving it back is up to the caller', async () => {
      const [limits] = instances();
      if (!limits) throw new Error('no limiter');
      const key = `success|${Math.random()}`;
      expect(await countAttempt([[limits.loginPerEmail, key]], async () => 'signed in')).toBe('signed in');
      expect(await consumed(limits.loginPerEmail, key)).toBe(1);
    });

    it('gives every throttle its point back when the database was unavailable, and rethrows', async () => {
      const [limits] = instances();
      if (!limits) throw new Error('no limiter');
      const key = `outage|${Math.random()}`;
      const ipKey = `outage-ip|${Math.random()}`;
      const throttles = [
        [limits.loginPerEmail, key],
        [limits.loginPerIp, ipKey],
      ] as const;
      // Twice the allowance of 3: were these counted, the fourth would be TOO_MANY_REQUESTS.
      for (let attempt = 0; attempt < 6; attempt++) {
        const failure = databaseDown();
        const error = await countAttempt(throttles, async () => {
          throw failure;
        }).catch((e: unknown) => e);
        expect(error).toBe(failure);
      }
      expect(await consumed(limits.loginPerEmail, key)).toBe(0);
      expect(await consumed(limits.loginPerIp, ipKey)).toBe(0);
    });

    it('answers TOO_MANY_REQUESTS without running the attempt once the allowance is used up', async () => {
      const [limits] = instances();
      if (!limits) throw new Error('no limiter');
      const key = `exhausted|${Math.random()}`;
      let runs = 0;
      const attempt = () =>
        countAttempt([[limits.loginPerEmail, key]], async () => {
          runs++;
          throw wrongPassword();
        }).catch((e: unknown) => e as AppError);
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await attempt()).code);
      expect(codes).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);
      expect(runs).toBe(3);
      expect((await attempt()).retryAfterSeconds).toBeGreaterThan(890);
    });
  });
});
