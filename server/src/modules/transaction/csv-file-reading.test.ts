import { TRANSACTION_LIMITS } from '@finailytics/shared';
import { CsvError } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import {
  CSV_MAX_RECORDS,
  type CsvReadProgress,
  csvHeaderLine,
  csvRecordLines,
  formatCents,
  readCsvImport,
} from './transaction.csv';
import type { TransactionRow } from './transaction.mapper';

/** The message of the AppError a read is refused with (the test fails on any other outcome). */
async function refusal(read: Promise<unknown>): Promise<string> {
  const error = await read.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: 'BAD_REQUEST' });
  return (error as AppError).message;
}

const header = 'Title,Amount,Date';

describe('formatCents', () => {
  it('writes whole units and two places of cents', () => {
    expect(formatCents(123_456)).toBe('1234.56');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(100)).toBe('1.00');
    expect(formatCents(-250)).toBe('-2.50');
    expect(formatCents(-1_07)).toBe('-1.07');
  });
});

describe('the export lines', () => {
  it('opens with a BOM and the header, the account last, and a CRLF', () => {
    expect(csvHeaderLine()).toBe('\uFEFFTitle,Type,Amount,Category,Description,Date,PaymentMethod,Account\r\n');
  });

  it('writes one CRLF-ended line per row in the import order, formulas defused, the account by name', () => {
    const row = (overrides: Partial<TransactionRow>) =>
      ({
        title: 'Coffee',
        type: 'EXPENSE',
        amountCents: 320,
        category: 'Food',
        description: null,
        date: '2026-03-01',
        paymentMethod: 'CARD',
        accountId: 'a1',
        ...overrides,
      }) as TransactionRow;
    const names = new Map([['a1', '=Main']]);
    expect(
      csvRecordLines(
        [
          row({}),
          row({ title: '+Fee', category: '@x', description: '-note', amountCents: 1_000_00, accountId: 'gone' }),
        ],
        names,
      ),
    ).toBe("Coffee,EXPENSE,3.20,Food,,2026-03-01,CARD,'=Main\r\n'+Fee,EXPENSE,1000.00,'@x,'-note,2026-03-01,CARD,\r\n");
    expect(csvRecordLines([], names)).toBe('');
  });
});

