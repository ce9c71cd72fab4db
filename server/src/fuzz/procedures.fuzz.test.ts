import { randomUUID } from 'node:crypto';
import { count, eq, like } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../app';
import { transactions } from '../db/schema/transactions';
import { users } from '../db/schema/users';
import { createMemoryMailer } from '../lib/mailer';
import { useTestDatabase } from '../test/database';
import { testEnv } from '../test/env';
import { createUser, TEST_PASSWORD } from '../test/factories';
import { appRouter } from '../trpc/router';
import { expensiveInputsFor } from './expensive-inputs';
import { blockedMessage, RawJson, requestFor, sendWatched, shorten, toJson } from './http';
import { objectOf, pathsOf, remove, valueAt, withAt } from './paths';
import { EVENT_LOOP_BLOCK_LIMIT_MS, FUZZ_NUM_RUNS } from './settings';

/*
 * Every procedure of the router, over HTTP, against arbitrary and adversarial input: wrong types, huge
 * strings, unicode edge cases, prototype keys, deep nesting, numbers JSON cannot round-trip, and valid
 * calls with one field poisoned, plus the valid-looking inputs that reach the costly paths (far
 * dates, century-long series and ranges, CSV files at the limits, batches). Whatever comes in, the
 * answer is a 2xx or a 4xx, an error never carries a stack or database text, a refused call writes
 * nothing, and no call holds the event loop longer than EVENT_LOOP_BLOCK_LIMIT_MS: on the embedded
 * database every other request would wait that long behind it.
 */

/** Addresses the fuzzer signs up with, so its users can be counted on a database other files share. */
const FUZZ_EMAIL_DOMAIN = 'fuzz.example.net';

const DEPTH = 1000;
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

const awkwardNumbers = fc.constantFrom(
  ...[
    '1e309',
    '-1e309',
    '-0',
    '1e308',
    '-1e308',
    '-1',
    '0',
    '9007199254740993',
    '1e-400',
    '0.001',
    '123.456',
    '1.5',
  ].map((text) => new RawJson(text)),
);

const awkwardStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  '\u202Eevil\u202C',
  '\u200F\u200E',
  '👨\u200D👩\u200D👧',
  '\u200B',
  '\uFEFF',
  'e\u0301',
  'İı K',
  "'; drop table users; --",
  '%00',
  '$' + '{7*7}{{7*7}}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'NaN',
  'Infinity',
  '1e309',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '00000000-0000-0000-0000-000000000000',
  'null',
  '__proto__',
);

const hugeStrings = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('x', 'é', '\u0000', '𝄞', '\u200D', 'a,b\n'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const deepNesting = fc.constantFrom(
  new RawJson(`${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`),
  new RawJson(`${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`),
  new RawJson(`${'{"__proto__":'.repeat(DEPTH)}{}${'}'.repeat(DEPTH)}`),
);

const prototypeObjects = fc
  .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => objectOf([[key, value]]));

