import { readFileSync } from 'node:fs';
import { STATEMENT_IMPORT_MESSAGES, type User } from '@finailytics/shared';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { base64, type OfxRow, ofx, qif } from '../../test/statement-files';
import { findOrCreateCategory } from '../category/category.repository';

const database = useTestDatabase();
const clock = new ManualClock('2026-04-10T12:00:00.000Z');

async function signedIn() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const [account] = await caller.account.list();
  if (!account) throw new Error('no default account');
  return { user, caller, accountId: account.id };
}

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

async function ledgerOf(user: User, accountId: string) {
  const rows = await database.db
    .select({
      title: transactions.title,
      description: transactions.description,
      type: transactions.type,
      amountCents: transactions.amountCents,
      date: transactions.date,
      category: transactions.category,
      paymentMethod: transactions.paymentMethod,
      sourceId: transactions.sourceId,
    })
    .from(transactions)
    .where(and(eq(transactions.userId, user.id), eq(transactions.accountId, accountId)));
  return rows.sort((a, b) => (a.date + a.title + a.amountCents).localeCompare(b.date + b.title + b.amountCents));
}

const march = [
  { type: 'POS', date: '2026-03-02', amount: '-12.50', name: 'CORNER CAFE', fitId: 'T1', memo: 'Card 1234' },
  { type: 'DIRECTDEP', date: '2026-03-05', amount: '2500.00', name: 'ACME PAYROLL', fitId: 'T2' },
  { type: 'ATM', date: '2026-03-09', amount: '-60.00', name: 'ATM WITHDRAWAL', fitId: 'T3' },
];

describe('account.previewStatementImport', () => {
  it('answers every row with its category, status and counts, and writes nothing', async () => {
    const { user, caller, accountId } = await signedIn();
    const preview = await caller.account.previewStatementImport({
      accountId,
      fileName: 'march.ofx',
      contentBase64: base64(ofx(march)),
    });
    expect(preview.info).toMatchObject({ format: 'OFX', accountId: '42', currency: 'USD' });
    expect([preview.firstDate, preview.lastDate]).toEqual(['2026-03-02', '2026-03-09']);
    expect(preview.counts).toEqual({ total: 3, new: 3, alreadyImported: 0, possibleDuplicates: 0, errors: 0 });
    expect(preview.rows[0]).toMatchObject({
      sourceId: 'fitid:T1',
      date: '2026-03-02',
      amount: -12.5,
      type: 'EXPENSE',
      title: 'CORNER CAFE',
      category: 'Uncategorized',
      status: 'new',
      duplicateOf: null,
    });
    expect(preview.rows[1]).toMatchObject({ amount: 2500, type: 'INCOME', title: 'ACME PAYROLL' });
    expect(await ledgerOf(user, accountId)).toEqual([]);
  });

  it('names the rule that categorises a row and the suggestion for one left uncategorised', async () => {
    const { user, caller, accountId } = await signedIn();
    const coffee = await findOrCreateCategory(database.db, user.id, 'EXPENSE', 'Coffee', clock.now());
    await caller.rule.create({ field: 'TITLE', operator: 'CONTAINS', pattern: 'cafe', categoryId: coffee.id });
    await caller.transaction.create({
      title: 'Acme Payroll',
      type: 'INCOME',
      amount: 10,
      category: 'Salary',
      date: '2026-01-05',
    });
    const preview = await caller.account.previewStatementImport({
      accountId,
      fileName: 'march.ofx',
      contentBase64: base64(ofx(march)),
    });
    expect(preview.rows[0]).toMatchObject({ category: 'Coffee', categorisation: { by: 'rule', rulePattern: 'cafe' } });
    expect(preview.rows[1]).toMatchObject({
      category: 'Uncategorized',
      categorisation: { by: 'suggestion', category: 'Salary' },
    });
    expect(preview.rows[2]).toMatchObject({ category: 'Uncategorized', categorisation: null });
  });

  it('asks for the date order of a QIF file whose dates read both ways, and reads it once given', async () => {
    const { caller, accountId } = await signedIn();
    const input = { accountId, fileName: 'a.qif', contentBase64: base64(fixture('ambiguous-dates.qif')) };
    const error = await errorOf(caller.account.previewStatementImport(input));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(STATEMENT_IMPORT_MESSAGES.chooseDateOrder);
    const dayFirst = await caller.account.previewStatementImport({ ...input, qifDateOrder: 'DMY' });
    expect(dayFirst.rows.map((row) => row.date)).toEqual(['2026-04-03', '2026-06-05']);
  });

  it("answers NOT_FOUND for another user's account", async () => {
    const { caller } = await signedIn();
    const other = await signedIn();
    const input = { accountId: other.accountId, fileName: 'march.ofx', contentBase64: base64(ofx(march)) };
    expect((await errorOf(caller.account.previewStatementImport(input))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.account.importStatement(input))).code).toBe('NOT_FOUND');
    expect(await ledgerOf(other.user, other.accountId)).toEqual([]);
  });

  it('answers hostile or broken files with a clear error', async () => {
    const { caller, accountId } = await signedIn();
    const attempt = async (contentBase64: string) =>
      errorOf(caller.account.previewStatementImport({ accountId, fileName: 'x.ofx', contentBase64 }));
    expect((await attempt('not base64!')).message).toBe(STATEMENT_IMPORT_MESSAGES.notBase64);
    expect((await attempt(base64(Buffer.from([0, 1, 2, 3, 0, 0, 0, 0])))).message).toMatch(/not a text file/);
    expect((await attempt(base64('hello, world'))).message).toBe('This is not an OFX, QFX or QIF statement');
    const deep = `OFXHEADER:100\n\n<OFX>${'<A>'.repeat(5000)}`;
    expect((await attempt(base64(deep))).code).toBe('BAD_REQUEST');
    const tooBig = await errorOf(
      caller.account.previewStatementImport({ accountId, fileName: 'x.ofx', contentBase64: 'A'.repeat(7_000_000) }),
    );
    expect(tooBig.code).toBe('BAD_REQUEST');
    expect(tooBig.message).toMatch(/larger than 5 MB/);
  });
});

