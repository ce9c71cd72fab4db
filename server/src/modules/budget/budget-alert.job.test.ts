import { DEFAULT_CATEGORIES } from '@finailytics/shared';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { budgetAlerts, budgets } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import type { Mailer } from '../../lib/mailer';
import { createTestCaller } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, insertTransactions } from '../../test/ledger';
import { messagesTo, useMailbox } from '../../test/smtp';
import { insertMissingCategories, listCategoriesByUser } from '../category/category.repository';
import { runBudgetAlerts } from './budget-alert.job';

/*
 * The job checks every budget in the database, so this file has a database of its own, and each
 * test spends in a month of its own year: at another test's "now" no earlier test's budget has
 * spending in its current period, so nothing of theirs is alerted or sent.
 */

const database = usePrivateTestDatabase();
const { smtp, mailer } = useMailbox({ from: 'alerts@example.com' });

const MINUTE = 60_000;

const run = (clock: ManualClock, options: { db?: Db; mailer?: Mailer } = {}) =>
  runBudgetAlerts({ db: options.db ?? database.db, clock, mailer: options.mailer ?? mailer });

async function budgetedUser(year: number, options: { emailVerified?: boolean; timezone?: string } = {}) {
  const clock = new ManualClock(`${year}-05-02T12:00:00Z`);
  const user = await createUser(database.db, { ...options, now: clock.now() });
  await insertMissingCategories(database.db, user.id, DEFAULT_CATEGORIES, clock.now());
  const { caller } = await createTestCaller({ database, user, clock });
  const groceries = (await caller.category.list()).find((category) => category.name === 'Groceries');
  const budget = await caller.budget.create({ categoryId: groceries?.id ?? '', period: 'MONTHLY', amount: 100 });
  const spend = (amount: number, date: string) => insertTransactions(database.db, user.id, [expense(amount, date)]);
  return { user, clock, caller, budget, spend };
}

function alertsOf(userId: string) {
  return database.db
    .select({
      periodStart: budgetAlerts.periodStart,
      threshold: budgetAlerts.threshold,
      status: budgetAlerts.status,
      attempts: budgetAlerts.attempts,
      spentCents: budgetAlerts.spentCents,
      budgetedCents: budgetAlerts.budgetedCents,
    })
    .from(budgetAlerts)
    .where(eq(budgetAlerts.userId, userId))
    .orderBy(asc(budgetAlerts.periodStart), asc(budgetAlerts.threshold));
}

