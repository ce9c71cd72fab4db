import { REPORT_MESSAGES, type User } from '@finailytics/shared';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reports } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createMemoryMailer, type Mailer } from '../../lib/mailer';
import { createRateLimits } from '../../lib/rate-limit';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf, retryAfter } from '../../test/errors';
import { createUser } from '../../test/factories';
import { expense, income, insertTransactions } from '../../test/ledger';
import { useMailbox } from '../../test/smtp';
import { markEmailVerified } from '../user/user.repository';
import { updateReportSetting } from './report-settings.repository';

const database = useTestDatabase();
const { smtp, mailer: smtpMailer } = useMailbox({ from: 'FinAIlytics <reports@example.com>' });

// February 2026 against January 2026, for a user in Berlin who counts in euros.
const februarySeeds = [
  income(3000, '2026-01-05', 'Salary', 'January salary'),
  expense(1100, '2026-01-03', 'Rent', 'Flat rent'),
  expense(200, '2026-01-12', 'Groceries', 'Market'),
  expense(300, '2026-01-20', 'Dining', 'Birthday dinner'),
  income(3200, '2026-02-01', 'Salary', 'February salary'),
  expense(1100, '2026-02-03', 'Rent', 'Flat rent'),
  expense(250.4, '2026-02-10', 'Groceries', 'Market'),
  expense(49.6, '2026-02-20', 'Groceries', 'Bakery'),
  expense(80, '2026-02-14', 'Dining', 'Pizza'),
  expense(20, '2026-02-15', 'Transport', 'Tram pass'),
];

interface SetupOptions {
  now?: string;
  timezone?: string;
  currency?: string;
  mailer?: Mailer;
  /** Keep the sign-up schedule; otherwise it is switched off so no scheduler run adds reports mid-test. */
  scheduled?: boolean;
  /** false for a user who has not confirmed their address yet. */
  emailVerified?: boolean;
  /** Environment overrides, e.g. a smaller REPORT_SEND_MAX_PER_USER. */
  env?: Record<string, string>;
}

async function setup(options: SetupOptions = {}) {
  const clock = new ManualClock(options.now ?? '2026-03-10T12:00:00Z');
  const user: User = await createUser(database.db, {
    timezone: options.timezone ?? 'Europe/Berlin',
    currency: options.currency ?? 'EUR',
    now: clock.now(),
    emailVerified: options.emailVerified,
  });
  if (!options.scheduled) {
    await updateReportSetting(database.db, user.id, { isEnabled: false, nextReportDate: null }, clock.now());
  }
  const mailer = options.mailer ?? createMemoryMailer();
  const env = testEnv(options.env);
  // One set of counters for every caller of the user, as one server has.
  const rateLimits = createRateLimits(env);
  const { caller } = await createTestCaller({ database, user, clock, mailer, env, rateLimits });
  // Access tokens last 15 minutes: after moving the clock further, sign in again.
  const signInAgain = async () => (await createTestCaller({ database, user, clock, mailer, env, rateLimits })).caller;
  return { caller, user, clock, signInAgain, rateLimits };
}

const februaryReport = {
  period: { from: '2026-02-01', to: '2026-02-28', label: 'February 2026' },
  currency: 'EUR',
  summary: {
    income: 3200,
    expenses: 1500,
    balance: 1700,
    savingsRate: 53.13,
    topCategories: [
      { name: 'Rent', amount: 1100, percent: 74 },
      { name: 'Groceries', amount: 300, percent: 20 },
      { name: 'Dining', amount: 80, percent: 5 },
      { name: 'Others', amount: 20, percent: 1 },
    ],
  },
  insights: [
    'Spending on Dining fell by €220.00 (73%) compared with the previous period.',
    'Your savings rate rose from 46.7% to 53.1%.',
    'Unusual expense: €1,100.00 for "Flat rent" (Rent) on Feb 3, 2026 was 3.7× your average expense of €300.00.',
  ],
};

