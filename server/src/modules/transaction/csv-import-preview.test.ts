import { randomUUID } from 'node:crypto';
import { CSV_PREVIEW_LIMITS, type CsvImportPreview, type ImportCsvInput, importCsvSchema } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { importCsvFile } from './transaction.import';

/*
 * What a dry run of importCsv answers beyond the bank-export shapes: each column's sample, the
 * preview's row and error limits with the full counts beside them, and the user it reads the
 * currency of.
 */

const database = useTestDatabase();

const clock = new ManualClock('2026-05-15T12:00:00Z');

async function preview(input: ImportCsvInput): Promise<CsvImportPreview> {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const answer = await caller.transaction.importCsv({ ...input, dryRun: true });
  if (!('dryRun' in answer)) throw new Error('a dry run imported');
  return answer;
}

describe('importCsv dry run: column samples', () => {
  it('shows each column’s first non-blank cell, trimmed, and at most 40 characters', async () => {
    const forty = '€'.repeat(40);
    const long = `${'x'.repeat(39)}yz`;
    const csv = [
      'Date,Title,Amount,Notes,Extra,Empty',
      '2026-03-01,,12',
      `2026-03-02,  Coffee  ,3,${forty},${long}`,
      '2026-03-03,Tea,2,later,later,',
    ].join('\n');
    const read = await preview({ csv });
    expect(read.columns).toEqual([
      { name: 'Date', field: 'date', sample: '2026-03-01' },
      { name: 'Title', field: 'title', sample: 'Coffee' },
      { name: 'Amount', field: 'amount', sample: '12' },
      { name: 'Notes', field: 'description', sample: forty },
      { name: 'Extra', field: null, sample: `${'x'.repeat(39)}…` },
      { name: 'Empty', field: null, sample: '' },
    ]);
    expect(CSV_PREVIEW_LIMITS.sampleCharacters).toBe(40);
  });

  it('answers a file without a needed column with the missing fields, no rows and no samples', async () => {
    const read = await preview({ csv: 'Date,Title\n2026-03-01,Tea\n' });
    expect(read).toMatchObject({
      missing: ['amount'],
      rowCount: 0,
      validCount: 0,
      errorCount: 0,
      rows: [],
      errors: [],
    });
    expect(read.columns).toEqual([
      { name: 'Date', field: 'date', sample: '' },
      { name: 'Title', field: 'title', sample: '' },
    ]);
  });
});

describe('importCsv dry run: limits', () => {
  it('shows the first 50 valid rows and 200 errors, and counts them all', async () => {
    const valid = Array.from({ length: 52 }, (_, index) => `2026-03-01,Row ${index + 1},1`);
    // Each invalid row has two problems: no title and an amount that is not a number.
    const invalid = Array.from({ length: 120 }, () => '2026-03-01,,x');
    const read = await preview({ csv: ['Date,Title,Amount', ...valid, ...invalid].join('\n') });
    expect(read).toMatchObject({
      dryRun: true,
      importedCount: 0,
      skippedCount: 0,
      rowCount: 172,
      validCount: 52,
      invalidRowCount: 120,
      errorCount: 240,
    });
    expect(read.rows.map((row) => row.title)).toEqual(valid.slice(0, 50).map((_, index) => `Row ${index + 1}`));
    expect(read.errors).toHaveLength(200);
    expect(read.errors[0]).toMatchObject({ row: 54, field: 'amount' });
    expect(read.errors[199]).toMatchObject({ row: 153 });
  });
});

describe('importCsvFile', () => {
  it('refuses a user that does not exist', async () => {
    const input = importCsvSchema.parse({ csv: 'Date,Title,Amount\n2026-03-01,Tea,2', dryRun: true });
    const failure = await importCsvFile({ db: database.db, clock }, randomUUID(), input).then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect([(failure as AppError).code, (failure as AppError).message]).toEqual(['NOT_FOUND', 'User not found']);
  });
});