/** One adversarial value of any kind. */
const poison: fc.Arbitrary<unknown> = fc.oneof(
  awkwardNumbers,
  awkwardStrings,
  hugeStrings,
  deepNesting,
  prototypeObjects,
  fc.constantFrom(null, true, false, [], {}, [null], [{}]),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Valid-shaped samples with one thing wrong: a field poisoned, dropped, or a prototype key added. */
function mutationsOf(sample: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(sample);
  const variants: Array<fc.Arbitrary<unknown>> = [
    fc.constant(sample),
    fc.constant([sample]),
    fc
      .tuple(fc.constantFrom(...PROTOTYPE_KEYS), poison)
      .map(([key, value]) =>
        sample !== null && typeof sample === 'object' && !Array.isArray(sample)
          ? objectOf([...Object.entries(sample), [key, value]])
          : objectOf([[key, value]]),
      ),
  ];
  if (paths.length > 0) {
    variants.push(
      fc.tuple(fc.constantFrom(...paths), poison).map(([path, value]) => withAt(sample, path, value)),
      fc.constantFrom(...paths).map((path) => withAt(sample, path, remove)),
    );
  }
  return fc.oneof(...variants);
}

type Procedure = { path: string; type: 'query' | 'mutation' | 'subscription' };

function proceduresOf(): Procedure[] {
  // Typed as the nested router, but held flat at run time: one entry per dotted path.
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: Procedure['type'] } }>;
  return Object.entries(procedures)
    .map(([path, procedure]) => ({ path, type: procedure._def.type }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

const database = useTestDatabase();
let app: FastifyInstance;
/** Whether this file has the database to itself; on a shared server database only the fuzzer's users are counted. */
let ownDatabase: boolean;
let accountEmail: string;
let userId: string;
let transactionId: string;
/** The account's own categories, rule and budget, for the samples that name one. */
let groceriesId: string;
let diningId: string;
let ruleId: string;
let budgetId: string;

beforeAll(async () => {
  ownDatabase = inject('testDatabaseUrl') === null;
  app = await buildApp({
    // Throttling answers 429, which is fine, but it would keep the later calls from reaching the services.
    env: testEnv({
      LOGIN_MAX_FAILURES_PER_EMAIL: '1000000',
      LOGIN_MAX_FAILURES_PER_IP: '1000000',
      SIGNUP_MAX_PER_IP: '1000000',
      PASSWORD_RESET_MAX_PER_EMAIL: '1000000',
      PASSWORD_RESET_MAX_PER_IP: '1000000',
      VERIFICATION_RESEND_MAX_PER_USER: '1000000',
      REPORT_SEND_MAX_PER_USER: '1000000',
      TOKEN_MAX_FAILURES_PER_IP: '1000000',
      TWO_FACTOR_MAX_FAILURES_PER_USER: '1000000',
    }),
    database,
    mailer: createMemoryMailer(),
  });
  accountEmail = `owner-${randomUUID()}@${FUZZ_EMAIL_DOMAIN}`;
  const user = await createUser(database.db, { email: accountEmail });
  userId = user.id;
  const token = await signIn();
  const category = (name: string) => mutate<{ id: string }>(token, 'category.create', { kind: 'EXPENSE', name });
  groceriesId = (await category('Fuzz groceries')).id;
  diningId = (await category('Fuzz dining')).id;
  ruleId = (
    await mutate<{ id: string }>(token, 'rule.create', {
      field: 'TITLE',
      operator: 'CONTAINS',
      pattern: 'market',
      categoryId: groceriesId,
    })
  ).id;
  budgetId = (
    await mutate<{ id: string }>(token, 'budget.create', { categoryId: groceriesId, period: 'MONTHLY', amount: 400 })
  ).id;
});

afterAll(async () => {
  await app?.close();
});

async function signIn(): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/trpc/auth.login',
    headers: { 'content-type': 'application/json' },
    payload: { email: accountEmail, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  return response.json().result.data.accessToken;
}

/** A call the setup needs to succeed. */
async function mutate<T>(token: string, path: string, input: unknown): Promise<T> {
  const response = await app.inject(requestFor(path, 'mutation', token, input));
  expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
  return response.json().result.data;
}

async function seedTransaction(token: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/trpc/transaction.create',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: { title: 'Rent', type: 'EXPENSE', amount: 950, category: 'Housing', date: '2026-01-05' },
  });
  expect(response.statusCode).toBe(200);
  return response.json().result.data.id;
}

