import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { oneTimeTokens, twoFactorChallenges } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { sendPasswordResetEmail } from './password-reset.service';
import { pruneExpiredAccountTokens } from './prune.job';
import { issueTwoFactorChallenge } from './two-factor.service';

const database = useTestDatabase();

describe('pruneExpiredAccountTokens', () => {
  it('forgets reset links and sign-in challenges a week after they expired, and no sooner', async () => {
    // A year no other test uses: pruning at this instant touches no other test's rows.
    const clock = new ManualClock('2001-01-01T00:00:00Z');
    const deps = testDeps({ database, clock, mailer: createMemoryMailer() });
    const user = await createUser(deps.db);
    await sendPasswordResetEmail(deps, user.email);
    await issueTwoFactorChallenge(deps, user.id);
    const remaining = async () => ({
      tokens: (await database.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, user.id))).length,
      challenges: (await database.db.select().from(twoFactorChallenges).where(eq(twoFactorChallenges.userId, user.id)))
        .length,
    });

    // The challenge expired at 00:05 and the link at 01:00 on 1 January.
    clock.set('2001-01-08T00:04:00Z');
    await pruneExpiredAccountTokens(deps);
    expect(await remaining()).toEqual({ tokens: 1, challenges: 1 });
    clock.set('2001-01-08T00:06:00Z');
    await pruneExpiredAccountTokens(deps);
    expect(await remaining()).toEqual({ tokens: 1, challenges: 0 });
    clock.set('2001-01-08T01:01:00Z');
    await pruneExpiredAccountTokens(deps);
    expect(await remaining()).toEqual({ tokens: 0, challenges: 0 });
  });
});
