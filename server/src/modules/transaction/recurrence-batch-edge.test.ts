import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { createTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { materializeTemplate, type RecurringTemplate } from './recurrence';

/* Whether a batch that stops exactly at today's occurrence says more is due. */

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

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
  const [row] = await database.db
    .select({
      id: transactions.id,
      userId: transactions.userId,
      title: transactions.title,
      description: transactions.description,
      type: transactions.type,
      amountCents: transactions.amountCents,
      category: transactions.category,
      date: transactions.date,
      paymentMethod: transactions.paymentMethod,
      recurringInterval: transactions.recurringInterval,
      nextRecurringDate: transactions.nextRecurringDate,
      recurringEndDate: transactions.recurringEndDate,
    })
    .from(transactions)
    .where(eq(transactions.id, created.id));
  if (!row?.recurringInterval || !row.nextRecurringDate) throw new Error('no recurring template');
  return { ...row, recurringInterval: row.recurringInterval, nextRecurringDate: row.nextRecurringDate };
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