/** A call each procedure accepts (or refuses only for a business reason), the base for the mutations. */
function validSamples(): Record<string, unknown> {
  const row = { title: 'Coffee', type: 'EXPENSE', amount: 3.5, category: 'Food', date: '2026-01-10' };
  const range = { from: '2026-01-01', to: '2026-01-31' };
  return {
    'auth.register': {
      name: 'Fuzz',
      email: `new-${randomUUID()}@${FUZZ_EMAIL_DOMAIN}`,
      password: 'a fairly long passphrase',
      timezone: 'Europe/Paris',
      currency: 'EUR',
    },
    'auth.login': { email: accountEmail, password: 'not the password' },
    'auth.verifyTwoFactor': { challenge: 'A'.repeat(43), code: '123456' },
    'auth.requestPasswordReset': { email: accountEmail },
    'auth.resetPassword': { token: 'A'.repeat(43), newPassword: 'another long passphrase' },
    'auth.verifyEmail': { token: 'A'.repeat(43) },
    'auth.revokeSession': { sessionId: randomUUID() },
    'user.update': { name: 'Renamed', timezone: 'Asia/Tokyo', currency: 'JPY', profilePicture: null },
    'user.uploadAvatar': { data: 'data:image/png;base64,iVBORw0KGgo=' },
    'user.changePassword': { currentPassword: 'not the password', newPassword: 'another long passphrase' },
    'user.twoFactor.setup': { password: 'not the password' },
    'user.twoFactor.enable': { code: '123456' },
    'user.twoFactor.regenerateRecoveryCodes': { code: '123456' },
    'user.twoFactor.disable': { password: 'not the password', code: '123456' },
    'user.delete': { password: 'not the password' },
    'transaction.create': {
      ...row,
      description: 'Morning',
      paymentMethod: 'CARD',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
      recurringEndDate: '2026-12-31',
    },
    'transaction.list': {
      keyword: 'co',
      type: 'EXPENSE',
      category: 'Food',
      from: '2026-01-01',
      to: '2026-12-31',
      sortBy: 'amount',
      sortDir: 'asc',
      page: 1,
      pageSize: 20,
    },
    'transaction.get': { id: transactionId },
    'transaction.update': {
      id: transactionId,
      title: 'Rent (updated)',
      amount: 960.25,
      date: '2026-01-06',
      scope: 'future',
    },
    'transaction.duplicate': { id: transactionId },
    'transaction.delete': { id: randomUUID() },
    'transaction.bulkDelete': { ids: [randomUUID(), randomUUID()] },
    'transaction.undoDelete': { undoId: randomUUID() },
    'transaction.import': { rows: [row, { ...row, title: 'Tea', amount: 2.1 }] },
    'transaction.importCsv': {
      csv: 'Title,Type,Amount,Category,Date\nLunch,EXPENSE,12.40,Food,2026-01-11\n',
      dateFormat: 'YYYY-MM-DD',
    },
    'transaction.exportCsv': { type: 'INCOME', from: '2026-01-01', to: '2026-01-31' },
    'transaction.totals': { keyword: 'co', type: 'EXPENSE', from: '2026-01-01', to: '2026-12-31' },
    // An 8 × 8 white PNG: decoded, re-encoded and read off the event loop, answering an all-null draft.
    'transaction.scanReceipt': {
      image:
        'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAD0lEQVQImWP4jwMwDC0JALoev0GybL49AAAAAElFTkSuQmCC',
      locale: 'en-GB',
    },
    'analytics.summary': range,
    'analytics.chart': { preset: '30days' },
    'analytics.expenseBreakdown': range,
    'report.updateSettings': { isEnabled: true, frequency: 'WEEKLY' },
    'report.generate': range,
    'report.list': { page: 1, pageSize: 20 },
    'report.get': { id: randomUUID() },
    'report.sendNow': range,
    'category.create': { kind: 'EXPENSE', name: 'Fuzz pets', colour: '#2563eb', icon: 'paw' },
    'category.update': { id: groceriesId, name: 'Fuzz groceries', colour: '#16a34a', icon: null },
    'category.mergePreview': { from: [diningId], into: groceriesId },
    // An id that is not the caller's: merging for real would leave later samples without their category.
    'category.merge': { from: [randomUUID()], into: groceriesId },
    'category.delete': { id: randomUUID(), reassignTo: groceriesId },
    'category.assign': { transactionIds: [transactionId], categoryId: diningId },
    'rule.create': {
      field: 'ANY',
      operator: 'MATCHES',
      pattern: 'coffee shop',
      categoryId: diningId,
      amountMin: 1,
      amountMax: 50.5,
      transactionType: 'EXPENSE',
      setTitle: 'Coffee',
      setPaymentMethod: 'CARD',
    },
    'rule.createFromSuggestion': { merchant: 'Bakery', category: 'Fuzz groceries', type: 'EXPENSE' },
    'rule.update': { id: ruleId, operator: 'STARTS_WITH', pattern: 'super market', categoryId: groceriesId },
    'rule.delete': { id: randomUUID() },
    'rule.reorder': { ids: [ruleId] },
    'rule.preview': {
      rule: { field: 'TITLE', operator: 'CONTAINS', pattern: 'rent', categoryId: groceriesId, amountMax: 2000 },
    },
    'rule.applyToExisting': { id: ruleId, onlyUncategorized: true },
    'rule.applyAll': { onlyUncategorized: false },
    'rule.match': { title: 'Coffee shop', description: 'Morning', amount: 3.5, type: 'EXPENSE' },
    'rule.suggest': { title: 'Coffee shop', description: 'Morning', type: 'EXPENSE' },
    'budget.create': { categoryId: diningId, period: 'WEEKLY', amount: 120, rollover: true, startsOn: '2026-01-05' },
    'budget.update': { id: budgetId, period: 'MONTHLY', amount: 380.5, rollover: true, startsOn: '2026-01-01' },
    'budget.delete': { id: randomUUID() },
    'budget.status': { period: '2026-01-15' },
    'budget.dismissAlert': { id: randomUUID() },
    'budget.updateAlertSettings': { isEnabled: true, thresholds: [50, 80, 100] },
  };
}

