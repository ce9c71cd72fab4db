import { STATEMENT_PREVIEW_LIMITS } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { base64, type OfxRow, ofx } from '../../test/statement-files';

const database = useTestDatabase();
const clock = new ManualClock('2026-04-10T12:00:00.000Z');

async function signedIn() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const [account] = await caller.account.list();
  if (!account) throw new Error('no default account');
  return { user, caller, accountId: account.id };
}

/** Row `index` of a long statement: one a day through 2025, a distinct amount and payee each. */
function statementRow(index: number): OfxRow {
  const day = new Date(Date.UTC(2025, 0, 1 + (index % 365))).toISOString().slice(0, 10);
  return { date: day, amount: `-${index + 1}.25`, name: `MARKET ${index}`, fitId: `R${index}` };
}

describe('account.previewStatementImport listing', () => {
  it('counts every row but lists the first 500 and every possible duplicate after them', async () => {
    const { user, caller, accountId } = await signedIn();
    const rows = Array.from({ length: 2_000 }, (_, index) => statementRow(index));
    // Two rows imported before, and manual entries resembling rows 10, 700 and 1,500.
    await caller.account.importStatement({
      accountId,
      fileName: 'a.ofx',
      contentBase64: base64(ofx(rows.slice(0, 2))),
    });
    await database.db.insert(transactions).values(
      [10, 700, 1_500].map((index) => {
        const row = statementRow(index);
        return {
          userId: user.id,
          accountId,
          title: `Market ${index}`,
          type: 'EXPENSE' as const,
          amountCents: (index + 1) * 100 + 25,
          category: 'Other',
          date: row.date,
        };
      }),
    );
    const preview = await caller.account.previewStatementImport({
      accountId,
      fileName: 'year.ofx',
      contentBase64: base64(ofx(rows)),
    });
    expect(preview.counts).toEqual({ total: 2_000, new: 1_995, alreadyImported: 2, possibleDuplicates: 3, errors: 0 });
    expect(preview.rows).toHaveLength(STATEMENT_PREVIEW_LIMITS.firstRows + 2);
    expect(preview.rows.slice(0, 500).map((row) => row.position)).toEqual(
      Array.from({ length: 500 }, (_, index) => index + 1),
    );
    expect(preview.rows.slice(500).map((row) => [row.position, row.sourceId, row.status])).toEqual([
      [701, 'fitid:R700', 'possible duplicate'],
      [1_501, 'fitid:R1500', 'possible duplicate'],
    ]);
    expect(preview.rows[10]).toMatchObject({ status: 'possible duplicate', duplicateOf: { title: 'Market 10' } });
    expect(preview.rows[0]).toMatchObject({ status: 'already imported', error: null });
    expect(preview.unlisted).toEqual({ total: 1_498, possibleDuplicates: 0, errors: 0 });
    expect(preview.truncated).toBe(false);
    expect([preview.firstDate, preview.lastDate]).toEqual(['2025-01-01', '2025-12-31']);
  }, 60_000);

  it('answers a row that cannot be stored as an error with its reason, and the import still refuses the file', async () => {
    const { caller, accountId } = await signedIn();
    const rows = [
      statementRow(0),
      { date: '2025-03-01', amount: '0.00', name: 'INFO ONLY', fitId: 'Z' },
      statementRow(1),
      { date: '2025-03-02', amount: '-1.00', name: 'LONG ID', fitId: 'F'.repeat(95) },
    ];
    const input = { accountId, fileName: 'x.ofx', contentBase64: base64(ofx(rows)) };
    const preview = await caller.account.previewStatementImport(input);
    expect(preview.counts).toEqual({ total: 4, new: 2, alreadyImported: 0, possibleDuplicates: 0, errors: 2 });
    expect(preview.rows.map((row) => [row.position, row.status, row.error])).toEqual([
      [1, 'new', null],
      [2, 'error', 'This row has an amount of 0'],
      [3, 'new', null],
      [4, 'error', 'This row has a bank id (FITID) longer than 94 characters'],
    ]);
    const refused = await errorOf(caller.account.importStatement(input));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toBe(
      'Nothing was imported: transaction 2 has an amount of 0; transaction 4 has a bank id (FITID) longer than 94 characters',
    );
  });

  it('lists at most 1,000 flagged rows after the first 500 and says the rest were left out', async () => {
    const { caller, accountId } = await signedIn();
    const rows = Array.from({ length: 3_000 }, (_, index) =>
      index % 2 === 0 ? statementRow(index) : { ...statementRow(index), amount: '0.00' },
    );
    const preview = await caller.account.previewStatementImport({
      accountId,
      fileName: 'broken.ofx',
      contentBase64: base64(ofx(rows)),
    });
    expect(preview.counts).toEqual({
      total: 3_000,
      new: 1_500,
      alreadyImported: 0,
      possibleDuplicates: 0,
      errors: 1_500,
    });
    expect(preview.rows).toHaveLength(STATEMENT_PREVIEW_LIMITS.firstRows + STATEMENT_PREVIEW_LIMITS.flaggedRows);
    const afterFirst = preview.rows.slice(STATEMENT_PREVIEW_LIMITS.firstRows);
    expect(afterFirst.every((row) => row.status === 'error')).toBe(true);
    // Rows 502, 504, … 2,500 are the first 1,000 errors after the first 500 rows.
    expect([afterFirst[0]?.position, afterFirst.at(-1)?.position]).toEqual([502, 2_500]);
    expect(preview.unlisted).toEqual({ total: 1_500, possibleDuplicates: 0, errors: 250 });
    expect(preview.truncated).toBe(true);
  }, 60_000);
});
