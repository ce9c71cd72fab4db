import type { Env } from '../../env';
import { standaloneLogger } from '../../lib/logger';

/*
 * E-mail that must not hold up (or show in) the answer: the password-reset mail, whose timing would
 * tell whether an address has an account, and the verification mail after sign-up, whose failure
 * must not fail the sign-up. A failure is logged; the user can ask again.
 */

const pending = new Set<Promise<void>>();

/**
 * Starts the task once the current answer has gone out (setImmediate runs after the promise chain
 * that writes the response), so not even its first query competes with the response for the
 * event loop; with the embedded database that query would run on the same thread.
 */
export function runInBackground(env: Pick<Env, 'LOG_LEVEL'>, what: string, task: () => Promise<void>): void {
  const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(task)
    .catch((error: unknown) => standaloneLogger(env).error({ err: error }, `${what} failed`))
    .finally(() => pending.delete(run));
  pending.add(run);
}

/** Resolves once every task started so far has finished; for graceful shutdown and tests. */
export async function settleBackgroundTasks(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