describe('runBudgetAlerts', () => {
  it('e-mails each threshold once per period, across racing schedulers and a restart', async () => {
    const { user, clock, spend } = await budgetedUser(2031);
    // With DATABASE_URL, a second pool stands in for a second server process.
    const other = database.kind === 'postgres' ? await database.connectAgain() : database;
    try {
      await spend(85, '2031-05-01');
      await Promise.all([run(clock), run(clock, { db: other.db })]);
      expect(await alertsOf(user.id)).toEqual([
        {
          periodStart: '2031-05-01',
          threshold: 80,
          status: 'SENT',
          attempts: 1,
          spentCents: 8500,
          budgetedCents: 10000,
        },
      ]);
      expect(messagesTo(smtp, user.email).map((message) => message.subject)).toEqual([
        'Budget alert: 80% of your Groceries budget',
      ]);

      // A restart: a new run later in the month, with spending past 100%.
      clock.advance(60 * MINUTE);
      await run(clock);
      expect(messagesTo(smtp, user.email)).toHaveLength(1);
      await spend(20, '2031-05-02');
      await Promise.all([run(clock), run(clock, { db: other.db }), run(clock)]);
      const mails = messagesTo(smtp, user.email);
      expect(mails.map((message) => message.subject)).toEqual([
        'Budget alert: 80% of your Groceries budget',
        'Budget alert: 100% of your Groceries budget',
      ]);
      expect(mails[1]?.text).toContain('Spent $105.00 of $100.00');
      expect(mails[1]?.text).toContain('That is $5.00 over budget.');

      // Next month is a new period: its thresholds alert again, once.
      clock.set('2031-06-20T12:00:00Z');
      await spend(90, '2031-06-03');
      await Promise.all([run(clock), run(clock, { db: other.db })]);
      await run(clock);
      expect((await alertsOf(user.id)).map((alert) => [alert.periodStart, alert.threshold, alert.status])).toEqual([
        ['2031-05-01', 80, 'SENT'],
        ['2031-05-01', 100, 'SENT'],
        ['2031-06-01', 80, 'SENT'],
      ]);
      expect(messagesTo(smtp, user.email)).toHaveLength(3);
    } finally {
      if (other !== database) await other.close();
    }
  });

  it('hands an alert back when the process sending it dies, and sends it once', async () => {
    const { user, clock, spend } = await budgetedUser(2032);
    await spend(80, '2032-05-02');
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
    void run(clock, { mailer: dyingMailer });
    await leasedNow;
    clock.advance(9 * MINUTE);
    await run(clock);
    expect(messagesTo(smtp, user.email)).toEqual([]);
    clock.advance(MINUTE);
    await run(clock);
    clock.advance(MINUTE);
    await run(clock);
    expect(messagesTo(smtp, user.email)).toHaveLength(1);
    expect(await alertsOf(user.id)).toMatchObject([{ threshold: 80, status: 'SENT', attempts: 2 }]);
  });

  it('sends nothing to an unverified address, and keeps the alert in the app', async () => {
    const { user, clock, caller, spend } = await budgetedUser(2033, { emailVerified: false });
    await spend(150, '2033-05-01');
    await run(clock);
    expect(messagesTo(smtp, user.email)).toEqual([]);
    expect(await alertsOf(user.id)).toMatchObject([
      { threshold: 80, status: 'SKIPPED' },
      { threshold: 100, status: 'SKIPPED' },
    ]);
    const inApp = await caller.budget.alerts();
    expect(inApp.map((alert) => [alert.threshold, alert.categoryName, alert.spent, alert.budgeted])).toEqual([
      [100, 'Groceries', 150, 100],
      [80, 'Groceries', 150, 100],
    ]);
  });

  it('sends nothing once alerts are off, including alerts already waiting', async () => {
    const { user, clock, caller, spend } = await budgetedUser(2034);
    await spend(85, '2034-05-01');
    // The mail server refuses the first try, so the 80% alert is waiting for its retry.
    smtp.failNext(1);
    await run(clock);
    expect(await alertsOf(user.id)).toMatchObject([{ threshold: 80, status: 'FAILED', attempts: 1 }]);
    await caller.budget.updateAlertSettings({ isEnabled: false });
    await spend(50, '2034-05-02');
    clock.advance(10 * MINUTE);
    await run(clock);
    expect(messagesTo(smtp, user.email)).toEqual([]);
    expect(await alertsOf(user.id)).toMatchObject([
      { threshold: 80, status: 'SKIPPED' },
      { threshold: 100, status: 'SKIPPED' },
    ]);
  });

  it('retries a refused e-mail with backoff and sends it once', async () => {
    const { user, clock, spend } = await budgetedUser(2035);
    await spend(81, '2035-05-01');
    smtp.failNext(1);
    await run(clock);
    expect(await alertsOf(user.id)).toMatchObject([{ status: 'FAILED', attempts: 1 }]);
    clock.advance(4 * MINUTE);
    await run(clock);
    expect(messagesTo(smtp, user.email)).toEqual([]);
    clock.advance(MINUTE);
    await run(clock);
    expect(await alertsOf(user.id)).toMatchObject([{ status: 'SENT', attempts: 2 }]);
    expect(messagesTo(smtp, user.email)).toHaveLength(1);
  });

  it('alerts at the user’s own thresholds, in their time zone’s period', async () => {
    // 31 May 2036 at 23:30 UTC is already 1 June in Kiritimati (UTC+14): May's spending is last period's.
    const { user, clock, caller, spend } = await budgetedUser(2036, { timezone: 'Pacific/Kiritimati' });
    await caller.budget.updateAlertSettings({ thresholds: [150, 50] });
    await spend(60, '2036-05-20');
    clock.set('2036-05-31T23:30:00Z');
    await run(clock);
    expect(await alertsOf(user.id)).toEqual([]);
    await spend(55, '2036-06-01');
    await run(clock);
    expect(await alertsOf(user.id)).toMatchObject([{ periodStart: '2036-06-01', threshold: 50, status: 'SENT' }]);
  });
});

