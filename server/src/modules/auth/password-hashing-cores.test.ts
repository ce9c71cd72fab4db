import bcrypt from 'bcrypt';
import { afterEach, describe, expect, it, vi } from 'vitest';

// A four-core machine, whatever this one has: the hashing limit is worked out from it when password.ts loads.
vi.mock('node:os', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:os')>()),
  availableParallelism: () => 4,
}));

const { hashPassword } = await import('./password');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hashPassword on four cores', () => {
  it('runs three hashes at once and queues the fourth, leaving a core for the event loop', async () => {
    const releases: Array<() => void> = [];
    vi.spyOn(bcrypt, 'hash').mockImplementation(() => new Promise((resolve) => releases.push(() => resolve('hashed'))));
    const hashes = Array.from({ length: 5 }, () => hashPassword('pw', 4));
    await vi.waitFor(() => expect(releases).toHaveLength(3));
    // Give a fourth hash every chance to start too, were the limit higher.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(releases).toHaveLength(3);
    releases[0]?.();
    await vi.waitFor(() => expect(releases).toHaveLength(4));
    for (const release of releases.slice(1)) release();
    await vi.waitFor(() => expect(releases).toHaveLength(5));
    releases[4]?.();
    expect(await Promise.all(hashes)).toEqual(Array(5).fill('hashed'));
  });
});
