import { type CsvImportPreview, type ImportResult, toCents, type User } from '@finailytics/shared';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { findOrCreateCategory } from '../category/category.repository';
import { csvRowSourceIds } from './transaction.csv-source-ids';

const database = useTestDatabase();
const clock = new ManualClock('2026-03-15T12:00:00Z');

async function signedInUser() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  return { user, caller };
}

interface BankLine {
  date: string;
  payee: string;
  /** Signed cents: money in is positive. */
  cents: number;
}

/** A bank's CSV export of these lines: signed amounts, its own header. */
function bankExport(lines: readonly BankLine[]): string {
  const body = lines.map((line) => `${line.date},"${line.payee}",${(line.cents / 100).toFixed(2)}`);
  return ['Booking date,Payee,Amount', ...body].join('\n');
}

/**
 * 100 lines of one account over four months: salaries, rent and card payments, amounts with odd
 * cents, several shops visited more than once, and two identical coffees on one day (lines 50 and 51).
 */
function accountHistory(): BankLine[] {
  const shops = ['Corner Grocer', 'Café Crème', 'Tesco Metro', 'Shell 1234', 'Amazon Mktp'];
  return Array.from({ length: 100 }, (_, index): BankLine => {
    const day = new Date(Date.UTC(2025, 10, 1 + Math.floor(index * 1.2)));
    const date = day.toISOString().slice(0, 10);
    if (index === 50 || index === 51) return { date: '2026-01-02', payee: 'Café Crème', cents: -350 };
    if (index % 25 === 0) return { date, payee: 'ACME Ltd salary', cents: 312_345 + index };
    if (index % 25 === 1) return { date, payee: 'Landlord', cents: -95_000 };
    return { date, payee: shops[index % shops.length] as string, cents: -(101 + ((index * 7919) % 9_000)) };
  });
}

/** The account's rows as stored, with the sum the account's balance moves by. */
async function storedIn(user: User, accountId: string) {
  const rows = await database.db
    .select({
      title: transactions.title,
      date: transactions.date,
      type: transactions.type,
      amountCents: transactions.amountCents,
      sourceId: transactions.sourceId,
    })
    .from(transactions)
    .where(and(eq(transactions.userId, user.id), eq(transactions.accountId, accountId)));
  const signed = rows.map((row) => (row.type === 'INCOME' ? row.amountCents : -row.amountCents));
  return { rows, count: rows.length, netCents: signed.reduce((sum, cents) => sum + cents, 0) };
}

const netOf = (lines: readonly BankLine[]) => lines.reduce((sum, line) => sum + line.cents, 0);

async function defaultAccountId(caller: Awaited<ReturnType<typeof signedInUser>>['caller']): Promise<string> {
  const main = (await caller.account.list()).find((account) => account.isDefault);
  if (!main) throw new Error('no default account');
  return main.id;
}

async function dryRun(
  caller: Awaited<ReturnType<typeof signedInUser>>['caller'],
  csv: string,
  accountId?: string,
): Promise<CsvImportPreview> {
  const answer = await caller.transaction.importCsv({ csv, dryRun: true, ...(accountId ? { accountId } : {}) });
  if (!('dryRun' in answer)) throw new Error('expected a dry run');
  return answer;
}