describe('runBudgetAlerts in batches', () => {
  it('works through more budgets than one batch holds, each user’s once', async () => {
    const clock = new ManualClock('2039-05-20T12:00:00Z');
    const owners = [];
    for (let owner = 0; owner < 3; owner++) {
      const user = await createUser(database.db, { now: clock.now() });
      const names = Array.from({ length: 70 }, (_, index) => ({
        kind: 'EXPENSE' as const,
        name: `Batch ${index}`,
        colour: '#2563eb',
      }));
      await insertMissingCategories(database.db, user.id, names, clock.now());
      const categories = await listCategoriesByUser(database.db, user.id);
      await database.db.insert(budgets).values(
        categories.map((category) => ({
          userId: user.id,
          categoryId: category.id,
          period: 'MONTHLY' as const,
          amountCents: 1000,
          startsOn: '2039-05-01',
        })),
      );
      await insertTransactions(
        database.db,
        user.id,
        categories.map((category) => expense(10, '2039-05-03', category.name)),
      );
      const { caller } = await createTestCaller({ database, user, clock });
      await caller.budget.updateAlertSettings({ isEnabled: false, thresholds: [100] });
      owners.push(user);
    }
    const result = await run(clock);
    expect(result).toMatchObject({ created: 210, sent: 0, skipped: 210 });
    expect(result.budgets).toBeGreaterThanOrEqual(210);
    for (const user of owners) {
      const alerts = await alertsOf(user.id);
      expect(alerts).toHaveLength(70);
      expect(alerts.every((alert) => alert.status === 'SKIPPED' && alert.spentCents === 1000)).toBe(true);
    }
    expect(await run(clock)).toMatchObject({ created: 0, skipped: 0 });
  });
});

describe('budget alert procedures', () => {
  it('dismisses an alert for its owner only', async () => {
    const { user, clock, caller, spend } = await budgetedUser(2037);
    await spend(90, '2037-05-01');
    await run(clock);
    const [alert] = await caller.budget.alerts();
    if (!alert) throw new Error('no alert');
    const stranger = await budgetedUser(2037);
    await expect(stranger.caller.budget.dismissAlert({ id: alert.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await caller.budget.dismissAlert({ id: alert.id })).toEqual({ id: alert.id });
    expect(await caller.budget.alerts()).toEqual([]);
    expect(await alertsOf(user.id)).toHaveLength(1);
  });

  it('keeps settings: defaults, sorted thresholds, and refuses bad ones', async () => {
    const { caller } = await budgetedUser(2038);
    expect(await caller.budget.getAlertSettings()).toEqual({ isEnabled: true, thresholds: [80, 100] });
    expect(await caller.budget.updateAlertSettings({ thresholds: [120, 50, 90] })).toEqual({
      isEnabled: true,
      thresholds: [50, 90, 120],
    });
    for (const thresholds of [[0], [201], [10, 20, 30, 40, 50], [], [50, 50], [12.5]]) {
      await expect(caller.budget.updateAlertSettings({ thresholds })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(await caller.budget.updateAlertSettings({ isEnabled: false })).toEqual({
      isEnabled: false,
      thresholds: [50, 90, 120],
    });
  });
});
