import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reports, transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import type { Mailer } from '../../lib/mailer';
import { createTestCaller } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, income, insertTransactions, type TransactionSeed } from '../../test/ledger';
import { useMailbox } from '../../test/smtp';
import { materializeDueRecurringTransactions } from '../transaction/recurrence.job';
import { runDueReports } from './report.job';
import { findReportSettingByUser, updateReportSetting } from './report-settings.repository';

/*
 * Each test lives in a year of its own, long before any other test file's users are due, so the
 * reports it creates and sends are only its own users' (the job handles every due user at once).
 */

const database = usePrivateTestDatabase();
const { smtp, mailer } = useMailbox({ from: 'reports@example.com' });

const MINUTE = 60_000;

async function userWith(createdAt: string, seeds: TransactionSeed[], timezone = 'UTC') {
  const user = await createUser(database.db, { timezone, now: new Date(createdAt) });
  await insertTransactions(database.db, user.id, seeds);
  return user;
}

const run = (clock: ManualClock, withMailer: Mailer = mailer) =>
  runDueReports({ db: database.db, clock, mailer: withMailer });

const mailTo = (email: string) => smtp.messages.filter((message) => message.recipients.includes(email));

function reportsOf(userId: string) {
  return database.db
    .select({
      periodFrom: reports.periodFrom,
      periodTo: reports.periodTo,
      status: reports.status,
      attempts: reports.attempts,
      nextAttemptAt: reports.nextAttemptAt,
      sentAt: reports.sentAt,
    })
    .from(reports)
    .where(eq(reports.userId, userId))
    .orderBy(asc(reports.periodFrom));
}

const februarySeeds = (year: number) => [
  income(1000, `${year}-02-01`),
  expense(250, `${year}-02-05`, 'Rent'),
  expense(50, `${year}-02-28`, 'Food'),
  expense(999, `${year}-03-01`, 'Travel'),
];

