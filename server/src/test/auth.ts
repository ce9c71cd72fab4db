/* What auth.login answered: a session, or a challenge for the second factor. */

/** auth.login's answer when it started a session (no second factor asked for). */
export function sessionOf<T extends { twoFactorRequired: boolean }>(
  result: T,
): Extract<T, { twoFactorRequired: false }> {
  if (result.twoFactorRequired) throw new Error('expected a session, got a two-factor challenge');
  return result as Extract<T, { twoFactorRequired: false }>;
}

/** auth.login's answer when it asked for the second factor. */
export function challengeOf<T extends { twoFactorRequired: boolean }>(
  result: T,
): Extract<T, { twoFactorRequired: true }> {
  if (!result.twoFactorRequired) throw new Error('expected a two-factor challenge, got a session');
  return result as Extract<T, { twoFactorRequired: true }>;
}