/** Anything at all, or a valid-shaped call with one thing wrong. */
function inputsFor(sample: unknown): fc.Arbitrary<unknown> {
  const generic = fc.oneof(poison, fc.array(poison, { maxLength: 4 }), fc.constant(undefined));
  if (sample === undefined) return generic;
  const expensive = expensiveInputsFor(sample)
    .filter(({ batch }) => batch === 0)
    .map(({ input }) => input);
  return fc.oneof(
    { arbitrary: mutationsOf(sample), weight: 3 },
    { arbitrary: generic, weight: 1 },
    { arbitrary: expensive.length > 0 ? fc.constantFrom(...expensive) : generic, weight: 1 },
  );
}

interface Counts {
  users: number;
  transactions: number;
}

async function counts(): Promise<Counts> {
  const [userRows] = await database.db
    .select({ n: count() })
    .from(users)
    .where(ownDatabase ? undefined : like(users.email, `%@${FUZZ_EMAIL_DOMAIN}`));
  const [transactionRows] = await database.db
    .select({ n: count() })
    .from(transactions)
    .where(eq(transactions.userId, userId));
  return { users: Number(userRows?.n), transactions: Number(transactionRows?.n) };
}

/** Text that only an internal failure would put in an answer: stack frames, SQL and driver errors. */
const INTERNAL_TEXT =
  /\n\s*at |\bat [\w.<>]+ \(|node_modules|violates|relation "|syntax error|duplicate key|invalid byte sequence|invalid input syntax|out of range for type|Failed query|drizzle|pglite|TypeError|RangeError|ReferenceError|Cannot read properties/i;

/** Characters that break text columns, encoders and comparisons, appended to every string field. */
const UNICODE_EDGES = ['\u0000', '\uD800', '\uDC00', '\u202E', '\u200D', '\uFEFF', '\u0301', '𝄞'];

/**
 * A 2xx or a 4xx; an error without a stack or internal text, that wrote nothing; and the event loop
 * never held longer than the limit. `batch` sends the input that many times in one batched request.
 */
async function expectCleanAnswer(procedure: Procedure, token: string, input: unknown, batch = 0) {
  const request = requestFor(procedure.path, procedure.type, token, input, batch);
  const inputText = shorten(input === undefined ? '(no input)' : toJson(input));
  const sent = batch > 0 ? `a batch of ${batch} × ${inputText}` : inputText;
  const before = await counts();
  const { response, blockedMs } = await sendWatched(app, request);
  const context = `${procedure.path} answered ${response.statusCode} to ${sent}: ${shorten(response.body, 500)}`;

  expect(response.statusCode, context).toBeLessThan(500);
  expect(blockedMs, blockedMessage(procedure.path, sent, blockedMs)).toBeLessThanOrEqual(EVENT_LOOP_BLOCK_LIMIT_MS);
  const body = response.json();
  if (response.statusCode >= 400) {
    expect(response.body, context).not.toMatch(/"stack"/);
    expect(response.body, context).not.toMatch(INTERNAL_TEXT);
    for (const answer of batch > 0 ? body : [body]) {
      expect(answer.error?.data?.httpStatus, context).toBeGreaterThanOrEqual(400);
    }
    if (batch === 0) expect(body.error?.data?.httpStatus, context).toBe(response.statusCode);
    expect(await counts(), context).toEqual(before);
  }
}

const procedures = proceduresOf();

describe('every procedure over HTTP', () => {
  it('covers the whole router', () => {
    expect(procedures.length).toBeGreaterThan(30);
    expect(procedures.map((procedure) => procedure.path)).toContain('transaction.create');
  });

  it.each(procedures.filter((procedure) => procedure.path in validSamples()))(
    '$path accepts its valid sample past validation, so the mutations start from a real call',
    async (procedure) => {
      const token = await signIn();
      transactionId = await seedTransaction(token);
      const request = requestFor(procedure.path, procedure.type, token, validSamples()[procedure.path]);
      const response = await app.inject(request);
      const context = `${procedure.path} answered ${response.statusCode}: ${response.body.slice(0, 500)}`;
      expect(response.statusCode, context).toBeLessThan(500);
      if (response.statusCode >= 400) expect(response.json().error.data.zodError, context).toBeNull();
    },
  );

  it.each(procedures.filter((procedure) => procedure.path in validSamples()))(
    '$path takes every unicode edge case in every string field of its valid sample without a 5xx',
    async (procedure) => {
      const token = await signIn();
      transactionId = await seedTransaction(token);
      const sample = validSamples()[procedure.path];
      const stringPaths = pathsOf(sample).filter((path) => typeof valueAt(sample, path) === 'string');
      for (const path of stringPaths) {
        for (const edge of UNICODE_EDGES) {
          const original = valueAt(sample, path) as string;
          await expectCleanAnswer(procedure, token, withAt(sample, path, `${original}${edge}`));
        }
      }
    },
  );

  it.each(procedures)(
    '$path ($type) answers arbitrary input with a 2xx or a 4xx, and a refusal writes nothing',
    async (procedure) => {
      // A fresh session per procedure: logoutAll or a revoked session must not blind the ones after it.
      const token = await signIn();
      transactionId = await seedTransaction(token);
      const sample = validSamples()[procedure.path];

      await fc.assert(
        fc.asyncProperty(inputsFor(sample), (input) => expectCleanAnswer(procedure, token, input)),
        { numRuns: FUZZ_NUM_RUNS },
      );
    },
  );

  it.each(procedures.filter((procedure) => procedure.path in validSamples()))(
    '$path answers every far date, century-long series or range, limit-sized CSV and batch without stalling the server',
    async (procedure) => {
      const token = await signIn();
      transactionId = await seedTransaction(token);
      for (const { input, batch } of expensiveInputsFor(validSamples()[procedure.path])) {
        await expectCleanAnswer(procedure, token, input, batch);
      }
    },
  );
});
