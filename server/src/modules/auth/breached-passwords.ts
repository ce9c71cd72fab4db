import { ACCOUNT_MESSAGES } from '@finailytics/shared';
import { AppError } from '../../lib/errors';

/*
 * The ~49,000 most common passwords from breach corpora, as shipped (and kept up to date) by
 * zxcvbn-ts. Loaded on first use, not at start-up: decompressing it takes a few tens of ms.
 * The list is lower-case, so the check is too: "Password123" is as guessable as "password123".
 */
let breached: Promise<ReadonlySet<string>> | undefined;

function breachedPasswords(): Promise<ReadonlySet<string>> {
  breached ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => new Set(dictionary['passwords-common']));
  return breached;
}

export async function isBreachedPassword(password: string): Promise<boolean> {
  return (await breachedPasswords()).has(password.normalize('NFKC').toLowerCase());
}

/** Sign-up, password change and reset all refuse a breached password, saying why. */
export async function refuseBreachedPassword(password: string): Promise<void> {
  if (await isBreachedPassword(password)) throw new AppError('BAD_REQUEST', ACCOUNT_MESSAGES.breachedPassword);
}