describe('transaction.importCsv: rows imported before', () => {
  it('imports the same file a second time as nothing, every row skipped', async () => {
    const { user, caller } = await signedInUser();
    const lines = accountHistory().slice(0, 30);
    const csv = bankExport(lines);
    expect(await caller.transaction.importCsv({ csv })).toEqual({ importedCount: 30, skippedCount: 0 });
    expect(await caller.transaction.importCsv({ csv })).toEqual({ importedCount: 0, skippedCount: 30 });
    const stored = await storedIn(user, await defaultAccountId(caller));
    expect(stored.count).toBe(30);
    expect(stored.netCents).toBe(netOf(lines));
  });

  it('stores two overlapping exports (rows 1-60 and 40-100) once each, to the cent', async () => {
    const { user, caller } = await signedInUser();
    const history = accountHistory();
    const first = history.slice(0, 60);
    const second = history.slice(39);
    expect(await caller.transaction.importCsv({ csv: bankExport(first) })).toEqual({
      importedCount: 60,
      skippedCount: 0,
    });
    expect(await caller.transaction.importCsv({ csv: bankExport(second) })).toEqual({
      importedCount: 40,
      skippedCount: 21,
    });
    const accountId = await defaultAccountId(caller);
    const stored = await storedIn(user, accountId);
    expect(stored.count).toBe(100);
    expect(stored.netCents).toBe(netOf(history));
    // Each line once: the stored rows are the history's lines, the two coffees included.
    const key = (date: string, title: string, cents: number) => `${date}|${title}|${cents}`;
    const storedKeys = stored.rows.map((row) =>
      key(row.date, row.title, row.type === 'INCOME' ? row.amountCents : -row.amountCents),
    );
    expect(storedKeys.sort()).toEqual(history.map((line) => key(line.date, line.payee, line.cents)).sort());
    expect(new Set(stored.rows.map((row) => row.sourceId)).size).toBe(100);
    const account = (await caller.account.list()).find((item) => item.id === accountId);
    expect(toCents(account?.balance ?? 0)).toBe(netOf(history));
  });

  it('keeps two identical rows of one file as two, and a re-import adds neither', async () => {
    const { user, caller } = await signedInUser();
    const coffee = { date: '2026-02-03', payee: 'Café Crème', cents: -350 };
    const csv = bankExport([coffee, coffee, { date: '2026-02-03', payee: 'Bakery', cents: -420 }]);
    expect(await caller.transaction.importCsv({ csv })).toEqual({ importedCount: 3, skippedCount: 0 });
    expect(await caller.transaction.importCsv({ csv })).toEqual({ importedCount: 0, skippedCount: 3 });
    const stored = await storedIn(user, await defaultAccountId(caller));
    expect(stored.rows.filter((row) => row.title === 'Café Crème')).toHaveLength(2);
    expect(stored.count).toBe(3);
    expect(stored.netCents).toBe(-350 - 350 - 420);
  });

  it('adds the third of three identical rows when a later file has one more', async () => {
    const { user, caller } = await signedInUser();
    const coffee = { date: '2026-02-03', payee: 'Café Crème', cents: -350 };
    await caller.transaction.importCsv({ csv: bankExport([coffee, coffee]) });
    expect(await caller.transaction.importCsv({ csv: bankExport([coffee, coffee, coffee]) })).toEqual({
      importedCount: 1,
      skippedCount: 2,
    });
    expect((await storedIn(user, await defaultAccountId(caller))).count).toBe(3);
  });

  it('imports the same file into two accounts, each holding it once', async () => {
    const { user, caller } = await signedInUser();
    const savings = await caller.account.create({ name: 'Savings', kind: 'SAVINGS' });
    const lines = accountHistory().slice(0, 20);
    const csv = bankExport(lines);
    expect(await caller.transaction.importCsv({ csv })).toEqual({ importedCount: 20, skippedCount: 0 });
    expect(await caller.transaction.importCsv({ csv, accountId: savings.id })).toEqual({
      importedCount: 20,
      skippedCount: 0,
    });
    expect(await caller.transaction.importCsv({ csv, accountId: savings.id })).toEqual({
      importedCount: 0,
      skippedCount: 20,
    });
    const main = await storedIn(user, await defaultAccountId(caller));
    const saved = await storedIn(user, savings.id);
    expect([main.count, saved.count]).toEqual([20, 20]);
    expect([main.netCents, saved.netCents]).toEqual([netOf(lines), netOf(lines)]);
  });

  it('stores each row once when two imports of the same file race', async () => {
    const { user, caller } = await signedInUser();
    const lines = accountHistory();
    const csv = bankExport(lines);
    const results = await Promise.all([caller.transaction.importCsv({ csv }), caller.transaction.importCsv({ csv })]);
    const answers = results as ImportResult[];
    expect(answers.map((answer) => answer.importedCount).reduce((sum, count) => sum + count, 0)).toBe(100);
    expect(answers.map((answer) => answer.importedCount + answer.skippedCount)).toEqual([100, 100]);
    const stored = await storedIn(user, await defaultAccountId(caller));
    expect(stored.count).toBe(100);
    expect(stored.netCents).toBe(netOf(lines));
  });

  it('still skips a row a rule renamed when it was first imported', async () => {
    const { user, caller } = await signedInUser();
    const transport = await findOrCreateCategory(database.db, user.id, 'EXPENSE', 'Transport', clock.now());
    await caller.rule.create({
      field: 'TITLE',
      operator: 'CONTAINS',
      pattern: 'uber',
      categoryId: transport.id,
      setTitle: 'Uber',
    });
    const csv = bankExport([{ date: '2026-03-01', payee: 'UBER *TRIP 4411', cents: -1250 }]);
    expect(await caller.transaction.importCsv({ csv })).toEqual({ importedCount: 1, skippedCount: 0 });
    expect(await caller.transaction.importCsv({ csv })).toEqual({ importedCount: 0, skippedCount: 1 });
    const stored = await storedIn(user, await defaultAccountId(caller));
    expect(stored.rows.map((row) => row.title)).toEqual(['Uber']);
  });

  it('gives a CSV row the source id a statement row without a bank id gets', () => {
    const [id] = csvRowSourceIds([{ date: '2026-03-01', type: 'EXPENSE', amount: 12.5, title: 'Café  Crème!' }]);
    const [same] = csvRowSourceIds([{ date: '2026-03-01', type: 'EXPENSE', amount: 12.5, title: 'cafe creme' }]);
    const [income] = csvRowSourceIds([{ date: '2026-03-01', type: 'INCOME', amount: 12.5, title: 'cafe creme' }]);
    expect(id).toMatch(/^hash:[0-9a-f]{32}$/);
    expect(same).toBe(id);
    expect(income).not.toBe(id);
  });
});