describe('runDueReports', () => {
  it('sends the monthly report as the 1st begins in UTC+14', async () => {
    const user = await userWith('2011-02-10T00:00:00Z', februarySeeds(2011), 'Pacific/Kiritimati');
    const clock = new ManualClock('2011-02-28T09:59:00Z'); // 23:59 on February 28th on Kiritimati
    await run(clock);
    expect(await reportsOf(user.id)).toEqual([]);

    clock.set('2011-02-28T10:00:00Z'); // midnight, March 1st
    await run(clock);
    expect(await reportsOf(user.id)).toEqual([
      {
        periodFrom: '2011-02-01',
        periodTo: '2011-02-28',
        status: 'SENT',
        attempts: 1,
        nextAttemptAt: null,
        sentAt: clock.now(),
      },
    ]);
    const [mail] = mailTo(user.email);
    expect(mail?.recipients).toEqual([user.email]);
    expect(mail?.subject).toBe('Your FinAIlytics report: February 2011');
    for (const figure of ['$1,000.00', '$300.00', '$700.00', '70%', 'Rent: $250.00 (83%)', 'Food: $50.00 (17%)']) {
      expect(mail?.text).toContain(figure);
    }
    expect((await findReportSettingByUser(database.db, user.id))?.nextReportDate).toBe('2011-04-01');
  });

  it('waits for the 1st in UTC−11', async () => {
    const user = await userWith('2012-02-10T12:00:00Z', februarySeeds(2012), 'Pacific/Pago_Pago');
    const clock = new ManualClock('2012-03-01T10:59:00Z'); // 23:59 on February 29th in Pago Pago
    await run(clock);
    expect(await reportsOf(user.id)).toEqual([]);
    clock.set('2012-03-01T11:00:00Z');
    await run(clock);
    expect(await reportsOf(user.id)).toMatchObject([
      { periodFrom: '2012-02-01', periodTo: '2012-02-29', status: 'SENT' },
    ]);
    expect(mailTo(user.email)).toHaveLength(1);
  });

  it('sends each report once however often it runs', async () => {
    const user = await userWith('2013-02-10T12:00:00Z', februarySeeds(2013));
    const clock = new ManualClock('2013-03-01T00:05:00Z');
    await run(clock);
    clock.advance(MINUTE);
    await run(clock);
    clock.advance(20 * MINUTE);
    await run(clock);
    expect(await reportsOf(user.id)).toHaveLength(1);
    expect(mailTo(user.email)).toHaveLength(1);
  });

  it('records NO_ACTIVITY for an empty period, sends nothing and moves the date on', async () => {
    const user = await userWith('2014-02-10T12:00:00Z', [income(5, '2014-03-02')]);
    const clock = new ManualClock('2014-03-01T00:05:00Z');
    await run(clock);
    expect(await reportsOf(user.id)).toMatchObject([{ periodFrom: '2014-02-01', status: 'NO_ACTIVITY', sentAt: null }]);
    expect(mailTo(user.email)).toEqual([]);
    expect((await findReportSettingByUser(database.db, user.id))?.nextReportDate).toBe('2014-04-01');
  });

  it('reports only the latest month after downtime, then schedules the next', async () => {
    const user = await userWith('2015-01-10T12:00:00Z', [expense(10, '2015-01-20'), expense(40, '2015-04-20')]);
    const clock = new ManualClock('2015-05-15T12:00:00Z');
    await run(clock);
    expect(await reportsOf(user.id)).toMatchObject([
      { periodFrom: '2015-04-01', periodTo: '2015-04-30', status: 'SENT' },
    ]);
    expect(mailTo(user.email)[0]?.text).toContain('$40.00');
    expect((await findReportSettingByUser(database.db, user.id))?.nextReportDate).toBe('2015-06-01');
  });

  it('sends the weekly report for the Monday-to-Sunday week just ended', async () => {
    const user = await userWith('2016-03-02T12:00:00Z', [
      expense(10, '2016-02-29'),
      expense(20, '2016-03-06'),
      expense(40, '2016-03-07'),
    ]);
    await updateReportSetting(
      database.db,
      user.id,
      { frequency: 'WEEKLY', nextReportDate: '2016-03-07' },
      new Date('2016-03-02T12:00:00Z'),
    );
    const clock = new ManualClock('2016-03-07T00:30:00Z');
    await run(clock);
    expect(await reportsOf(user.id)).toMatchObject([
      { periodFrom: '2016-02-29', periodTo: '2016-03-06', status: 'SENT' },
    ]);
    const [mail] = mailTo(user.email);
    expect(mail?.subject).toBe('Your FinAIlytics report: Feb 29 – Mar 6, 2016');
    expect(mail?.text).toContain('Expenses:     $30.00');
    expect((await findReportSettingByUser(database.db, user.id))?.nextReportDate).toBe('2016-03-14');
  });

  it('leaves disabled users alone', async () => {
    const user = await userWith('2017-02-10T12:00:00Z', februarySeeds(2017));
    await updateReportSetting(database.db, user.id, { isEnabled: false, nextReportDate: null }, new Date());
    await run(new ManualClock('2017-03-01T12:00:00Z'));
    expect(await reportsOf(user.id)).toEqual([]);
  });

  it('marks a refused e-mail FAILED and retries it after the backoff', async () => {
    const user = await userWith('2018-02-10T12:00:00Z', februarySeeds(2018));
    const clock = new ManualClock('2018-03-01T00:05:00Z');
    smtp.failNext(1);
    await run(clock);
    const firstAttempt = clock.now().getTime();
    expect(await reportsOf(user.id)).toMatchObject([
      { status: 'FAILED', attempts: 1, sentAt: null, nextAttemptAt: new Date(firstAttempt + 5 * MINUTE) },
    ]);

    clock.advance(4 * MINUTE);
    await run(clock);
    expect(await reportsOf(user.id)).toMatchObject([{ status: 'FAILED', attempts: 1 }]);

    clock.advance(MINUTE);
    await run(clock);
    expect(await reportsOf(user.id)).toMatchObject([{ status: 'SENT', attempts: 2, sentAt: clock.now() }]);
    expect(mailTo(user.email)).toHaveLength(1);
  });

  it('gives up after five attempts', async () => {
    const user = await userWith('2019-02-10T12:00:00Z', februarySeeds(2019));
    const clock = new ManualClock('2019-03-01T00:05:00Z');
    smtp.failNext(5);
    await run(clock);
    for (const waitMinutes of [5, 30, 120, 720]) {
      clock.advance(waitMinutes * MINUTE);
      await run(clock);
    }
    expect(await reportsOf(user.id)).toMatchObject([{ status: 'FAILED', attempts: 5, nextAttemptAt: null }]);
    clock.advance(30 * 24 * 60 * MINUTE);
    await run(clock);
    expect(await reportsOf(user.id)).toMatchObject([{ periodFrom: '2019-02-01', status: 'FAILED', attempts: 5 }]);
    expect(mailTo(user.email)).toEqual([]);
    smtp.failNext(0);
  });
});