describe('readCsvImport', () => {
  it('reads a plain file: separator, header, detected date format and decimal, samples, defaults', async () => {
    const csv = [
      'Statement of account',
      'Title;Amount;Date;Method',
      'Coffee;-3,20;01.03.2026;',
      '',
      'Tea;1.234,50;2.3.2026;card',
      'Bun;-0,80;03.03.2026',
    ].join('\r\n');
    const read = await readCsvImport(csv);
    expect(read.separator).toBe(';');
    expect(read.skippedLines).toBe(1);
    expect(read.header).toEqual(['Title', 'Amount', 'Date', 'Method']);
    expect(read.missing).toEqual([]);
    expect(read.decimal).toBe(',');
    expect(read.dateFormat).toBe('DD.MM.YYYY');
    expect(read.candidates.map((candidate) => candidate.row)).toEqual([3, 5, 6]);
    expect(read.candidates.map((candidate) => candidate.values)).toEqual([
      expect.objectContaining({ title: 'Coffee', amount: 3.2, date: '2026-03-01', paymentMethod: 'CASH' }),
      expect.objectContaining({ title: 'Tea', amount: 1234.5, date: '2026-03-02', paymentMethod: 'CARD' }),
      expect.objectContaining({ title: 'Bun', amount: 0.8, date: '2026-03-03', paymentMethod: 'CASH' }),
    ]);
    expect(read.candidates.every((candidate) => candidate.errors.length === 0)).toBe(true);
    expect(read.samples).toEqual([
      ['Coffee', '-3,20', '01.03.2026', ''],
      ['Tea', '1.234,50', '2.3.2026', 'card'],
      ['Bun', '-0,80', '03.03.2026'],
    ]);
  });

  it('takes the settings given over what it would detect', async () => {
    const csv = `${header},Method\nCoffee,"1,500",03/01/2026,\n`;
    const read = await readCsvImport(csv, { dateFormat: 'MM/DD/YYYY', decimal: '.', defaultPaymentMethod: 'OTHER' });
    expect(read.dateFormat).toBe('MM/DD/YYYY');
    expect(read.decimal).toBe('.');
    expect(read.candidates[0]?.values).toMatchObject({ amount: 1500, date: '2026-03-01', paymentMethod: 'OTHER' });
    expect(await refusal(readCsvImport(csv))).toContain('choose the date format');
    // "1,500" could be either: detected, no separator is settled and the cell asks for one.
    const detected = await readCsvImport(csv, { decimal: 'auto', dateFormat: 'DD/MM/YYYY' });
    expect(detected.decimal).toBeNull();
    expect(detected.candidates[0]?.values).toMatchObject({ date: '2026-01-03', paymentMethod: 'CASH' });
    expect(detected.candidates[0]?.errors).toEqual([
      expect.objectContaining({ field: 'amount', message: expect.stringContaining('choose the decimal separator') }),
    ]);
  });

  it('detects the decimal from debit and credit columns, and skips blank cells when detecting', async () => {
    const csv = ['Title,Debit,Credit,Date', 'Rent,"1.200,00",,31/01/2026', 'Pay,,"2.500,50",', ',,,'].join('\n');
    const read = await readCsvImport(csv);
    expect(read.decimal).toBe(',');
    expect(read.dateFormat).toBe('DD/MM/YYYY');
    expect(read.candidates.map((candidate) => candidate.values.amount)).toEqual([1200, 2500.5]);
  });

  it('detects the decimal from a debit column alone, and from a credit column alone', async () => {
    const debits = await readCsvImport(['Title,Debit,Credit,Date', 'Rent,"1.200,00",,2026-01-31'].join('\n'));
    expect(debits.decimal).toBe(',');
    const credits = await readCsvImport(['Title,Debit,Credit,Date', 'Pay,,"2.500,50",2026-01-31'].join('\n'));
    expect(credits.decimal).toBe(',');
  });

  it('reads past a byte order mark before the header', async () => {
    const read = await readCsvImport('\uFEFFTitle,Amount,Date\r\nCoffee,1,2026-03-01\r\n');
    expect(read.header).toEqual(['Title', 'Amount', 'Date']);
    expect(read.candidates[0]?.values).toMatchObject({ title: 'Coffee', amount: 1 });
  });

  it('takes a header with an empty cell, and refuses a file whose every line is empty cells', async () => {
    const read = await readCsvImport('Title,,Amount,Date\nCoffee,,1,2026-03-01\n');
    expect(read.header).toEqual(['Title', '', 'Amount', 'Date']);
    expect(read.candidates).toHaveLength(1);
    expect(await refusal(readCsvImport(',,\n'))).toBe('The file has no header row');
    expect(await refusal(readCsvImport(' ; \n\n', { separator: ';' }))).toBe('The file has no header row');
  });

  it('reads a cell past the end of a short record as empty when detecting', async () => {
    const read = await readCsvImport(['Title,Date,Amount', 'Coffee,2026-03-01', 'Tea,2026-03-02,"1,5"'].join('\n'));
    expect(read.decimal).toBe(',');
    expect(read.candidates[1]?.values.amount).toBe(1.5);
  });

  it('previews a file lacking a needed column by its header alone, when asked', async () => {
    const csv = `Title,Amount\nCoffee,1\n`;
    const preview = await readCsvImport(csv, { requireColumns: false });
    expect(preview).toMatchObject({
      separator: ',',
      skippedLines: 0,
      header: ['Title', 'Amount'],
      missing: ['date'],
      decimal: null,
      dateFormat: 'YYYY-MM-DD',
      candidates: [],
      samples: [],
    });
    expect(preview.columns.get('amount')).toBe(1);
    const given = await readCsvImport(csv, { requireColumns: false, dateFormat: 'DD/MM/YYYY', decimal: ',' });
    expect(given.dateFormat).toBe('DD/MM/YYYY');
    // The decimal separator is only settled once the file can be read.
    expect(given.decimal).toBeNull();
    // Its header alone is enough: no "no transactions" for a file with none.
    expect((await readCsvImport('Title,Amount\n', { requireColumns: false })).missing).toEqual(['date']);
    expect(await refusal(readCsvImport(csv))).toContain('no column for Date');
    expect(await refusal(readCsvImport(csv, { requireColumns: true }))).toContain('no column for Date');
  });

  it('keeps the cells of the first five records as samples', async () => {
    const rows = Array.from({ length: 7 }, (_, index) => `Item ${index},1,2026-03-0${index + 1}`);
    const read = await readCsvImport([header, ...rows].join('\n'));
    expect(read.samples.map((cells) => cells[0])).toEqual(['Item 0', 'Item 1', 'Item 2', 'Item 3', 'Item 4']);
    expect(read.candidates).toHaveLength(7);
  });

  it('refuses a file with no header, no rows or no valid CSV', async () => {
    expect(await refusal(readCsvImport(''))).toBe('The file has no header row');
    expect(await refusal(readCsvImport(`${header}\r\n`))).toBe('The file has no transactions');
    expect(await refusal(readCsvImport(`${header}\n\n \n`))).toBe('The file has no transactions');
    expect(await refusal(readCsvImport(`${header}\n"unclosed,1,2026-03-01\n`))).toMatch(
      /^The file is not valid CSV: Quote Not Closed/,
    );
    const invalid = await readCsvImport(`${header}\n"unclosed,1,2026-03-01\n`).catch((error: unknown) => error);
    expect((invalid as AppError).cause).toBeInstanceOf(CsvError);
  });

  it('counts what it read: every character of a small file and every record', async () => {
    const csv = `${header}\nCoffee,1,2026-03-01\n\nTea,2,2026-03-02`;
    const progress: CsvReadProgress = { charactersRead: 0, records: 0 };
    await readCsvImport(csv, {}, progress);
    expect(progress).toEqual({ charactersRead: csv.length, records: 4 });
    const long = `${header}\n${'Coffee,1,2026-03-01\n'.repeat(1000)}`;
    const longProgress: CsvReadProgress = { charactersRead: 0, records: 0 };
    const read = await readCsvImport(long, {}, longProgress);
    expect(longProgress).toEqual({ charactersRead: long.length, records: 1001 });
    expect(read.candidates).toHaveLength(1000);
    expect(read.candidates.at(-1)?.row).toBe(1001);
  });

  it('takes exactly the records and rows the limits allow, and refuses one more', async () => {
    const most = TRANSACTION_LIMITS.importRowsMax;
    const rows = 'a,1,2026-03-01\n'.repeat(most);
    const blanks = '\n'.repeat(CSV_MAX_RECORDS - 1 - most);
    const full = await readCsvImport(`${header}\n${rows}${blanks}`);
    expect(full.candidates).toHaveLength(most);
    expect(await refusal(readCsvImport(`${header}\n${rows}${blanks}\n`))).toBe(
      'The file has more than 20,000 rows, blank ones included; at most 10,000 transactions can be imported at once',
    );
    expect(await refusal(readCsvImport(`${header}\n${rows}a,1,2026-03-01\n`))).toBe(
      'The file has more than 10,000 transactions; at most 10,000 can be imported at once',
    );
  });
});

