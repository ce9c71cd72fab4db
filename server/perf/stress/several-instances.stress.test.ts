import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/test/smtp';
import type { ServerProcess } from '../bench/server-process';
import { type CallOptions, call, mustCall, STRESS_PASSWORD } from './support/api-client';
import { startAppProcess } from './support/app-process';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

/*
 * Several instances: two app processes on one PostgreSQL database and one Redis, with every client
 * spreading its calls over both as a load balancer would. What one instance decides (a rotated refresh
 * token, a failed sign-in, a template or report handled by the scheduler) must hold on the other.
 */

const REUSE_INTERVAL_SECONDS = 2;
const MAX_FAILURES_PER_EMAIL = 6;
const MAX_FAILURES_PER_IP = 10;
const LOGIN_WINDOW_SECONDS = 900;
const USERS = 40;

/*
 * The processes trust X-Forwarded-For as behind a real load balancer, and each run uses addresses of
 * its own: Redis is shared with other runs, whose throttling counters must not leak into this one.
 */
const ipBase = `10.${randomInt(256)}.${randomInt(256)}`;
const runId = randomBytes(3).toString('hex');
const figures: Record<string, unknown> = {};

let database: ScratchDatabase;
let smtp: TestSmtpServer;
let a: ServerProcess;
let b: ServerProcess;
/** Round robin: the i-th call of a client goes to A when i is even, to B when odd. */
const instance = (i: number) => (i % 2 === 0 ? a : b);
const nameOf = (server: ServerProcess) => (server === a ? 'A' : 'B');

function from(ip: string, options: CallOptions = {}): CallOptions {
  return { ...options, headers: { ...options.headers, 'x-forwarded-for': ip } };
}

