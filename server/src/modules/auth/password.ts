import { availableParallelism } from 'node:os';
import bcrypt from 'bcrypt';
import pLimit from 'p-limit';

/**
 * bcrypt runs on libuv's thread pool, off the event loop, but it still takes a whole core per hash.
 * Hashing on at most cores − 1 threads at once leaves a core for the event loop, so every other
 * request stays quick while a burst of sign-ins queues up here.
 */
const hashing = pLimit(Math.max(1, availableParallelism() - 1));

export function hashPassword(password: string, rounds: number): Promise<string> {
  return hashing(() => bcrypt.hash(password, rounds));
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return hashing(() => bcrypt.compare(password, hash));
}

const dummyHashes = new Map<number, Promise<string>>();

/**
 * A hash of the configured cost that matches no password. Comparing against it when the e-mail is
 * unknown makes a failed sign-in take the same time whether or not the account exists.
 */
export function dummyHash(rounds: number): Promise<string> {
  let hash = dummyHashes.get(rounds);
  if (!hash) {
    hash = hashing(() => bcrypt.hash(`no-such-user-${Math.random()}`, rounds));
    dummyHashes.set(rounds, hash);
  }
  return hash;
}
