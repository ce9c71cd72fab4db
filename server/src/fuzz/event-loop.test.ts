import { performance } from 'node:perf_hooks';
import { RECEIPT_LIMITS, TRANSACTION_LIMITS } from '@finailytics/shared';
import bcrypt from 'bcrypt';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { transactions } from '../db/schema/transactions';
import { createMemoryMailer } from '../lib/mailer';
import { insertOneOffTransactions, type NewTransaction } from '../modules/transaction/transaction.repository';
import { useTestDatabase } from '../test/database';
import { testEnv } from '../test/env';
import { createUser, TEST_PASSWORD } from '../test/factories';
import { BATCH_SIZE, CENTURY_RANGES, expensiveCsvTexts } from './expensive-inputs';
import { blockedMessage, type ProcedureType, requestFor, sendWatched, shorten, toJson } from './http';
import { cpuMsNow, watchLoop } from './loop-watch';
import { EVENT_LOOP_BLOCK_LIMIT_MS } from './settings';

/*
 * Single requests that once held the event loop for seconds to minutes on the embedded database,
 * where PGlite runs every statement on the main thread: while one of these ran, no other request,
 * health check included, got an answer. Each is sent over HTTP; the loop-delay check comes first,
 * then the answer the fixed behaviour gives, described loosely enough not to depend on its wording.
 */

/** "At most a few hundred points": a chart nobody can read past this, whatever the range. */
const MAX_CHART_POINTS = 400;
/** Rows in the ledger the export is asked for. */
const LARGE_LEDGER_ROWS = 60_000;
/** On-demand report calls sent in a row; the throttle must answer 429 before the last. */
const REPORT_CALLS = 60;
/** How long after a recurring series is created the loop is still watched, for catch-up work left behind. */
const AFTER_ANSWER_MS = 1_000;

const database = useTestDatabase();
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({ env: testEnv(), database, mailer: createMemoryMailer() });
});

afterAll(async () => {
  await app?.close();
});

interface Account {
  id: string;
  token: string;
}