beforeAll(async () => {
  database = await createScratchDatabase(inject('stressDatabaseUrl'), 'instances');
  smtp = await startTestSmtpServer();
  const options = {
    databaseUrl: database.url,
    redisUrl: inject('stressRedisUrl'),
    keepAllOutput: true,
    env: {
      // The tests play the proxy from 127.0.0.1 and set X-Forwarded-For to stand for many clients.
      TRUST_PROXY: '127.0.0.1',
      REFRESH_REUSE_INTERVAL_SECONDS: String(REUSE_INTERVAL_SECONDS),
      LOGIN_MAX_FAILURES_PER_EMAIL: String(MAX_FAILURES_PER_EMAIL),
      LOGIN_MAX_FAILURES_PER_IP: String(MAX_FAILURES_PER_IP),
      LOGIN_WINDOW_SECONDS: String(LOGIN_WINDOW_SECONDS),
      // The scheduler test signs many users up and verifies them from one address; those limits are not under test.
      SIGNUP_MAX_PER_IP: '100000',
      TOKEN_MAX_FAILURES_PER_IP: '100000',
      SCHEDULER_INTERVAL_SECONDS: '1',
      SMTP_URL: smtp.url,
      // Debug: the scheduler logs each job's result, which tells what each instance did.
      LOG_LEVEL: 'debug',
    },
  };
  // One after the other: the first migrates the database, the second finds it migrated.
  a = await startAppProcess(options);
  b = await startAppProcess(options);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await smtp?.close();
  await database?.drop();
  const folder = path.resolve(import.meta.dirname, '..', '..', 'stress-results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'several-instances.json'), `${JSON.stringify(figures, null, 2)}\n`);
});

async function register(origin: string, ip: string, email: string, timezone = 'UTC'): Promise<void> {
  await mustCall(
    origin,
    'auth.register',
    { name: 'Several Instances', email, password: STRESS_PASSWORD, timezone },
    from(ip),
  );
}

async function login(origin: string, ip: string, email: string) {
  const { data, refreshToken } = await mustCall<{ accessToken: string; user: { id: string } }>(
    origin,
    'auth.login',
    { email, password: STRESS_PASSWORD },
    from(ip),
  );
  if (!refreshToken) throw new Error('auth.login set no refresh cookie');
  return { userId: data.user.id, accessToken: data.accessToken, refreshToken };
}

function refresh(server: ServerProcess, ip: string, token: string) {
  return call<{ accessToken: string }>(server.origin, 'auth.refresh', undefined, from(ip, { refreshToken: token }));
}

function me(server: ServerProcess, ip: string, accessToken: string) {
  return call(server.origin, 'user.me', undefined, from(ip, { accessToken, query: true }));
}

describe('refresh tokens across instances', () => {
  it('refuses on B a token already rotated on A, once its reuse interval is over, and ends the whole session', async () => {
    const ip = `${ipBase}.1`;
    const email = `refresh-${runId}@stress.test`;
    await register(a.origin, ip, email);
    const signedIn = await login(a.origin, ip, email);
    const r0 = signedIn.refreshToken;

    const rotated = await refresh(a, ip, r0);
    expect(rotated.ok).toBe(true);
    const r1 = rotated.refreshToken ?? '';
    expect(r1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r1).not.toBe(r0);

    // Inside the reuse interval (a second tab that refreshed at the same moment), B hands out the very
    // same child A did: the session does not fork.
    const rotatedAt = performance.now();
    const sameChild = await refresh(b, ip, r0);
    const graceCallMs = performance.now() - rotatedAt;
    expect(sameChild.ok).toBe(true);
    expect(sameChild.refreshToken).toBe(r1);
    // An access token from one instance is good on the other (shared secret, shared session table).
    if (!rotated.ok || !sameChild.ok) throw new Error('unreachable');
    expect((await me(b, ip, rotated.data.accessToken)).ok).toBe(true);
    expect((await me(a, ip, sameChild.data.accessToken)).ok).toBe(true);

    // Past the interval, the spent token is a replay wherever it is presented.
    await sleep(REUSE_INTERVAL_SECONDS * 1000 + 500);
    const replay = await refresh(b, ip, r0);
    expect(replay).toMatchObject({ ok: false, status: 401, code: 'UNAUTHORIZED' });
    // The refusal clears the cookie.
    expect(replay.refreshToken).toBe('');

    // The whole session is gone, on both instances: its current refresh token and every access token.
    const afterReplay = {
      currentOnA: await refresh(a, ip, r1),
      currentOnB: await refresh(b, ip, r1),
      accessOnA: await me(a, ip, signedIn.accessToken),
      accessOnB: await me(b, ip, rotated.data.accessToken),
      graceAccessOnA: await me(a, ip, sameChild.data.accessToken),
    };
    for (const result of Object.values(afterReplay)) {
      expect(result).toMatchObject({ ok: false, status: 401, code: 'UNAUTHORIZED' });
    }
    const { rows } = await database.pool.query<{ revoked_reason: string | null }>(
      'select revoked_reason from sessions where user_id = $1',
      [signedIn.userId],
    );
    expect(rows).toEqual([{ revoked_reason: 'reuse_detected' }]);
    console.log(
      `[stress] refresh across instances: R0 rotated on A; R0 on B ${Math.round(graceCallMs)} ms later got the same child; ` +
        `R0 on B after ${REUSE_INTERVAL_SECONDS + 0.5} s → 401, session revoked (reuse_detected), R1 and both access tokens 401 on A and B`,
    );
    figures.refreshReplay = {
      reuseIntervalSeconds: REUSE_INTERVAL_SECONDS,
      graceCallMs: Math.round(graceCallMs),
      sameChildInsideInterval: true,
      replayAnswer: replay.status,
      afterReplay: Object.fromEntries(Object.entries(afterReplay).map(([key, value]) => [key, value.status])),
    };
  });

  it('turns ten parallel refreshes of one token, split over A and B, into one rotation', async () => {
    const ip = `${ipBase}.1`;
    const email = `parallel-${runId}@stress.test`;
    await register(b.origin, ip, email);
    const signedIn = await login(b.origin, ip, email);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => refresh(instance(i), ip, signedIn.refreshToken)),
    );
    const elapsedMs = performance.now() - started;
    expect(results.map((result) => result.status)).toEqual(Array(10).fill(200));
    const children = new Set(results.map((result) => result.refreshToken));
    expect(children.size).toBe(1);
    const [child = ''] = [...children];
    expect(child).not.toBe(signedIn.refreshToken);

    const { rows } = await database.pool.query<{ tokens: number; current: number; revoked: number }>(
      `select count(t.id)::int as tokens, count(t.id) filter (where t.rotated_at is null)::int as current,
              count(distinct s.id) filter (where s.revoked_at is not null)::int as revoked
         from sessions s join refresh_tokens t on t.session_id = s.id where s.user_id = $1`,
      [signedIn.userId],
    );
    // The token signed in with, now spent, and its one child.
    expect(rows[0]).toEqual({ tokens: 2, current: 1, revoked: 0 });
    // The session goes on with that child, on either instance.
    const next = await refresh(b, ip, child ?? '');
    expect(next.ok).toBe(true);
    expect((await refresh(a, ip, next.refreshToken ?? '')).ok).toBe(true);
    console.log(
      `[stress] parallel refresh: 10 calls (5 on A, 5 on B) in ${Math.round(elapsedMs)} ms, all 200 with one child; ` +
        'session has 2 tokens (1 current), not revoked, goes on on both',
    );
    figures.parallelRefresh = { calls: 10, elapsedMs: Math.round(elapsedMs), distinctChildren: children.size };
  });
});

