import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reportSettings, reports } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer } from '../../lib/mailer';
import { useEmbeddedTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { createDueReports } from './report.job';

/*
 * The job locks due report settings 50 at a time; one run must go on until no due user is left. The
 * database is this file's own (embedded) even on a PostgreSQL run, so the job sees only these users,
 * and other files' report jobs never see them.
 */

const database = useEmbeddedTestDatabase();

describe('createDueReports with more due users than one batch', () => {
  it('creates every due report in one run: 2 full batches and 1 more', async () => {
    const users = [];
    for (let i = 0; i < 101; i++) users.push(await createUser(database.db, { now: new Date('1987-01-15T12:00:00Z') }));
    const ids = users.map((user) => user.id);
    const clock = new ManualClock('1987-02-01T01:00:00Z');

    const result = await createDueReports({ db: database.db, clock, mailer: createMemoryMailer() });

    expect(result).toEqual({ created: 101, noActivity: 101, occurrences: 0 });
    const stored = await database.db
      .select({ userId: reports.userId, periodFrom: reports.periodFrom, status: reports.status })
      .from(reports)
      .where(inArray(reports.userId, ids));
    expect(stored).toHaveLength(101);
    expect(new Set(stored.map((row) => row.userId)).size).toBe(101);
    expect(stored.every((row) => row.periodFrom === '1987-01-01' && row.status === 'NO_ACTIVITY')).toBe(true);
    const settings = await database.db
      .select({ next: reportSettings.nextReportDate })
      .from(reportSettings)
      .where(inArray(reportSettings.userId, ids));
    expect(settings.map((row) => row.next)).toEqual(ids.map(() => '1987-03-01'));

    // Nothing is left for a second run.
    expect(await createDueReports({ db: database.db, clock, mailer: createMemoryMailer() })).toEqual({
      created: 0,
      noActivity: 0,
      occurrences: 0,
    });
    const [first] = ids;
    expect(
      await database.db
        .select()
        .from(reports)
        .where(eq(reports.userId, first ?? '')),
    ).toHaveLength(1);
  });
});