async function newAccount(): Promise<Account> {
  const user = await createUser(database.db);
  const response = await app.inject({
    method: 'POST',
    url: '/api/trpc/auth.login',
    headers: { 'content-type': 'application/json' },
    payload: { email: user.email, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  return { id: user.id, token: response.json().result.data.accessToken };
}

interface Sent {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: a tRPC answer over HTTP, read field by field in the assertions
  body: any;
  blockedMs: number;
}

/** A setup call, not under watch: a block here belongs to whatever ran before it. */
async function call(account: Account, path: string, type: ProcedureType, input: unknown): Promise<Sent> {
  const response = await app.inject(requestFor(path, type, account.token, input));
  return { status: response.statusCode, body: response.json(), blockedMs: 0 };
}

/** One call (or a batch of `batch` identical calls), with the longest event-loop block it caused. */
async function send(
  account: Account,
  path: string,
  type: ProcedureType,
  input: unknown,
  options: { batch?: number; settleMs?: number } = {},
): Promise<Sent> {
  const request = requestFor(path, type, account.token, input, options.batch);
  const { response, blockedMs } = await sendWatched(app, request, options.settleMs);
  const sent = `${options.batch ? `a batch of ${options.batch} × ` : ''}${shorten(toJson(input))}`;
  expect(blockedMs, blockedMessage(path, sent, blockedMs)).toBeLessThanOrEqual(EVENT_LOOP_BLOCK_LIMIT_MS);
  return { status: response.statusCode, body: response.json(), blockedMs };
}

function expectBadRequest(sent: Sent, message?: RegExp) {
  const context = JSON.stringify(sent.body).slice(0, 500);
  expect(sent.status, context).toBe(400);
  expect(sent.body.error.data.code, context).toBe('BAD_REQUEST');
  if (message) expect(sent.body.error.message, context).toMatch(message);
}

async function transactionCount(userId: string): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(transactions).where(eq(transactions.userId, userId));
  return Number(row?.n);
}

const rent = { title: 'Rent', type: 'EXPENSE', amount: 950, category: 'Housing', date: '2026-01-05' };

describe('the event-loop watch', () => {
  it('sees a main thread kept busy from the first moment of the call', async () => {
    // Busy for that much of the main thread's own CPU time, the clock the watch reads: on a loaded
    // machine the wall clock runs ahead of it, and the process's other threads (garbage collection,
    // the thread pool) make the whole process's CPU time run ahead of it.
    const { blockedMs } = await watchLoop(async () => {
      const until = cpuMsNow() + 2 * EVENT_LOOP_BLOCK_LIMIT_MS;
      while (cpuMsNow() < until);
    });
    expect(blockedMs).toBeGreaterThan(EVENT_LOOP_BLOCK_LIMIT_MS);
  });

  it('does not count waiting, nor bcrypt hashing on the worker threads', async () => {
    const started = performance.now();
    const { blockedMs } = await watchLoop(() => bcrypt.hash('a fairly long passphrase', 12));
    expect(performance.now() - started).toBeGreaterThan(EVENT_LOOP_BLOCK_LIMIT_MS);
    expect(blockedMs).toBeLessThan(EVENT_LOOP_BLOCK_LIMIT_MS / 2);
  });
});

describe('calls that must not stall the server', () => {
  it.each(['DAILY', 'WEEKLY'])('transaction.create refuses a %s series dated 9999-12-31', async (interval) => {
    const account = await newAccount();
    const sent = await send(account, 'transaction.create', 'mutation', {
      ...rent,
      date: '9999-12-31',
      isRecurring: true,
      recurringInterval: interval,
    });
    expectBadRequest(sent, /date|year|\d{4}/i);
    expect(await transactionCount(account.id)).toBe(0);
  });

  it('transaction.update refuses to move a transaction into a daily series dated 9999-12-31', async () => {
    const account = await newAccount();
    const created = await call(account, 'transaction.create', 'mutation', rent);
    expect(created.status).toBe(200);
    const id = created.body.result.data.id;

    const sent = await send(account, 'transaction.update', 'mutation', {
      id,
      date: '9999-12-31',
      isRecurring: true,
      recurringInterval: 'DAILY',
    });
    expectBadRequest(sent, /date|year|\d{4}/i);
    const stored = await call(account, 'transaction.get', 'query', { id });
    expect(stored.body.result.data).toMatchObject({ date: '2026-01-05', isRecurring: false });
    expect(await transactionCount(account.id)).toBe(1);
  });

  it.each([
    ['1 MB of blank lines', expensiveCsvTexts()['1 MB of blank lines']],
    ['5 MB of "a,b" lines', expensiveCsvTexts()['5 MB of "a,b" lines (at the size limit)']],
  ])('transaction.importCsv refuses %s, quickly', async (_label, csv) => {
    const account = await newAccount();
    const sent = await send(account, 'transaction.importCsv', 'mutation', { csv, dateFormat: 'YYYY-MM-DD' });
    expectBadRequest(sent);
    expect(await transactionCount(account.id)).toBe(0);
  });

  it('transaction.importCsv imports 10,000 rows, previews them as imported before and skips them all again', async () => {
    const account = await newAccount();
    const lines = Array.from(
      { length: TRANSACTION_LIMITS.importRowsMax },
      (_, index) => `2025-${String((index % 12) + 1).padStart(2, '0')}-15,Shop ${index % 700},-${1 + (index % 97)}.25`,
    );
    const csv = ['Date,Payee,Amount', ...lines].join('\n');
    const first = await send(account, 'transaction.importCsv', 'mutation', { csv });
    expect(first.body.result.data).toEqual({ importedCount: lines.length, skippedCount: 0 });
    // The dry run hashes every row and asks for all 10,000 source ids in one query.
    const preview = await send(account, 'transaction.importCsv', 'mutation', { csv, dryRun: true });
    expect(preview.body.result.data).toMatchObject({ validCount: lines.length, alreadyImportedCount: lines.length });
    const again = await send(account, 'transaction.importCsv', 'mutation', { csv });
    expect(again.body.result.data).toEqual({ importedCount: 0, skippedCount: lines.length });
    expect(await transactionCount(account.id)).toBe(lines.length);
  }, 120_000);

  it('transaction.scanReceipt reads an image of nearly 5 MB with the decoding and recognition off the loop', async () => {
    const account = await newAccount();
    // Noise compresses badly: 1350 × 1350 pixels make a PNG just under the 5 MB limit.
    const noise = await sharp({
      create: {
        width: 1350,
        height: 1350,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    expect(noise.byteLength).toBeGreaterThan(4.5 * 1024 * 1024);
    expect(noise.byteLength).toBeLessThanOrEqual(RECEIPT_LIMITS.imageMaxBytes);
    const sent = await send(account, 'transaction.scanReceipt', 'mutation', {
      image: `data:image/png;base64,${noise.toString('base64')}`,
    });
    expect(sent.status, JSON.stringify(sent.body).slice(0, 300)).toBe(200);
    expect(sent.body.result.data.draft.amount).toBeNull();
    // Noise can keep the recogniser searching until RECOGNITION_TIMEOUT_MS stops it.
  }, 60_000);

  it('transaction.create takes a daily series starting 1900-01-01 without catching up on it in the request', async () => {
    const account = await newAccount();
    const sent = await send(
      account,
      'transaction.create',
      'mutation',
      { ...rent, date: '1900-01-01', isRecurring: true, recurringInterval: 'DAILY' },
      { settleMs: AFTER_ANSWER_MS },
    );
    expect(sent.status, JSON.stringify(sent.body).slice(0, 500)).toBe(200);
    expect(sent.body.result.data).toMatchObject({ date: '1900-01-01', isRecurring: true, recurringInterval: 'DAILY' });
  });

  it(`analytics.chart answers ranges spanning centuries with at most ${MAX_CHART_POINTS} points, alone and ${BATCH_SIZE} in a batch`, async () => {
    const account = await newAccount();
    const ends = ['1900-01-01', '2100-12-31'].map((date) => ({ ...rent, date }));
    expect((await call(account, 'transaction.import', 'mutation', { rows: ends })).status).toBe(200);

    const accepted: Array<(typeof CENTURY_RANGES)[number]> = [];
    for (const range of CENTURY_RANGES) {
      const sent = await send(account, 'analytics.chart', 'query', range);
      if (sent.status === 400) {
        expectBadRequest(sent);
        continue;
      }
      expect(sent.status, JSON.stringify(sent.body).slice(0, 300)).toBe(200);
      expect(sent.body.result.data.points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
      accepted.push(range);
    }
    // 1900 to 2100 holds every date a transaction may have, so it is always a range one can ask for.
    expect(accepted).toContainEqual({ from: '1900-01-01', to: '2100-12-31' });

    const widest = accepted[0];
    const batch = await send(account, 'analytics.chart', 'query', widest, { batch: BATCH_SIZE });
    expect(batch.status).toBe(200);
    expect(batch.body).toHaveLength(BATCH_SIZE);
    for (const answer of batch.body) {
      expect(answer.result.data.points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
      expect(answer.result.data.totalExpenseCount).toBe(2);
    }
  });

  describe(`on a ledger of ${LARGE_LEDGER_ROWS.toLocaleString('en-US')} transactions`, () => {
    let account: Account;

    beforeAll(async () => {
      account = await newAccount();
      const now = new Date();
      const rows: NewTransaction[] = Array.from({ length: LARGE_LEDGER_ROWS }, (_, index) => ({
        userId: account.id,
        templateId: null,
        title: `Groceries ${index}`,
        description: null,
        type: 'EXPENSE',
        amountCents: 1_000 + (index % 5_000),
        category: 'Food',
        date: `20${10 + (index % 15)}-0${(index % 9) + 1}-1${index % 10}`,
        paymentMethod: 'CARD',
        isRecurring: false,
        recurringInterval: null,
        nextRecurringDate: null,
        recurringEndDate: null,
      }));
      // Seeded in bounded statements, as the product writes; this is setup, not under watch.
      for (let start = 0; start < rows.length; start += 5_000) {
        await insertOneOffTransactions(database.db, rows.slice(start, start + 5_000), now);
      }
      expect(await transactionCount(account.id)).toBe(LARGE_LEDGER_ROWS);
    });

    it('transaction.exportCsv answers within its row limit, or refuses and names the limit', async () => {
      const sent = await send(account, 'transaction.exportCsv', 'query', {});
      if (sent.status === 400) {
        expectBadRequest(sent, /\d/);
        return;
      }
      expect(sent.status, JSON.stringify(sent.body).slice(0, 300)).toBe(200);
      const lines = String(sent.body.result.data).split('\n').filter(Boolean).length;
      expect(lines).toBeGreaterThan(1);
      expect(lines - 1).toBeLessThan(LARGE_LEDGER_ROWS);
    });
  });

  it.each([
    ['report.generate', 'query'],
    ['report.sendNow', 'mutation'],
  ] as const)('%s for an empty period, called again and again, is throttled', async (path, type) => {
    const account = await newAccount();
    const statuses: number[] = [];
    for (let call = 0; call < REPORT_CALLS && !statuses.includes(429); call++) {
      const sent = await send(account, path, type, { from: '2031-01-01', to: '2031-01-31' });
      statuses.push(sent.status);
      if (sent.status === 429) expect(sent.body.error.data.code).toBe('TOO_MANY_REQUESTS');
      else expect(sent.status, JSON.stringify(sent.body).slice(0, 300)).toBe(200);
    }
    expect(statuses).toContain(429);
  });
});