interface LoginAttempt {
  instance: 'A' | 'B';
  status: number;
  code: string;
  retryAfter: string | null;
}

/** A sign-in as a browser makes it, keeping the Retry-After header the tRPC client does not show. */
async function attemptLogin(server: ServerProcess, ip: string, email: string, password: string): Promise<LoginAttempt> {
  const response = await fetch(`${server.origin}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { error?: { data?: { code?: string } } };
  return {
    instance: nameOf(server),
    status: response.status,
    code: body.error?.data?.code ?? 'OK',
    retryAfter: response.headers.get('retry-after'),
  };
}

describe('sign-in throttling across instances', () => {
  it('counts failed sign-ins for one address on A and B together', async () => {
    const ip = `${ipBase}.2`;
    const email = `throttle-${runId}@stress.test`;
    await register(a.origin, ip, email);
    const attempts: LoginAttempt[] = [];
    // Each instance alone would allow MAX_FAILURES_PER_EMAIL failures, twice as many in all.
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL + 2; i++) {
      attempts.push(await attemptLogin(instance(i), ip, email, 'a wrong password 123'));
    }
    const rightPassword = [
      await attemptLogin(a, ip, email, STRESS_PASSWORD),
      await attemptLogin(b, ip, email, STRESS_PASSWORD),
    ];
    for (const attempt of attempts.slice(0, MAX_FAILURES_PER_EMAIL)) {
      expect(attempt).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryAfter: null });
    }
    for (const attempt of [...attempts.slice(MAX_FAILURES_PER_EMAIL), ...rightPassword]) {
      expect(attempt).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
      // The window runs LOGIN_WINDOW_SECONDS from the first failure, a few seconds ago.
      expect(Number(attempt.retryAfter)).toBeGreaterThan(LOGIN_WINDOW_SECONDS - 60);
      expect(Number(attempt.retryAfter)).toBeLessThanOrEqual(LOGIN_WINDOW_SECONDS);
    }
    const summary = (list: LoginAttempt[]) => list.map((attempt) => `${attempt.instance}:${attempt.status}`).join(' ');
    console.log(
      `[stress] throttle per address (limit ${MAX_FAILURES_PER_EMAIL}): ${summary(attempts)}; right password while locked ${summary(rightPassword)}; ` +
        `Retry-After ${rightPassword[0]?.retryAfter} s`,
    );
    figures.throttlePerEmail = { limit: MAX_FAILURES_PER_EMAIL, attempts, rightPassword };
  });

  it('counts failed sign-ins from one IP, across addresses, on A and B together', async () => {
    const ip = `${ipBase}.3`;
    const attempts: LoginAttempt[] = [];
    // A different unknown address each time (password spraying): only the per-IP counter can stop it.
    for (let i = 0; i < MAX_FAILURES_PER_IP + 2; i++) {
      attempts.push(await attemptLogin(instance(i), ip, `spray-${i}-${runId}@stress.test`, 'a wrong password 123'));
    }
    for (const attempt of attempts.slice(0, MAX_FAILURES_PER_IP)) {
      expect(attempt).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
    for (const attempt of attempts.slice(MAX_FAILURES_PER_IP)) {
      expect(attempt).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
      expect(Number(attempt.retryAfter)).toBeGreaterThan(LOGIN_WINDOW_SECONDS - 60);
      expect(Number(attempt.retryAfter)).toBeLessThanOrEqual(LOGIN_WINDOW_SECONDS);
    }
    // Another client is not affected.
    const other = await attemptLogin(b, `${ipBase}.4`, `spray-other-${runId}@stress.test`, 'a wrong password 123');
    expect(other.status).toBe(401);
    console.log(
      `[stress] throttle per IP (limit ${MAX_FAILURES_PER_IP}): ${attempts.map((x) => `${x.instance}:${x.status}`).join(' ')}; another IP still 401`,
    );
    figures.throttlePerIp = { limit: MAX_FAILURES_PER_IP, attempts };
  });
});

/* ---------------------------------------------------------------------------------------------- */
/* Calendar arithmetic of its own, so the expected occurrences do not come from the code under test. */

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

function plusDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

/** Months later, on the same day of the month or that month's last day when it is shorter. */
function plusMonths(day: string, months: number): string {
  const [year = 0, month = 0, dayOfMonth = 0] = day.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(dayOfMonth, lastDay));
  return isoDay(first);
}

type Interval = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

interface TemplatePlan {
  title: string;
  interval: Interval;
  date: string;
  endDate: string | null;
  type: 'INCOME' | 'EXPENSE';
  amount: number;
}

/** The k-th date of a series (k = 0 is the template's own date); always counted from the first date. */
function nth(plan: TemplatePlan, k: number): string {
  switch (plan.interval) {
    case 'DAILY':
      return plusDays(plan.date, k);
    case 'WEEKLY':
      return plusDays(plan.date, 7 * k);
    case 'MONTHLY':
      return plusMonths(plan.date, k);
    case 'YEARLY':
      return plusMonths(plan.date, 12 * k);
  }
}

/** The occurrences due by `today` (the template's own row is occurrence 0 and not among them), and the next one. */
function expectedSeries(plan: TemplatePlan, today: string): { dates: string[]; next: string | null } {
  const dates: string[] = [];
  for (let k = 1; ; k++) {
    const date = nth(plan, k);
    if (plan.endDate !== null && date > plan.endDate) return { dates, next: null };
    if (date > today) return { dates, next: date };
    dates.push(date);
  }
}

/** The most recent 31st at least six months back: a monthly series that must clamp to shorter months. */
function monthEndAnchor(today: string): string {
  for (let back = 6; ; back++) {
    const [year = 0, month = 0] = plusMonths(`${today.slice(0, 8)}01`, -back)
      .split('-')
      .map(Number);
    if (new Date(Date.UTC(year, month, 0)).getUTCDate() === 31) return `${year}-${String(month).padStart(2, '0')}-31`;
  }
}

/** The latest 29 February more than a year ago: a yearly series that lands on 28 February in common years. */
function leapDayAnchor(today: string): string {
  for (let year = Number(today.slice(0, 4)) - 1; ; year--) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (leap && `${year}-02-29` < plusDays(today, -366)) return `${year}-02-29`;
  }
}

function plansFor(today: string): TemplatePlan[] {
  return [
    { title: 'Lunch', interval: 'DAILY', date: plusDays(today, -40), endDate: null, type: 'EXPENSE', amount: 12.5 },
    {
      title: 'Trial',
      interval: 'DAILY',
      date: plusDays(today, -30),
      endDate: plusDays(today, -10),
      type: 'EXPENSE',
      amount: 3,
    },
    { title: 'Cleaner', interval: 'WEEKLY', date: plusDays(today, -90), endDate: null, type: 'EXPENSE', amount: 45 },
    { title: 'Salary', interval: 'MONTHLY', date: monthEndAnchor(today), endDate: null, type: 'INCOME', amount: 3200 },
    { title: 'Insurance', interval: 'YEARLY', date: leapDayAnchor(today), endDate: null, type: 'EXPENSE', amount: 600 },
  ];
}

const ZONES = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'];

async function inBatches<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map((item, i) => work(item, start + i)))));
  }
  return results;
}

interface JobTotals {
  templates: number;
  occurrences: number;
  /** Occurrences the report job created first so that its reports include them. */
  reportOccurrences: number;
  reportsCreated: number;
  reportsSent: number;
  reportsFailed: number;
  failedRuns: number;
}

/** What the scheduler of one process says it did: its "job finished" debug lines, added up. */
function jobTotals(server: ServerProcess, since: number): JobTotals {
  const totals: JobTotals = {
    templates: 0,
    occurrences: 0,
    reportOccurrences: 0,
    reportsCreated: 0,
    reportsSent: 0,
    reportsFailed: 0,
    failedRuns: 0,
  };
  for (const line of server.output().split('\n')) {
    if (!line.includes('"job"')) continue;
    let entry: { time?: number; job?: string; msg?: string; result?: Record<string, number> };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if ((entry.time ?? 0) < since) continue;
    if (entry.msg === 'job failed') totals.failedRuns += 1;
    if (entry.msg !== 'job finished' || !entry.result) continue;
    if (entry.job === 'recurring-transactions') {
      totals.templates += entry.result.templates ?? 0;
      totals.occurrences += entry.result.occurrences ?? 0;
    } else if (entry.job === 'reports') {
      totals.reportsCreated += entry.result.created ?? 0;
      totals.reportOccurrences += entry.result.occurrences ?? 0;
      totals.reportsSent += entry.result.sent ?? 0;
      totals.reportsFailed += entry.result.failed ?? 0;
    }
  }
  return totals;
}

describe('the scheduler on two instances', () => {
  it('creates every recurring occurrence and sends every report exactly once', async () => {
    const ip = `${ipBase}.5`;
    const setupStarted = performance.now();
    const users = Array.from({ length: USERS }, (_, i) => ({
      email: `scheduler-${i}-${runId}@stress.test`,
      timezone: ZONES[i % ZONES.length] ?? 'UTC',
      frequency: i % 2 === 0 ? ('MONTHLY' as const) : ('WEEKLY' as const),
    }));
    await inBatches(users, 8, (user, i) => register(instance(i).origin, ip, user.email, user.timezone));

    // Scheduled reports go only to confirmed addresses: every user opens the link from their e-mail.
    const verificationLinks = new Map<string, string>();
    const deadline = Date.now() + 30_000;
    while (verificationLinks.size < USERS && Date.now() < deadline) {
      for (const message of smtp.messages) {
        const token = /verify-email#token=([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
        const [recipient] = message.recipients;
        if (token && recipient?.startsWith('scheduler-') && recipient.includes(runId))
          verificationLinks.set(recipient, token);
      }
      await sleep(100);
    }
    expect(verificationLinks.size).toBe(USERS);
    await inBatches(users, 8, (user, i) =>
      mustCall(instance(i + 1).origin, 'auth.verifyEmail', { token: verificationLinks.get(user.email) }, from(ip)),
    );

    // Every user's series start in the past; saving one already creates the occurrences due so far.
    const templates: Array<{ id: string; userIndex: number; plan: TemplatePlan }> = [];
    let turn = 0;
    await inBatches(users, 8, async (user, userIndex) => {
      const session = await login(instance(userIndex).origin, ip, user.email);
      const options = from(ip, { accessToken: session.accessToken });
      await mustCall(
        instance(turn++).origin,
        'report.updateSettings',
        { isEnabled: true, frequency: user.frequency },
        options,
      );
      for (const plan of plansFor(todayIn(user.timezone))) {
        const { data } = await mustCall<{ id: string; nextRecurringDate: string | null }>(
          instance(turn++).origin,
          'transaction.create',
          {
            title: plan.title,
            type: plan.type,
            amount: plan.amount,
            category: plan.title,
            date: plan.date,
            paymentMethod: 'CARD',
            isRecurring: true,
            recurringInterval: plan.interval,
            recurringEndDate: plan.endDate,
          },
          options,
        );
        templates.push({ id: data.id, userIndex, plan });
      }
    });
    const setupMs = performance.now() - setupStarted;

    const userIds = (
      await database.pool.query<{ id: string; email: string }>('select id, email from users where email like $1', [
        `scheduler-%-${runId}@stress.test`,
      ])
    ).rows;
    expect(userIds).toHaveLength(USERS);
    const ids = userIds.map((row) => row.id);
    const occurrencesOf = async () =>
      (
        await database.pool.query<{ n: number }>(
          'select count(*)::int as n from transactions where template_id is not null and user_id = any($1)',
          [ids],
        )
      ).rows[0]?.n ?? 0;
    const expectedTotal = () =>
      templates.reduce(
        (sum, t) => sum + expectedSeries(t.plan, todayIn(users[t.userIndex]?.timezone ?? 'UTC')).dates.length,
        0,
      );
    // Saving a template caught it up through the API already.
    expect(await occurrencesOf()).toBe(expectedTotal());

    /*
     * Time passing, simulated in the database: the series go back to the state they were saved in
     * on their first date (no occurrence yet, the next one due right after the template's own date),
     * as if no scheduler had run since, and every report date moves into the past, as if the day had
     * come. In one transaction, so both schedulers find all of it due at the same moment.
     */
    const rewindStarted = Date.now();
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      await client.query('delete from transactions where template_id is not null and user_id = any($1)', [ids]);
      for (const template of templates) {
        const first = nth(template.plan, 1);
        const next = template.plan.endDate !== null && first > template.plan.endDate ? null : first;
        await client.query('update transactions set next_recurring_date = $2 where id = $1', [template.id, next]);
      }
      await client.query(`update report_settings set next_report_date = current_date - 35 where user_id = any($1)`, [
        ids,
      ]);
      await client.query('commit');
    } finally {
      client.release();
    }

    // Until every count has stood still for three scheduler rounds (or a minute has gone).
    const reportMails = () => smtp.messages.filter((message) => message.subject.startsWith('Your FinAIlytics report'));
    const snapshot = async () => {
      const reports = await database.pool.query<{ status: string; n: number }>(
        'select status, count(*)::int as n from reports where user_id = any($1) group by status order by status',
        [ids],
      );
      return JSON.stringify({ occurrences: await occurrencesOf(), reports: reports.rows, mails: reportMails().length });
    };
    let last = await snapshot();
    let stableSince = Date.now();
    let settledAfterMs = 0;
    while (Date.now() - stableSince < 3_000 && Date.now() - rewindStarted < 60_000) {
      await sleep(250);
      const current = await snapshot();
      if (current !== last) {
        last = current;
        stableSince = Date.now();
        settledAfterMs = Date.now() - rewindStarted;
      }
    }

    // Every series has exactly its due occurrences, each date once, and points at the right next date.
    const rows = (
      await database.pool.query<{ template_id: string; date: string }>(
        `select template_id, to_char(date, 'YYYY-MM-DD') as date from transactions
          where template_id is not null and user_id = any($1) order by template_id, date`,
        [ids],
      )
    ).rows;
    const byTemplate = new Map<string, string[]>();
    for (const row of rows) byTemplate.set(row.template_id, [...(byTemplate.get(row.template_id) ?? []), row.date]);
    const nextDates = new Map(
      (
        await database.pool.query<{ id: string; next: string | null }>(
          `select id, to_char(next_recurring_date, 'YYYY-MM-DD') as next from transactions where id = any($1)`,
          [templates.map((template) => template.id)],
        )
      ).rows.map((row) => [row.id, row.next]),
    );
    let wrongSeries = 0;
    for (const template of templates) {
      const expected = expectedSeries(template.plan, todayIn(users[template.userIndex]?.timezone ?? 'UTC'));
      const actual = byTemplate.get(template.id) ?? [];
      if (JSON.stringify(actual) !== JSON.stringify(expected.dates) || nextDates.get(template.id) !== expected.next) {
        wrongSeries += 1;
        expect({ template: template.plan, dates: actual, next: nextDates.get(template.id) }).toEqual({
          template: template.plan,
          dates: expected.dates,
          next: expected.next,
        });
      }
    }
    expect(rows).toHaveLength(expectedTotal());
    const duplicates = await database.pool.query(
      `select template_id, date from transactions where template_id is not null and user_id = any($1)
        group by template_id, date having count(*) > 1`,
      [ids],
    );
    expect(duplicates.rows).toEqual([]);

    // One report per user, sent, in one e-mail, and saying what the ledger holds for its period.
    const reports = (
      await database.pool.query<{
        user_id: string;
        status: string;
        attempts: number;
        period_from: string;
        period_to: string;
        income: number;
        expenses: number;
        ledger_income: string;
        ledger_expenses: string;
      }>(
        `select r.user_id, r.status, r.attempts, to_char(r.period_from, 'YYYY-MM-DD') as period_from,
                to_char(r.period_to, 'YYYY-MM-DD') as period_to,
                (r.content->'summary'->>'income')::float8 as income, (r.content->'summary'->>'expenses')::float8 as expenses,
                (select coalesce(sum(amount_cents) filter (where type = 'INCOME'), 0) from transactions t
                  where t.user_id = r.user_id and t.date between r.period_from and r.period_to) as ledger_income,
                (select coalesce(sum(amount_cents) filter (where type = 'EXPENSE'), 0) from transactions t
                  where t.user_id = r.user_id and t.date between r.period_from and r.period_to) as ledger_expenses
           from reports r where r.user_id = any($1)`,
        [ids],
      )
    ).rows;
    expect(reports).toHaveLength(USERS);
    expect(new Set(reports.map((report) => report.user_id)).size).toBe(USERS);
    expect(reports.filter((report) => report.status !== 'SENT')).toEqual([]);
    expect(reports.filter((report) => report.attempts !== 1)).toEqual([]);
    const stale = reports.filter(
      (report) =>
        Math.round(report.income * 100) !== Number(report.ledger_income) ||
        Math.round(report.expenses * 100) !== Number(report.ledger_expenses),
    );
    expect(stale).toEqual([]);
    const mailsPerRecipient = new Map<string, number>();
    for (const message of reportMails()) {
      for (const recipient of message.recipients) {
        mailsPerRecipient.set(recipient, (mailsPerRecipient.get(recipient) ?? 0) + 1);
      }
    }
    expect([...mailsPerRecipient.keys()].sort()).toEqual(users.map((user) => user.email).sort());
    expect([...mailsPerRecipient.values()].every((count) => count === 1)).toBe(true);

    // Both instances did part of the work, and their own accounts of it add up to what exists.
    const work = { A: jobTotals(a, rewindStarted - 1000), B: jobTotals(b, rewindStarted - 1000) };
    expect(work.A.failedRuns + work.B.failedRuns).toBe(0);
    const occurrencesCreated = (totals: JobTotals) => totals.occurrences + totals.reportOccurrences;
    expect(occurrencesCreated(work.A) + occurrencesCreated(work.B)).toBe(expectedTotal());
    expect(work.A.reportsCreated + work.B.reportsCreated).toBe(USERS);
    expect(work.A.reportsSent + work.B.reportsSent).toBe(USERS);
    expect(work.A.reportsFailed + work.B.reportsFailed).toBe(0);
    const share = (totals: JobTotals) => occurrencesCreated(totals) + totals.reportsCreated + totals.reportsSent;
    expect(share(work.A)).toBeGreaterThan(0);
    expect(share(work.B)).toBeGreaterThan(0);

    console.log(
      `[stress] scheduler on 2 instances: ${USERS} users, ${templates.length} templates, ${expectedTotal()} occurrences ` +
        `and ${USERS} reports due at once; settled ${(settledAfterMs / 1000).toFixed(1)} s after; ` +
        `${wrongSeries} wrong series, ${duplicates.rows.length} duplicates, ${stale.length} stale reports, ` +
        `${reportMails().length} report e-mails (1 per user); setup ${(setupMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `[stress] scheduler split: ${(['A', 'B'] as const)
        .map(
          (name) =>
            `${name} ${work[name].templates} templates/${work[name].occurrences} occurrences by the recurring job, ` +
            `${work[name].reportOccurrences} occurrences by the report job, ${work[name].reportsCreated} reports created, ` +
            `${work[name].reportsSent} sent`,
        )
        .join('; ')}`,
    );
    figures.scheduler = {
      users: USERS,
      templates: templates.length,
      occurrences: expectedTotal(),
      settledAfterMs,
      setupMs: Math.round(setupMs),
      wrongSeries,
      duplicates: duplicates.rows.length,
      staleReports: stale.length,
      reportEmails: reportMails().length,
      split: work,
    };
  });
});
