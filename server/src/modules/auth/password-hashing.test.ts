import { availableParallelism } from 'node:os';
import bcrypt from 'bcrypt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dummyHash, hashPassword, verifyPassword } from './password';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hashPassword and verifyPassword', () => {
  it('hash at the given cost and accept only the password that was hashed', async () => {
    const hash = await hashPassword('correct horse battery staple', 4);
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  });

  it('run at most cores − 1 hashes at once (and at least one), queueing the rest', async () => {
    const limit = Math.max(1, availableParallelism() - 1);
    const releases: Array<() => void> = [];
    let running = 0;
    let mostAtOnce = 0;
    vi.spyOn(bcrypt, 'hash').mockImplementation(
      () =>
        new Promise((resolve) => {
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          releases.push(() => {
            running--;
            resolve('hashed');
          });
        }),
    );
    const hashes = Array.from({ length: limit + 3 }, () => hashPassword('pw', 4));
    // Let every call that the limit admits start, then finish them one by one.
    for (let done = 0; done < limit + 3; done++) {
      await vi.waitFor(() => expect(releases.length).toBeGreaterThan(done));
      await new Promise((resolve) => setTimeout(resolve, 5));
      releases[done]?.();
    }
    expect(await Promise.all(hashes)).toEqual(Array(limit + 3).fill('hashed'));
    expect(mostAtOnce).toBe(limit);
  });
});

describe('dummyHash', () => {
  it('is a hash of the given cost that matches no password, not even the empty one', async () => {
    const hash = await dummyHash(4);
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(await verifyPassword('', hash)).toBe(false);
    expect(await verifyPassword('no-such-user-', hash)).toBe(false);
  });

  it('is made once per cost and then reused', async () => {
    expect(await dummyHash(5)).toBe(await dummyHash(5));
    expect(await dummyHash(5)).not.toBe(await dummyHash(4));
  });
});