describe('readCsvImport: the currency column', () => {
  const inCurrencies = (...codes: string[]) =>
    ['Title,Amount,Date,Currency', ...codes.map((code, index) => `Item ${index},1,2026-03-01,${code}`)].join('\n');

  it('refuses a file whose every row is in another currency, naming at most three', async () => {
    expect(await refusal(readCsvImport(inCurrencies('EUR', 'EUR'), { currency: 'USD' }))).toBe(
      'Every row of the file is in EUR, not in your currency (USD); amounts are never converted, so nothing can be imported',
    );
    expect(await refusal(readCsvImport(inCurrencies('EUR', 'GBP', 'CHF'), { currency: 'USD' }))).toContain(
      'is in EUR, GBP, CHF, not in',
    );
    expect(await refusal(readCsvImport(inCurrencies('EUR', 'GBP', 'CHF', 'JPY'), { currency: 'USD' }))).toContain(
      'is in EUR, GBP, CHF and others, not in',
    );
  });

  it('leaves a file with one row in the account currency, or one not checked, to the row errors', async () => {
    const mixed = await readCsvImport(inCurrencies('EUR', 'USD', 'EUR'), { currency: 'USD' });
    expect(mixed.candidates.map((candidate) => candidate.foreignCurrency)).toEqual(['EUR', undefined, 'EUR']);
    const first = await readCsvImport(inCurrencies('USD', 'EUR'), { currency: 'USD' });
    expect(first.candidates.map((candidate) => candidate.errors.length)).toEqual([0, 1]);
    const unchecked = await readCsvImport(inCurrencies('EUR'));
    expect(unchecked.candidates[0]?.errors).toEqual([]);
  });
});
