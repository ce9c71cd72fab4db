import type { CreateTransactionInput } from '@finailytics/shared';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { nextRecurringDate, occurrenceDates } from '../../test/ledger';
import { occurrenceAfter } from './recurrence';
import { materializeDueRecurringTransactions, materializeUserTemplates } from './recurrence.job';

const database = usePrivateTestDatabase();

/**
 * A user whose recurring template is created "today" (so nothing is due yet), with a clock the
 * test then moves forward.
 */
async function seriesOf(
  template: Partial<CreateTransactionInput> & { date: string },
  options: { timezone?: string } = {},
) {
  const clock = new ManualClock(`${template.date}T12:00:00.000Z`);
  const user = await createUser(database.db, options);
  const { caller } = await createTestCaller({ database, user, clock });
  const created = await caller.transaction.create({
    title: 'Rent',
    type: 'EXPENSE',
    amount: 950,
    category: 'Housing',
    isRecurring: true,
    recurringInterval: 'MONTHLY',
    ...template,
  });
  return { user, clock, caller, template: created };
}

const run = (clock: ManualClock, db = database.db) => materializeDueRecurringTransactions({ db, clock });

describe('occurrenceAfter', () => {
  it('keeps a monthly series anchored on the 31st', () => {
    const dates = ['2026-01-31'];
    for (let index = 0; index < 4; index++) dates.push(occurrenceAfter('2026-01-31', 'MONTHLY', dates.at(-1) ?? ''));
    expect(dates).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });

  it('jumps straight to the next occurrence of a long series', () => {
    expect(occurrenceAfter('2000-01-01', 'DAILY', '2026-03-15')).toBe('2026-03-16');
    expect(occurrenceAfter('2000-01-03', 'WEEKLY', '2026-03-15')).toBe('2026-03-16');
    expect(occurrenceAfter('2000-02-29', 'YEARLY', '2026-03-15')).toBe('2027-02-28');
  });
});

