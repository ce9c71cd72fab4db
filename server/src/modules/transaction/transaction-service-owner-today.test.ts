import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { createTransaction } from './transaction.service';

/*
 * Which day "today" is when a write catches a series up: the owner's own calendar day, and the UTC
 * day when the stored zone is one this runtime's time-zone data does not know (a zone renamed or
 * dropped between releases must not make every recurring write fail).
 */

const database = useTestDatabase();

// 10:30 UTC on 14 March is already 00:30 on 15 March in Kiritimati (UTC+14).
const NOW = '2026-03-14T10:30:00.000Z';

async function dailySeriesFrom12March(timezone: string) {
  const clock = new ManualClock(NOW);
  const user = await createUser(database.db, { now: clock.now() });
  const created = await createTransaction(
    { db: database.db, clock },
    { id: user.id, timezone },
    {
      title: 'Coffee',
      type: 'EXPENSE',
      amount: 3,
      category: 'Dining',
      date: '2026-03-12',
      paymentMethod: 'CASH',
      isRecurring: true,
      recurringInterval: 'DAILY',
    },
  );
  const rows = await database.db
    .select({ date: transactions.date })
    .from(transactions)
    .where(eq(transactions.userId, user.id))
    .orderBy(transactions.date);
  return { template: created, dates: rows.map((row) => row.date) };
}

describe('createTransaction catching a series up', () => {
  it("makes the occurrences up to today in the owner's time zone", async () => {
    const { template, dates } = await dailySeriesFrom12March('Pacific/Kiritimati');
    expect(dates).toEqual(['2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15']);
    expect(template.nextRecurringDate).toBe('2026-03-16');
  });

  it('counts today in UTC when the stored zone is unknown to the runtime', async () => {
    const { template, dates } = await dailySeriesFrom12March('Mars/Olympus_Mons');
    expect(dates).toEqual(['2026-03-12', '2026-03-13', '2026-03-14']);
    expect(template.nextRecurringDate).toBe('2026-03-15');
  });
});
