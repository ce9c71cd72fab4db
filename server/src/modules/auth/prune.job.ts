import type { AppDeps } from '../../deps';
import { deleteExpiredOneTimeTokens } from './one-time-token.repository';
import { deleteEndedSessions } from './session.repository';
import { deleteExpiredTwoFactorChallenges } from './two-factor.repository';

/** How long an ended session stays visible before it is deleted. */
const ENDED_SESSION_RETENTION_MS = 30 * 86_400_000;

/** Scheduler job: forgets sessions that ended more than 30 days ago. */
export async function pruneEndedSessions(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<number> {
  return deleteEndedSessions(deps.db, new Date(deps.clock.now().getTime() - ENDED_SESSION_RETENTION_MS));
}

/** How long a spent or expired link or challenge is kept (a re-opened verification link still reads as done). */
const EXPIRED_TOKEN_RETENTION_MS = 7 * 86_400_000;

/** Scheduler job: forgets e-mailed links and sign-in challenges a week after they expired. */
export async function pruneExpiredAccountTokens(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - EXPIRED_TOKEN_RETENTION_MS);
  const [tokens, challenges] = await Promise.all([
    deleteExpiredOneTimeTokens(deps.db, before),
    deleteExpiredTwoFactorChallenges(deps.db, before),
  ]);
  return tokens + challenges;
}