describe('report.getSettings', () => {
  it("returns the sign-up defaults: monthly, enabled, the 1st of next month in the user's zone", async () => {
    // 23:30 UTC on March 31st is already April 1st in Berlin.
    const { caller } = await setup({ now: '2026-03-31T23:30:00Z', scheduled: true });
    expect(await caller.report.getSettings()).toMatchObject({
      frequency: 'MONTHLY',
      isEnabled: true,
      nextReportDate: '2026-05-01',
    });
  });
});

describe('report.updateSettings', () => {
  it("schedules the next Monday in the user's zone when switching to weekly", async () => {
    // Sunday 2026-03-15 11:00 UTC is already Monday 01:00 on Kiritimati, so the next Monday is the 23rd.
    const { caller } = await setup({ now: '2026-03-15T11:00:00Z', timezone: 'Pacific/Kiritimati', scheduled: true });
    const settings = await caller.report.updateSettings({ frequency: 'WEEKLY' });
    expect(settings).toMatchObject({ frequency: 'WEEKLY', isEnabled: true, nextReportDate: '2026-03-23' });
  });

  it('clears the date when disabled and schedules afresh when enabled again', async () => {
    const { caller, clock, signInAgain } = await setup({ now: '2026-03-10T12:00:00Z', scheduled: true });
    expect(await caller.report.updateSettings({ isEnabled: false })).toMatchObject({
      isEnabled: false,
      nextReportDate: null,
    });
    clock.set('2026-06-20T12:00:00Z');
    const later = await signInAgain();
    expect(await later.report.updateSettings({ isEnabled: true })).toMatchObject({
      isEnabled: true,
      frequency: 'MONTHLY',
      nextReportDate: '2026-07-01',
    });
    expect(await later.report.getSettings()).toMatchObject({ nextReportDate: '2026-07-01' });
  });

  it('keeps the scheduled date when nothing that decides it changes', async () => {
    const { clock, signInAgain } = await setup({ now: '2026-03-10T12:00:00Z', scheduled: true });
    clock.set('2026-03-20T12:00:00Z');
    const later = await signInAgain();
    expect(await later.report.updateSettings({ isEnabled: true, frequency: 'MONTHLY' })).toMatchObject({
      nextReportDate: '2026-04-01',
    });
  });

  it('refuses an empty update', async () => {
    const { caller } = await setup();
    await expect(caller.report.updateSettings({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('report.generate', () => {
  it('previews last month with its numbers and three insights', async () => {
    const { caller, user } = await setup();
    await insertTransactions(database.db, user.id, februarySeeds);
    expect(await caller.report.generate({ preset: 'lastMonth' })).toEqual(februaryReport);
  });

  it('does not call a recurring rent unusual', async () => {
    const { caller, user } = await setup();
    const oneOff = februarySeeds.filter((seed) => seed.title !== 'Flat rent');
    await insertTransactions(database.db, user.id, oneOff);
    // The same rent as a monthly series from January: February's is one of its occurrences.
    await caller.transaction.create({
      title: 'Flat rent',
      type: 'EXPENSE',
      amount: 1100,
      category: 'Rent',
      date: '2026-01-03',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    });
    const report = await caller.report.generate({ preset: 'lastMonth' });
    expect(report.summary).toEqual(februaryReport.summary);
    expect(report.insights[2]).toBe(
      'No unusual expenses; the largest was the recurring €1,100.00 for "Flat rent" (Rent) on Feb 3, 2026.',
    );
  });

  it('neither stores nor sends anything', async () => {
    const mailer = createMemoryMailer();
    const { caller, user } = await setup({ mailer });
    await insertTransactions(database.db, user.id, februarySeeds);
    await caller.report.generate({ preset: 'lastMonth' });
    expect((await caller.report.list({ page: 1, pageSize: 10 })).items).toEqual([]);
    expect(mailer.messages).toEqual([]);
  });

  it('labels a custom week and explains an empty period', async () => {
    const { caller } = await setup();
    const report = await caller.report.generate({ from: '2026-03-02', to: '2026-03-08' });
    expect(report.period).toEqual({ from: '2026-03-02', to: '2026-03-08', label: 'Mar 2 – Mar 8, 2026' });
    expect(report.summary).toEqual({ income: 0, expenses: 0, balance: 0, savingsRate: null, topCategories: [] });
    expect(report.insights).toEqual([
      'You had no expenses in this period or the one before.',
      'You had no income in this period, so there is no savings rate.',
      'There were no expenses to review.',
    ]);
  });
});

describe('report.sendNow', () => {
  it('e-mails the report to the user through SMTP, in their currency', async () => {
    const { caller, user, clock } = await setup({ mailer: smtpMailer });
    await insertTransactions(database.db, user.id, februarySeeds);
    const report = await caller.report.sendNow({ preset: 'lastMonth' });
    expect(report).toMatchObject({
      period: februaryReport.period,
      status: 'SENT',
      sentAt: clock.now().toISOString(),
      attempts: 1,
      content: februaryReport,
    });
    const delivered = smtp.messages.filter((message) => message.recipients.includes(user.email));
    expect(delivered).toHaveLength(1);
    const [mail] = delivered;
    expect(mail?.recipients).toEqual([user.email]);
    expect(mail?.from).toBe('reports@example.com');
    expect(mail?.subject).toBe('Your FinAIlytics report: February 2026');
    for (const figure of ['€3,200.00', '€1,500.00', '€1,700.00', '53.13%', 'Rent: €1,100.00 (74%)']) {
      expect(mail?.text).toContain(figure);
    }
    expect(mail?.text).toContain(februaryReport.insights[0]);
    expect(mail?.html).toContain('€1,700.00');
    expect(mail?.html).toContain('&#34;Flat rent&#34;');
  });

  it('stores the report as FAILED with a retry when the SMTP server refuses it', async () => {
    const { caller, user, clock } = await setup({ mailer: smtpMailer });
    await insertTransactions(database.db, user.id, februarySeeds);
    smtp.failNext(1);
    const report = await caller.report.sendNow({ preset: 'lastMonth' });
    expect(report).toMatchObject({ status: 'FAILED', sentAt: null, attempts: 1 });
    const [row] = await database.db
      .select({ nextAttemptAt: reports.nextAttemptAt })
      .from(reports)
      .where(eq(reports.id, report.id));
    expect(row?.nextAttemptAt?.getTime()).toBe(clock.now().getTime() + 5 * 60_000);
    expect(smtp.messages.filter((message) => message.recipients.includes(user.email))).toHaveLength(0);
  });

  it('sends nothing for an empty period and says so', async () => {
    const mailer = createMemoryMailer();
    const { caller } = await setup({ mailer });
    const report = await caller.report.sendNow({ preset: 'lastMonth' });
    expect(report).toMatchObject({ status: 'NO_ACTIVITY', sentAt: null, attempts: 0 });
    expect(mailer.messages).toEqual([]);
  });

  it('keeps one report per period when sent again', async () => {
    const mailer = createMemoryMailer();
    const { caller, user } = await setup({ mailer });
    await insertTransactions(database.db, user.id, februarySeeds);
    const first = await caller.report.sendNow({ preset: 'lastMonth' });
    const second = await caller.report.sendNow({ from: '2026-02-01', to: '2026-02-28' });
    expect(second).toMatchObject({ id: first.id, status: 'SENT', attempts: 2 });
    expect(mailer.messages).toHaveLength(2);
    expect((await caller.report.list({ page: 1, pageSize: 10 })).pagination.totalCount).toBe(1);
  });

  it('refuses an unverified address with FORBIDDEN, sending and storing nothing', async () => {
    const { caller, user } = await setup({ mailer: smtpMailer, emailVerified: false });
    await insertTransactions(database.db, user.id, februarySeeds);
    const error = await errorOf(caller.report.sendNow({ preset: 'lastMonth' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(REPORT_MESSAGES.emailNotVerified);
    expect(smtp.messages.filter((message) => message.recipients.includes(user.email))).toHaveLength(0);
    const [stored] = await database.db.select({ n: count() }).from(reports).where(eq(reports.userId, user.id));
    expect(stored?.n).toBe(0);
  });

  it('sends once the address is verified, the refused calls having used none of the allowance', async () => {
    const mailer = createMemoryMailer();
    const { caller, user, clock } = await setup({
      mailer,
      emailVerified: false,
      env: { REPORT_SEND_MAX_PER_USER: '1' },
    });
    await insertTransactions(database.db, user.id, februarySeeds);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await errorOf(caller.report.sendNow({ preset: 'lastMonth' }))).code).toBe('FORBIDDEN');
    }
    await markEmailVerified(database.db, user.id, user.email, clock.now());
    await expect(caller.report.sendNow({ preset: 'lastMonth' })).resolves.toMatchObject({ status: 'SENT' });
    expect(mailer.messages.map((message) => message.to)).toEqual([user.email]);
  });

  it('allows REPORT_SEND_MAX_PER_USER e-mails per window, then answers TOO_MANY_REQUESTS with Retry-After', async () => {
    const mailer = createMemoryMailer();
    const { caller, user } = await setup({
      mailer,
      env: { REPORT_SEND_MAX_PER_USER: '2', REPORT_SEND_WINDOW_SECONDS: '3600' },
    });
    await insertTransactions(database.db, user.id, februarySeeds);
    // A different range each time, as a mail-bomber would send: one report per period does not stop them.
    await caller.report.sendNow({ from: '2026-01-01', to: '2026-01-31' });
    await caller.report.sendNow({ from: '2026-02-01', to: '2026-02-28' });
    const error = await errorOf(caller.report.sendNow({ from: '2026-01-01', to: '2026-02-28' }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    const wait = retryAfter(error);
    expect(wait).toBeGreaterThan(3500);
    expect(wait).toBeLessThanOrEqual(3600);
    expect(mailer.messages).toHaveLength(2);
    expect((await caller.report.list({ page: 1, pageSize: 10 })).pagination.totalCount).toBe(2);
  });

  it('gives the allowance back for a refused e-mail, but not for a sent one', async () => {
    const { caller, user, rateLimits } = await setup({ mailer: smtpMailer, env: { REPORT_SEND_MAX_PER_USER: '1' } });
    await insertTransactions(database.db, user.id, februarySeeds);
    smtp.failNext(1);
    await expect(caller.report.sendNow({ preset: 'lastMonth' })).resolves.toMatchObject({ status: 'FAILED' });
    expect((await rateLimits.reportSendPerUser.get(user.id))?.consumedPoints ?? 0).toBe(0);
    await expect(caller.report.sendNow({ preset: 'lastMonth' })).resolves.toMatchObject({ status: 'SENT' });
    expect((await errorOf(caller.report.sendNow({ preset: 'lastMonth' }))).code).toBe('TOO_MANY_REQUESTS');
    expect(smtp.messages.filter((message) => message.recipients.includes(user.email))).toHaveLength(1);
  });
});

describe('cost bounds: on-demand reports', () => {
  it('counts a report for an empty period against REPORT_SEND_MAX_PER_USER, so empty ranges cannot be looped', async () => {
    const { caller, user, rateLimits } = await setup({ env: { REPORT_SEND_MAX_PER_USER: '2' } });
    await expect(caller.report.sendNow({ from: '2025-06-01', to: '2025-06-30' })).resolves.toMatchObject({
      status: 'NO_ACTIVITY',
    });
    await expect(caller.report.sendNow({ from: '2025-07-01', to: '2025-07-31' })).resolves.toMatchObject({
      status: 'NO_ACTIVITY',
    });
    expect((await rateLimits.reportSendPerUser.get(user.id))?.consumedPoints).toBe(2);
    expect((await errorOf(caller.report.sendNow({ from: '2025-08-01', to: '2025-08-31' }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    expect((await caller.report.list({ page: 1, pageSize: 10 })).pagination.totalCount).toBe(2);
  });

  it('allows REPORT_PREVIEW_MAX_PER_USER previews per window, empty periods included, then answers TOO_MANY_REQUESTS', async () => {
    const { caller, user, rateLimits } = await setup({
      env: { REPORT_PREVIEW_MAX_PER_USER: '2', REPORT_PREVIEW_WINDOW_SECONDS: '60' },
    });
    await insertTransactions(database.db, user.id, februarySeeds);
    await expect(caller.report.generate({ from: '2026-02-01', to: '2026-02-28' })).resolves.toMatchObject({
      summary: { income: 3200, expenses: 1500 },
    });
    await expect(caller.report.generate({ from: '2031-01-01', to: '2031-01-31' })).resolves.toMatchObject({
      summary: { income: 0, expenses: 0 },
    });
    const error = await errorOf(caller.report.generate({ from: '2026-02-01', to: '2026-02-28' }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    const wait = retryAfter(error);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await rateLimits.reportPreviewPerUser.get(user.id))?.consumedPoints).toBe(3);
    // Sending is throttled on its own allowance, which previews do not use up.
    expect((await rateLimits.reportSendPerUser.get(user.id))?.consumedPoints ?? 0).toBe(0);
  });

  it('refuses a report period outside 1900–2100', async () => {
    const { caller } = await setup();
    const error = await errorOf(caller.report.sendNow({ from: '2026-01-01', to: '9999-12-31' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('Date must be in 2100 or earlier');
    expect((await errorOf(caller.report.generate({ from: '0100-01-01', to: '2026-01-31' }))).message).toContain(
      'Date must be in 1900 or later',
    );
  });
});

describe('report.list and report.get', () => {
  it('pages through the history, newest period first', async () => {
    const { caller, user } = await setup();
    await insertTransactions(database.db, user.id, [...februarySeeds, expense(5, '2026-03-02')]);
    await caller.report.sendNow({ from: '2026-01-01', to: '2026-01-31' });
    await caller.report.sendNow({ from: '2026-03-01', to: '2026-03-07' });
    await caller.report.sendNow({ from: '2026-02-01', to: '2026-02-28' });
    const first = await caller.report.list({ page: 1, pageSize: 2 });
    expect(first.items.map((item) => item.period.label)).toEqual(['Mar 1 – Mar 7, 2026', 'February 2026']);
    expect(first.items[0]).toMatchObject({ status: 'SENT', sentAt: '2026-03-10T12:00:00.000Z' });
    expect(first.pagination).toEqual({ page: 1, pageSize: 2, totalCount: 3, totalPages: 2 });
    const second = await caller.report.list({ page: 2, pageSize: 2 });
    expect(second.items.map((item) => item.period)).toEqual([
      { from: '2026-01-01', to: '2026-01-31', label: 'January 2026' },
    ]);
  });

  it('returns the stored content of one report', async () => {
    const { caller, user } = await setup();
    await insertTransactions(database.db, user.id, februarySeeds);
    const sent = await caller.report.sendNow({ preset: 'lastMonth' });
    const report = await caller.report.get({ id: sent.id });
    expect(report.content).toEqual(februaryReport);
  });

  it("answers NOT_FOUND for another user's report", async () => {
    const owner = await setup();
    await insertTransactions(database.db, owner.user.id, februarySeeds);
    const sent = await owner.caller.report.sendNow({ preset: 'lastMonth' });
    const stranger = await setup();
    await expect(stranger.caller.report.get({ id: sent.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await stranger.caller.report.list({ page: 1, pageSize: 10 })).items).toEqual([]);
  });
});
