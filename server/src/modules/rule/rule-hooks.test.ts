import { type CsvImportPreview, UNCATEGORIZED_CATEGORY, type User } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, insertTransactions } from '../../test/ledger';
import { findOrCreateCategory } from '../category/category.repository';
import { dataUrl, receiptPng, SAMPLE_RECEIPT_LINES } from '../receipt/fixtures/images';
import { createOfflineReceiptReader } from '../receipt/receipt-reader';

const database = useTestDatabase();
const clock = new ManualClock('2026-03-15T12:00:00.000Z');
const reader = createOfflineReceiptReader({ workers: 1, queueLimit: 2 });
afterAll(() => reader.close());

/** A signed-in user with one rule: titles containing "uber" are Transport, and become "Uber" paid by card. */
async function withUberRule() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock, receiptReader: reader });
  const transport = await findOrCreateCategory(database.db, user.id, 'EXPENSE', 'Transport', clock.now());
  const rule = await caller.rule.create({
    field: 'TITLE',
    operator: 'CONTAINS',
    pattern: 'uber',
    categoryId: transport.id,
    setTitle: 'Uber',
    setPaymentMethod: 'CARD',
  });
  return { user, caller, rule };
}

async function ledgerOf(user: User) {
  const rows = await database.db
    .select({ title: transactions.title, category: transactions.category, paymentMethod: transactions.paymentMethod })
    .from(transactions)
    .where(eq(transactions.userId, user.id));
  return rows.sort((a, b) => (a.title < b.title ? -1 : 1));
}

const base = { type: 'EXPENSE' as const, amount: 12.5, date: '2026-03-10' };

describe('transaction.create and rules', () => {
  it("takes the matching rule's category when none is given, and only the category", async () => {
    const { caller } = await withUberRule();
    const created = await caller.transaction.create({ ...base, title: 'UBER *TRIP' });
    expect(created).toMatchObject({ title: 'UBER *TRIP', category: 'Transport', paymentMethod: 'CASH' });
  });

  it('gives the placeholder when no rule matches', async () => {
    const { caller } = await withUberRule();
    const created = await caller.transaction.create({ ...base, title: 'Corner shop' });
    expect(created.category).toBe(UNCATEGORIZED_CATEGORY);
  });

  it('keeps a category the person chose, whatever the rules say', async () => {
    const { caller } = await withUberRule();
    const created = await caller.transaction.create({ ...base, title: 'Uber Eats', category: 'Dining' });
    expect(created.category).toBe('Dining');
  });
});

describe('imports and rules', () => {
  it('categorises rows without a category, and leaves rows with one untouched', async () => {
    const { user, caller } = await withUberRule();
    await caller.transaction.import({
      rows: [
        { ...base, title: 'UBER *TRIP 1', category: UNCATEGORIZED_CATEGORY },
        { ...base, title: 'Uber Eats', category: 'Dining' },
        { ...base, title: 'Bakery', category: 'uncategorized' },
      ],
    });
    expect(await ledgerOf(user)).toEqual([
      { title: 'Bakery', category: 'uncategorized', paymentMethod: 'CASH' },
      { title: 'Uber', category: 'Transport', paymentMethod: 'CARD' },
      { title: 'Uber Eats', category: 'Dining', paymentMethod: 'CASH' },
    ]);
  });

  it("categorises a CSV file's blank categories and keeps the bank's own", async () => {
    const { user, caller } = await withUberRule();
    const csv = [
      'Date,Title,Amount,Category',
      '2026-03-01,UBER *TRIP,-12.50,',
      '2026-03-02,Uber Eats,-20.00,Restaurants',
      '2026-03-03,Bakery,-3.20,',
    ].join('\n');
    await expect(caller.transaction.importCsv({ csv })).resolves.toEqual({ importedCount: 3, skippedCount: 0 });
    expect((await ledgerOf(user)).map((row) => `${row.title}: ${row.category}`)).toEqual([
      'Bakery: Uncategorized',
      'Uber: Transport',
      'Uber Eats: Restaurants',
    ]);
  });

  it('previews what rules and suggestions make of each row, and writes nothing', async () => {
    const { user, caller, rule } = await withUberRule();
    await insertTransactions(database.db, user.id, [
      expense(3, '2026-02-01', 'Bread', 'BAKERY #12'),
      expense(3, '2026-02-02', 'Bread', 'Bakery'),
    ]);
    const csv = ['Date,Title,Amount', '2026-03-01,UBER *TRIP,-12.50', '2026-03-03,Bakery store 4,-3.20'].join('\n');
    const preview = (await caller.transaction.importCsv({ csv, dryRun: true })) as CsvImportPreview;
    expect(preview.rows.map((row) => [row.title, row.category, row.categorisation])).toEqual([
      [
        'Uber',
        'Transport',
        {
          by: 'rule',
          ruleId: rule.id,
          rulePattern: 'uber',
          category: 'Transport',
          categoryId: rule.categoryId,
          setTitle: 'Uber',
          setPaymentMethod: 'CARD',
        },
      ],
      ['Bakery store 4', UNCATEGORIZED_CATEGORY, { by: 'suggestion', category: 'Bread', merchant: 'bakery', count: 2 }],
    ]);
    expect(await ledgerOf(user)).toHaveLength(2);
  });
});

describe('receipt scans and rules', () => {
  it("takes the rule's category over the history and the receipt's words", async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user, clock, receiptReader: reader });
    // History says "Weekly shop" for this merchant; the rule says otherwise and wins.
    await insertTransactions(database.db, user.id, [expense(6, '2026-03-01', 'Weekly shop', 'CORNER GROCER')]);
    const corner = await findOrCreateCategory(database.db, user.id, 'EXPENSE', 'Corner shop', clock.now());
    await caller.rule.create({ field: 'ANY', operator: 'MATCHES', pattern: 'corner grocer', categoryId: corner.id });
    const result = await caller.transaction.scanReceipt({ image: dataUrl(await receiptPng(SAMPLE_RECEIPT_LINES)) });
    expect(result.draft.category).toBe('Corner shop');
  });
});
