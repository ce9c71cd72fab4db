import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reports } from '../../db/schema';
import { useEmbeddedTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { insertReportOnce, leaseNextDueReport, markReportFailed, markReportSent } from './report.repository';
import { generateReportContent } from './report-content';

/*
 * A sender whose lease ran out and who finishes late must not overwrite the row: another sender has
 * leased the report since (a higher attempt number), and only that one may record the outcome.
 * The database is this file's own (embedded) even on a PostgreSQL run, so the lease here takes this
 * report and no other file's report job sends it.
 */

const database = useEmbeddedTestDatabase();

const at = (iso: string) => new Date(iso);

async function storedReport(id: string) {
  const [row] = await database.db
    .select({
      status: reports.status,
      attempts: reports.attempts,
      sentAt: reports.sentAt,
      nextAttemptAt: reports.nextAttemptAt,
      lastError: reports.lastError,
    })
    .from(reports)
    .where(eq(reports.id, id));
  return row;
}

describe('the delivery lease', () => {
  it('ignores the outcome of a sender whose lease expired, and takes the current holder’s', async () => {
    const created = at('1986-02-01T00:00:00Z');
    const user = await createUser(database.db, { now: at('1986-01-10T00:00:00Z') });
    const { content } = await generateReportContent(
      { db: database.db },
      { id: user.id, currency: 'USD' },
      { from: '1986-01-01', to: '1986-01-31' },
      { from: '1985-12-01', to: '1985-12-31' },
    );
    await insertReportOnce(database.db, {
      userId: user.id,
      from: '1986-01-01',
      to: '1986-01-31',
      content,
      status: 'PENDING',
      now: created,
    });

    const slow = await leaseNextDueReport(database.db, created, at('1986-02-01T00:10:00Z'));
    expect(slow).toMatchObject({ attempts: 1, email: user.email });
    // While the lease holds, nobody else gets the report.
    expect(await leaseNextDueReport(database.db, at('1986-02-01T00:05:00Z'), at('1986-02-01T00:15:00Z'))).toBe(
      undefined,
    );
    // The lease has run out: a second sender takes the report as attempt 2.
    const second = await leaseNextDueReport(database.db, at('1986-02-01T00:10:00Z'), at('1986-02-01T00:20:00Z'));
    expect(second).toMatchObject({ id: slow?.id, attempts: 2 });
    const id = second?.id ?? '';
    const leased = await storedReport(id);
    expect(leased).toEqual({
      status: 'PENDING',
      attempts: 2,
      sentAt: null,
      nextAttemptAt: at('1986-02-01T00:20:00Z'),
      lastError: null,
    });

    // The first sender finishes late, either way: the row stays as the second sender's lease left it.
    await markReportSent(database.db, id, 1, at('1986-02-01T00:11:00Z'));
    expect(await storedReport(id)).toEqual(leased);
    await markReportFailed(database.db, id, 1, 'timeout', at('1986-02-01T01:00:00Z'), at('1986-02-01T00:11:00Z'));
    expect(await storedReport(id)).toEqual(leased);

    // The current holder's outcome is recorded.
    await markReportSent(database.db, id, 2, at('1986-02-01T00:12:00Z'));
    expect(await storedReport(id)).toEqual({
      status: 'SENT',
      attempts: 2,
      sentAt: at('1986-02-01T00:12:00Z'),
      nextAttemptAt: null,
      lastError: null,
    });
  });
});