describe('materializeDueRecurringTransactions', () => {
  it('creates every due occurrence in one run, titled and dated, and advances the template', async () => {
    const { user, clock, template } = await seriesOf({ date: '2026-01-10', recurringInterval: 'WEEKLY' });
    clock.set('2026-02-08T09:00:00Z');
    const result = await run(clock);
    expect(result.occurrences).toBeGreaterThanOrEqual(4);
    expect(await occurrenceDates(database.db, user.id)).toEqual([
      '2026-01-17',
      '2026-01-24',
      '2026-01-31',
      '2026-02-07',
    ]);
    expect(await nextRecurringDate(database.db, template.id)).toBe('2026-02-14');
    const [occurrence] = await database.db
      .select({
        title: transactions.title,
        amountCents: transactions.amountCents,
        category: transactions.category,
        isRecurring: transactions.isRecurring,
        templateId: transactions.templateId,
      })
      .from(transactions)
      .where(and(eq(transactions.userId, user.id), eq(transactions.date, '2026-01-17')));
    expect(occurrence).toEqual({
      title: 'Rent',
      amountCents: 95_000,
      category: 'Housing',
      isRecurring: false,
      templateId: template.id,
    });
  });

  it('keeps month ends anchored: Jan 31 falls on Feb 28, Mar 31, Apr 30', async () => {
    const { user, clock, template } = await seriesOf({ date: '2026-01-31' });
    clock.set('2026-05-01T12:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
    expect(await nextRecurringDate(database.db, template.id)).toBe('2026-05-31');
  });

  it('lands on Feb 29 in a leap year', async () => {
    const { user, clock } = await seriesOf({ date: '2028-01-31' });
    clock.set('2028-03-01T12:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual(['2028-02-29']);
  });

  it('keeps a yearly Feb 29 series on Feb 28 until the next leap year', async () => {
    const { user, clock, template } = await seriesOf({ date: '2028-02-29', recurringInterval: 'YEARLY' });
    clock.set('2032-03-01T12:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual([
      '2029-02-28',
      '2030-02-28',
      '2031-02-28',
      '2032-02-29',
    ]);
    expect(await nextRecurringDate(database.db, template.id)).toBe('2033-02-28');
  });

  it('stops after the end date and never creates more', async () => {
    const { user, clock, template } = await seriesOf({
      date: '2026-01-01',
      recurringInterval: 'DAILY',
      recurringEndDate: '2026-01-04',
    });
    clock.set('2026-01-20T12:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual(['2026-01-02', '2026-01-03', '2026-01-04']);
    expect(await nextRecurringDate(database.db, template.id)).toBeNull();
    clock.set('2026-02-20T12:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toHaveLength(3);
  });

  it('includes an occurrence that falls on the end date itself', async () => {
    const { user, clock } = await seriesOf({ date: '2026-01-31', recurringEndDate: '2026-02-28' });
    clock.set('2026-06-01T12:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual(['2026-02-28']);
  });

  it('does nothing before the next date and is idempotent on the same day', async () => {
    const { user, clock } = await seriesOf({ date: '2026-03-10' });
    clock.set('2026-04-09T23:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual([]);
    clock.set('2026-04-10T08:00:00Z');
    await run(clock);
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual(['2026-04-10']);
  });

  it("uses the user's own calendar day", async () => {
    const tokyo = await seriesOf({ date: '2026-03-01' }, { timezone: 'Asia/Tokyo' });
    const losAngeles = await seriesOf({ date: '2026-03-01' }, { timezone: 'America/Los_Angeles' });
    // 20:00 UTC on Mar 31: already Apr 1 in Tokyo, still Mar 31 in Los Angeles.
    const clock = new ManualClock('2026-03-31T20:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, tokyo.user.id)).toEqual(['2026-04-01']);
    expect(await occurrenceDates(database.db, losAngeles.user.id)).toEqual([]);
  });

  it('loses and doubles nothing when a run crashes between occurrences', async () => {
    const { user, clock, template } = await seriesOf({ date: '2026-01-05', recurringInterval: 'WEEKLY' });
    clock.set('2026-02-10T12:00:00Z');
    const crashing = materializeDueRecurringTransactions(
      { db: database.db, clock },
      {
        beforeCommit: (templateId) => {
          if (templateId === template.id) throw new Error('process killed');
        },
      },
    );
    await expect(crashing).rejects.toThrow(/1 template\(s\) failed/);
    expect(await occurrenceDates(database.db, user.id)).toEqual([]);
    expect(await nextRecurringDate(database.db, template.id)).toBe('2026-01-12');

    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual([
      '2026-01-12',
      '2026-01-19',
      '2026-01-26',
      '2026-02-02',
      '2026-02-09',
    ]);
    expect(await nextRecurringDate(database.db, template.id)).toBe('2026-02-16');
  });

  it('skips an occurrence that already exists instead of doubling it', async () => {
    const { user, clock, template } = await seriesOf({ date: '2026-01-05', recurringInterval: 'WEEKLY' });
    // As if an earlier version had written this occurrence without advancing the template.
    await database.db.insert(transactions).values({
      userId: user.id,
      templateId: template.id,
      title: 'Recurring - Rent',
      type: 'EXPENSE',
      amountCents: 95_000,
      category: 'Housing',
      date: '2026-01-12',
    });
    clock.set('2026-01-20T12:00:00Z');
    await run(clock);
    expect(await occurrenceDates(database.db, user.id)).toEqual(['2026-01-12', '2026-01-19']);
  });

  it('never creates an occurrence twice when two runs race', async () => {
    // With DATABASE_URL, a second pool stands in for a second server process.
    const other = database.kind === 'postgres' ? await database.connectAgain() : database;
    try {
      const series = [];
      for (let index = 0; index < 12; index++) {
        series.push(await seriesOf({ date: '2026-01-01', recurringInterval: 'DAILY', title: `Daily ${index}` }));
      }
      const clock = new ManualClock('2026-03-01T12:00:00Z');
      await Promise.all([run(clock), run(clock, other.db)]);
      // Jan 2 … Mar 1 is 59 occurrences per template, each made by exactly one of the runs.
      for (const { user, template } of series) {
        const dates = await occurrenceDates(database.db, user.id);
        expect(dates).toHaveLength(59);
        expect(new Set(dates).size).toBe(59);
        expect(await nextRecurringDate(database.db, template.id)).toBe('2026-03-02');
      }
    } finally {
      if (other !== database) await other.close();
    }
  });
});

describe('cost bounds: materializeUserTemplates', () => {
  it('creates at most its limit inside the report transaction and says the user is still behind', async () => {
    const { user, clock, template } = await seriesOf({ date: '2026-01-01', recurringInterval: 'DAILY' });
    clock.set('2026-12-31T12:00:00Z');
    const now = clock.now();
    const first = await database.db.transaction((tx) => materializeUserTemplates(tx, user.id, '2026-12-31', now, 200));
    expect(first).toEqual({ created: 200, complete: false });
    expect(await nextRecurringDate(database.db, template.id)).toBe('2026-07-21');
    const rest = await database.db.transaction((tx) => materializeUserTemplates(tx, user.id, '2026-12-31', now));
    expect(rest).toEqual({ created: 364 - 200, complete: true });
    expect((await occurrenceDates(database.db, user.id)).length).toBe(364);
  });
});
