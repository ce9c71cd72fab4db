import bcrypt from 'bcrypt';

/** bcrypt runs on libuv's thread pool, so hashing never blocks the event loop. */
export function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(password, rounds);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

const dummyHashes = new Map<number, Promise<string>>();

/**
 * A hash of the configured cost that matches no password. Comparing against it when the e-mail is
 * unknown makes a failed sign-in take the same time whether or not the account exists.
 */
export function dummyHash(rounds: number): Promise<string> {
  let hash = dummyHashes.get(rounds);
  if (!hash) {
    hash = bcrypt.hash(`no-such-user-${Math.random()}`, rounds);
    dummyHashes.set(rounds, hash);
  }
  return hash;
}
