import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { asRecurringTemplate, materializeTemplate, type RecurringTemplate } from './recurrence';

/* Whether a batch that stops exactly at today's occurrence says more is due. */

const database = useTestDatabase();

/** A daily series that started on 2026-03-01 and has not been worked on since. */
async function dailySeriesTwoDaysBehind(): Promise<RecurringTemplate> {
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');
  const user = await createUser(database.db, { now: clock.now() });
  const { caller } = await createTestCaller({ database, user, clock });
  const created = await caller.transaction.create({
    title: 'Coffee',
    type: 'EXPENSE',
    amount: 3,
    category: 'Dining',
    date: '2026-03-01',
    isRecurring: true,
    recurringInterval: 'DAILY',
  });
  const [row] = await database.db.select().from(transactions).where(eq(transactions.id, created.id));
  const template = row ? asRecurringTemplate(row) : null;
  if (!template) throw new Error('no recurring template');
  return template;
}

describe('materializeTemplate', () => {
  const now = new Date('2026-03-03T12:00:00.000Z');

  it('is behind when the batch stops with today’s occurrence still to make', async () => {
    const template = await dailySeriesTwoDaysBehind();
    expect(template.nextRecurringDate).toBe('2026-03-02');
    const result = await database.db.transaction((tx) =>
      materializeTemplate(tx, template, '2026-03-03', now, { limit: 1 }),
    );
    expect(result).toEqual({ created: 1, nextRecurringDate: '2026-03-03', behind: true });
  });

  it('is not behind once today’s occurrence is made', async () => {
    const template = await dailySeriesTwoDaysBehind();
    const result = await database.db.transaction((tx) =>
      materializeTemplate(tx, template, '2026-03-03', now, { limit: 2 }),
    );
    expect(result).toEqual({ created: 2, nextRecurringDate: '2026-03-04', behind: false });
  });
});