describe('account.importStatement', () => {
  it('stores the new rows with source ids, types, payment methods and the memo; the same file again adds nothing', async () => {
    const { user, caller, accountId } = await signedIn();
    const input = { accountId, fileName: 'march.ofx', contentBase64: base64(ofx(march)) };
    expect(await caller.account.importStatement(input)).toEqual({
      imported: 3,
      skippedAlreadyImported: 0,
      skippedPossibleDuplicates: 0,
    });
    const stored = await ledgerOf(user, accountId);
    expect(stored).toEqual([
      {
        title: 'CORNER CAFE',
        description: 'Card 1234',
        type: 'EXPENSE',
        amountCents: 1250,
        date: '2026-03-02',
        category: 'Uncategorized',
        paymentMethod: 'CARD',
        sourceId: 'fitid:T1',
      },
      expect.objectContaining({
        type: 'INCOME',
        amountCents: 250000,
        paymentMethod: 'BANK_TRANSFER',
        sourceId: 'fitid:T2',
      }),
      expect.objectContaining({ type: 'EXPENSE', amountCents: 6000, paymentMethod: 'CASH', sourceId: 'fitid:T3' }),
    ]);
    expect(await caller.account.importStatement(input)).toEqual({
      imported: 0,
      skippedAlreadyImported: 3,
      skippedPossibleDuplicates: 0,
    });
    expect(await ledgerOf(user, accountId)).toHaveLength(3);
    const again = await caller.account.previewStatementImport(input);
    expect(again.counts).toEqual({ total: 3, new: 0, alreadyImported: 3, possibleDuplicates: 0, errors: 0 });
    const [account] = await caller.account.list();
    expect(account?.balance).toBe(2500 - 12.5 - 60);
  });

  it('stores the union of two overlapping OFX statements exactly once', async () => {
    const { user, caller, accountId } = await signedIn();
    const april = [
      march[2] as OfxRow,
      { date: '2026-04-01', amount: '-40.00', name: 'POWER CO', fitId: 'T4', type: 'DIRECTDEBIT' },
    ];
    await caller.account.importStatement({ accountId, fileName: 'm.ofx', contentBase64: base64(ofx(march)) });
    const second = await caller.account.importStatement({
      accountId,
      fileName: 'a.ofx',
      contentBase64: base64(ofx(april)),
    });
    expect(second).toEqual({ imported: 1, skippedAlreadyImported: 1, skippedPossibleDuplicates: 0 });
    const stored = await ledgerOf(user, accountId);
    expect(stored.map((row) => row.sourceId)).toEqual(['fitid:T1', 'fitid:T2', 'fitid:T3', 'fitid:T4']);
    expect(stored[3]?.paymentMethod).toBe('AUTO_DEBIT');
  });

  it('dedupes rows without a FITID by their hash: overlapping QIF files, two identical coffees kept as two', async () => {
    const { user, caller, accountId } = await signedIn();
    const first = qif([
      { date: '03/02/2026', amount: '-3.50', payee: 'Cafe' },
      { date: '03/02/2026', amount: '-3.50', payee: 'Cafe' },
      { date: '03/20/2026', amount: '-9.00', payee: 'Books' },
    ]);
    const second = qif([
      { date: '03/02/2026', amount: '-3.50', payee: 'CAFE' },
      { date: '03/02/2026', amount: '-3.50', payee: 'Cafe' },
      { date: '03/20/2026', amount: '-9.00', payee: 'Books' },
      { date: '03/25/2026', amount: '-4.00', payee: 'Bakery' },
    ]);
    expect(
      await caller.account.importStatement({ accountId, fileName: '1.qif', contentBase64: base64(first) }),
    ).toEqual({
      imported: 3,
      skippedAlreadyImported: 0,
      skippedPossibleDuplicates: 0,
    });
    expect(
      await caller.account.importStatement({ accountId, fileName: '2.qif', contentBase64: base64(second) }),
    ).toEqual({
      imported: 1,
      skippedAlreadyImported: 3,
      skippedPossibleDuplicates: 0,
    });
    const stored = await ledgerOf(user, accountId);
    expect(stored.map((row) => `${row.date} ${row.title} ${row.amountCents}`)).toEqual([
      '2026-03-02 Cafe 350',
      '2026-03-02 Cafe 350',
      '2026-03-20 Books 900',
      '2026-03-25 Bakery 400',
    ]);
    expect(stored.every((row) => row.sourceId?.startsWith('hash:'))).toBe(true);
  });

  it('reads the card fixture without FITIDs, both same-day coffees as two rows, card as the payment method', async () => {
    const { user, caller, accountId } = await signedIn();
    const input = { accountId, fileName: 'card.qfx', contentBase64: base64(fixture('card-no-fitid.qfx')) };
    expect((await caller.account.importStatement(input)).imported).toBe(4);
    expect((await caller.account.importStatement(input)).skippedAlreadyImported).toBe(4);
    const stored = await ledgerOf(user, accountId);
    expect(stored.filter((row) => row.amountCents === 350)).toHaveLength(2);
    expect(stored.find((row) => row.amountCents === 25000)).toMatchObject({ type: 'INCOME' });
    expect(stored.find((row) => row.amountCents === 6120)).toMatchObject({
      paymentMethod: 'CARD',
      description: 'Contactless',
    });
  });

  it('skips a possible duplicate of a manual entry unless the person keeps it', async () => {
    const { user, caller, accountId } = await signedIn();
    const manual = await caller.transaction.create({
      title: 'Corner Cafe',
      type: 'EXPENSE',
      amount: 12.5,
      category: 'Food',
      date: '2026-03-04',
    });
    // Same amount but another merchant, and the same merchant five days off: neither is a duplicate.
    await caller.transaction.create({
      title: 'Bookshop',
      type: 'EXPENSE',
      amount: 60,
      category: 'Other',
      date: '2026-03-09',
    });
    const input = { accountId, fileName: 'march.ofx', contentBase64: base64(ofx(march)) };
    const preview = await caller.account.previewStatementImport(input);
    expect(preview.counts).toEqual({ total: 3, new: 2, alreadyImported: 0, possibleDuplicates: 1, errors: 0 });
    expect(preview.rows[0]).toMatchObject({
      status: 'possible duplicate',
      duplicateOf: { id: manual.id, title: 'Corner Cafe', date: '2026-03-04' },
    });
    expect(preview.rows[2]?.status).toBe('new');
    expect(await caller.account.importStatement(input)).toEqual({
      imported: 2,
      skippedAlreadyImported: 0,
      skippedPossibleDuplicates: 1,
    });
    expect((await ledgerOf(user, accountId)).filter((row) => row.amountCents === 1250)).toHaveLength(1);
    // Imported again with the duplicate kept: only that row is new.
    expect(await caller.account.importStatement({ ...input, keepDuplicates: ['fitid:T1'] })).toEqual({
      imported: 1,
      skippedAlreadyImported: 2,
      skippedPossibleDuplicates: 0,
    });
    expect((await ledgerOf(user, accountId)).filter((row) => row.amountCents === 1250)).toHaveLength(2);
  });

  it('flags rows a CSV export brought in earlier as possible duplicates, but not rows of another OFX file', async () => {
    const { caller, accountId } = await signedIn();
    // The café payment from the bank's CSV export (a hashed id), and an ATM withdrawal like March's third
    // row from another OFX file: the bank gave it another FITID, so it is another withdrawal.
    await caller.transaction.importCsv({
      csv: 'Date,Title,Amount,Type\n2026-03-05,Corner Cafe,12.50,EXPENSE\n',
      dateFormat: 'YYYY-MM-DD',
      accountId,
    });
    const other = { date: '2026-03-09', amount: '-60.00', name: 'ATM WITHDRAWAL', fitId: 'OTHER-FILE' };
    await caller.account.importStatement({ accountId, fileName: 'other.ofx', contentBase64: base64(ofx([other])) });
    const preview = await caller.account.previewStatementImport({
      accountId,
      fileName: 'march.ofx',
      contentBase64: base64(ofx(march)),
    });
    expect(preview.rows.map((row) => [row.title, row.status])).toEqual([
      ['CORNER CAFE', 'possible duplicate'],
      [march[1]?.name, 'new'],
      [march[2]?.name, 'new'],
    ]);
    expect(preview.rows[0]?.duplicateOf).toMatchObject({ title: 'Corner Cafe', date: '2026-03-05' });
  });

  it('matches a possible duplicate only within three days and only once', async () => {
    const { caller, accountId } = await signedIn();
    await caller.transaction.create({
      title: 'cafe',
      type: 'EXPENSE',
      amount: 12.5,
      category: 'Food',
      date: '2026-03-06',
    });
    const rows = [
      { date: '2026-03-02', amount: '-12.50', name: 'CORNER CAFE 0042', fitId: 'A' },
      { date: '2026-03-03', amount: '-12.50', name: 'CORNER CAFE 0042', fitId: 'B' },
      { date: '2026-03-04', amount: '-12.50', name: 'CORNER CAFE 0042', fitId: 'C' },
    ];
    const preview = await caller.account.previewStatementImport({
      accountId,
      fileName: 'x.ofx',
      contentBase64: base64(ofx(rows)),
    });
    expect(preview.rows.map((row) => row.status)).toEqual(['new', 'possible duplicate', 'new']);
  });

  it('imports nothing when one row cannot be stored', async () => {
    const { user, caller, accountId } = await signedIn();
    const rows = [...march, { date: '2026-03-10', amount: '0.00', name: 'INFO ONLY', fitId: 'T9' }];
    const error = await errorOf(
      caller.account.importStatement({ accountId, fileName: 'x.ofx', contentBase64: base64(ofx(rows)) }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Nothing was imported: transaction 4 has an amount of 0');
    const badDate = ofx([...march, { date: '2026-02-31', amount: '-1.00', name: 'X', fitId: 'T8' }]);
    const dateError = await errorOf(
      caller.account.importStatement({ accountId, fileName: 'x.ofx', contentBase64: base64(badDate) }),
    );
    expect(dateError.message).toMatch(/date this app cannot read/);
    expect(await ledgerOf(user, accountId)).toEqual([]);
  });

  it('stores each row once when two imports of overlapping files run at the same time', async () => {
    const { user, caller, accountId } = await signedIn();
    const april = [march[2] as OfxRow, { date: '2026-04-01', amount: '-40.00', name: 'POWER CO', fitId: 'T4' }];
    const results = await Promise.all([
      caller.account.importStatement({ accountId, fileName: 'm.ofx', contentBase64: base64(ofx(march)) }),
      caller.account.importStatement({ accountId, fileName: 'a.ofx', contentBase64: base64(ofx(april)) }),
    ]);
    const stored = await ledgerOf(user, accountId);
    expect(stored.map((row) => row.sourceId)).toEqual(['fitid:T1', 'fitid:T2', 'fitid:T3', 'fitid:T4']);
    expect(results.reduce((sum, result) => sum + result.imported, 0)).toBe(4);
    expect(results.reduce((sum, result) => sum + result.skippedAlreadyImported, 0)).toBe(1);
  });

  it('takes Card as the payment method of a QIF credit-card file', async () => {
    const { user, caller, accountId } = await signedIn();
    const card = qif([{ date: '03/20/2026', amount: '-3.50', payee: 'Cafe' }]).replace('!Type:Bank', '!Type:CCard');
    expect(
      (await caller.account.importStatement({ accountId, fileName: 'c.qif', contentBase64: base64(card) })).imported,
    ).toBe(1);
    expect((await ledgerOf(user, accountId))[0]?.paymentMethod).toBe('CARD');
  });

  it('imports a file of 20,000 rows in bounded statements, and finds them all on the second import', async () => {
    const { caller, accountId } = await signedIn();
    const rows = Array.from({ length: 20_000 }, (_, index) => ({
      date: `2025-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
      amount: `-${(index % 500) + 1}.25`,
      name: `MERCHANT ${index % 300}`,
      fitId: `BIG${index}`,
    }));
    const input = { accountId, fileName: 'big.ofx', contentBase64: base64(ofx(rows)) };
    expect(await caller.account.importStatement(input)).toEqual({
      imported: 20_000,
      skippedAlreadyImported: 0,
      skippedPossibleDuplicates: 0,
    });
    const preview = await caller.account.previewStatementImport(input);
    expect(preview.counts).toEqual({
      total: 20_000,
      new: 0,
      alreadyImported: 20_000,
      possibleDuplicates: 0,
      errors: 0,
    });
  }, 120_000);

  it('reads the real-world fixtures into the account', async () => {
    const { caller, accountId } = await signedIn();
    const counts: Record<string, number> = {};
    for (const name of ['bank-sgml-latin-1.ofx', 'savings-xml-utf8.ofx', 'checking-us.qif', 'giro-european-1252.qif']) {
      const result = await caller.account.importStatement({
        accountId,
        fileName: name,
        contentBase64: base64(fixture(name)),
      });
      counts[name] = result.imported + result.skippedAlreadyImported;
    }
    expect(counts).toEqual({
      'bank-sgml-latin-1.ofx': 4,
      'savings-xml-utf8.ofx': 2,
      'checking-us.qif': 3,
      'giro-european-1252.qif': 3,
    });
  });
});