describe('transaction.import (JSON rows)', () => {
  it('carries no source id, so the same rows sent twice are stored twice', async () => {
    const { user, caller } = await signedInUser();
    const rows = [{ title: 'Coffee', type: 'EXPENSE', amount: 3.5, category: 'Food', date: '2026-03-01' }] as const;
    expect(await caller.transaction.import({ rows: [...rows] })).toEqual({ importedCount: 1, skippedCount: 0 });
    expect(await caller.transaction.import({ rows: [...rows] })).toEqual({ importedCount: 1, skippedCount: 0 });
    const stored = await storedIn(user, await defaultAccountId(caller));
    expect(stored.rows.map((row) => row.sourceId)).toEqual([null, null]);
  });
});

describe('transaction.importCsv dry run: rows imported before', () => {
  it('counts and marks the rows the default account already holds, and writes nothing', async () => {
    const { user, caller } = await signedInUser();
    const history = accountHistory();
    await caller.transaction.importCsv({ csv: bankExport(history.slice(0, 10)) });
    const preview = await dryRun(caller, bankExport(history.slice(5, 15)));
    expect(preview).toMatchObject({ validCount: 10, alreadyImportedCount: 5, importedCount: 0, skippedCount: 0 });
    expect(preview.rows.map((row) => row.alreadyImported)).toEqual([...Array(5).fill(true), ...Array(5).fill(false)]);
    expect(preview.rows.map((row) => row.title)).toEqual(history.slice(5, 15).map((line) => line.payee));
    expect((await storedIn(user, await defaultAccountId(caller))).count).toBe(10);
  });

  it('checks the account asked for, not the default', async () => {
    const { caller } = await signedInUser();
    const savings = await caller.account.create({ name: 'Savings', kind: 'SAVINGS' });
    const csv = bankExport(accountHistory().slice(0, 8));
    await caller.transaction.importCsv({ csv, accountId: savings.id });
    expect((await dryRun(caller, csv, savings.id)).alreadyImportedCount).toBe(8);
    const intoMain = await dryRun(caller, csv);
    expect(intoMain.alreadyImportedCount).toBe(0);
    expect(intoMain.rows.every((row) => row.alreadyImported === false)).toBe(true);
  });

  it('counts every row of a file longer than the rows it shows', async () => {
    const { caller } = await signedInUser();
    const csv = bankExport(accountHistory());
    await caller.transaction.importCsv({ csv });
    const preview = await dryRun(caller, csv);
    expect(preview.alreadyImportedCount).toBe(100);
    expect(preview.rows).toHaveLength(50);
    expect(preview.rows.every((row) => row.alreadyImported)).toBe(true);
  });

  it('answers 0 for a new user who has no transaction yet', async () => {
    const { caller } = await signedInUser();
    const preview = await dryRun(caller, bankExport(accountHistory().slice(0, 3)));
    expect(preview.alreadyImportedCount).toBe(0);
  });

  it("refuses an archived account or another user's, as the import does", async () => {
    const { caller } = await signedInUser();
    const other = await signedInUser();
    const theirs = await other.caller.account.create({ name: 'Theirs', kind: 'CASH' });
    const old = await caller.account.create({ name: 'Old', kind: 'CASH' });
    await caller.account.archive({ id: old.id });
    const csv = bankExport(accountHistory().slice(0, 2));
    for (const accountId of [theirs.id, old.id]) {
      await expect(dryRun(caller, csv, accountId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(caller.transaction.importCsv({ csv, accountId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