describe('runDueReports across processes', () => {
  it('sends one report per user when two schedulers run at once', async () => {
    const users = await Promise.all([1, 2, 3, 4].map(() => userWith('2020-02-10T12:00:00Z', februarySeeds(2020))));
    const clock = new ManualClock('2020-03-01T00:05:00Z');
    await Promise.all([run(clock), run(clock)]);
    for (const user of users) {
      expect(await reportsOf(user.id)).toMatchObject([{ periodFrom: '2020-02-01', status: 'SENT', attempts: 1 }]);
      expect(mailTo(user.email)).toHaveLength(1);
    }
  });

  it('hands a report back when the process sending it dies, and sends it once', async () => {
    const user = await userWith('2021-02-10T12:00:00Z', februarySeeds(2021));
    const clock = new ManualClock('2021-03-01T00:05:00Z');
    // A process that leases the report and never finishes sending it, as if killed mid-send.
    let leased: () => void = () => {};
    const leasedNow = new Promise<void>((resolve) => {
      leased = resolve;
    });
    const dyingMailer: Mailer = {
      send: () => {
        leased();
        return new Promise(() => {});
      },
    };
    void run(clock, dyingMailer);
    await leasedNow;

    // Another process meanwhile leaves the leased report alone.
    clock.advance(9 * MINUTE);
    await run(clock);
    expect(mailTo(user.email)).toEqual([]);
    expect(await reportsOf(user.id)).toMatchObject([{ status: 'PENDING', attempts: 1 }]);

    // Once the lease has run out it is sent, exactly once.
    clock.advance(MINUTE);
    await run(clock);
    expect(mailTo(user.email)).toHaveLength(1);
    clock.advance(20 * MINUTE);
    await run(clock);
    expect(mailTo(user.email)).toHaveLength(1);
    expect(await reportsOf(user.id)).toMatchObject([{ status: 'SENT', attempts: 2 }]);
  });

  it('includes recurring occurrences the recurring job has not reached yet, created once', async () => {
    // A weekly series saved on Friday 20 January; then the servers are down until 1 March, so no
    // occurrence of February exists when the report job and the recurring job start at once.
    const user = await userWith('2023-01-20T12:00:00Z', []);
    const clock = new ManualClock('2023-01-20T12:00:00Z');
    const { caller } = await createTestCaller({ database, user, clock });
    await caller.transaction.create({
      title: 'Cleaner',
      type: 'EXPENSE',
      amount: 100,
      category: 'Home',
      date: '2023-01-20',
      isRecurring: true,
      recurringInterval: 'WEEKLY',
    });
    clock.set('2023-03-01T00:05:00Z');
    await Promise.all([run(clock), materializeDueRecurringTransactions({ db: database.db, clock })]);

    expect(await reportsOf(user.id)).toMatchObject([{ periodFrom: '2023-02-01', status: 'SENT', attempts: 1 }]);
    const [mail] = mailTo(user.email);
    expect(mail?.text).toContain('$400.00');
    const occurrences = await database.db
      .select({ date: transactions.date })
      .from(transactions)
      .where(and(eq(transactions.userId, user.id), isNotNull(transactions.templateId)))
      .orderBy(asc(transactions.date));
    expect(occurrences.map((row) => row.date)).toEqual([
      '2023-01-27',
      '2023-02-03',
      '2023-02-10',
      '2023-02-17',
      '2023-02-24',
    ]);
  });

  it('creates nothing twice when a run crashes before committing', async () => {
    const user = await userWith('2022-02-10T12:00:00Z', februarySeeds(2022));
    const clock = new ManualClock('2022-03-01T00:05:00Z');
    const crashing = database.db.transaction(async (tx) => {
      await runDueReports({ db: tx, clock, mailer });
      throw new Error('process killed');
    });
    await expect(crashing).rejects.toThrow('process killed');
    expect(await reportsOf(user.id)).toEqual([]);
    expect((await findReportSettingByUser(database.db, user.id))?.nextReportDate).toBe('2022-03-01');
  });
});

describe('cost bounds: a report after a long recurring backlog', () => {
  it('is put off while the backlog exceeds the catch-up limit, then made with every occurrence once the recurring job ran', async () => {
    const clock = new ManualClock('1995-01-01T12:00:00Z');
    const user = await userWith('1995-01-01T12:00:00Z', []);
    const { caller } = await createTestCaller({ database, user, clock });
    await caller.transaction.create({
      title: 'Coffee',
      type: 'EXPENSE',
      amount: 2,
      category: 'Food',
      date: '1995-01-01',
      isRecurring: true,
      recurringInterval: 'DAILY',
    });
    clock.set('2001-03-01T12:00:00Z');
    const first = await run(clock);
    expect(first.occurrences).toBe(2000);
    expect(await reportsOf(user.id)).toEqual([]);

    await materializeDueRecurringTransactions({ db: database.db, clock });
    await run(clock);
    const [report] = await database.db
      .select({ periodFrom: reports.periodFrom, content: reports.content })
      .from(reports)
      .where(eq(reports.userId, user.id));
    expect(report?.periodFrom).toBe('2001-02-01');
    // 28 days of February at 2.00 each.
    expect(report?.content.summary.expenses).toBe(56);
  }, 60_000);
});
