import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testEnv } from '../test/env';
import { AppError } from './errors';
import { consumeOrThrow, createRateLimits } from './rate-limit';

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
});
