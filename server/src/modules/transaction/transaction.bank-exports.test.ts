import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CsvImportPreview, ImportCsvInput, Transaction } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

/*
 * Real-world export shapes (fixtures/bank-exports, written for these tests after the layouts banks
 * use) read through importCsv exactly as the web's wizard sends them: a dry run with nothing chosen,
 * then the import with the options the preview settled on.
 */

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'bank-exports');
/** The French file is Windows-1252, as French banks write it; the browser decodes it before sending. */
const fixture = (name: string) => readFileSync(path.join(fixtures, name), name.startsWith('fr-') ? 'latin1' : 'utf8');

const database = useTestDatabase();

const clock = new ManualClock('2026-05-15T12:00:00Z');

/** A new account keeping `currency`: a currency column is checked against it. */
async function signedIn(currency = 'USD') {
  const user = await createUser(database.db, { currency });
  const { caller } = await createTestCaller({ database, user, clock });
  return caller;
}

type Caller = Awaited<ReturnType<typeof signedIn>>;

async function preview(caller: Caller, input: ImportCsvInput): Promise<CsvImportPreview> {
  const answer = await caller.transaction.importCsv({ ...input, dryRun: true });
  if (!('dryRun' in answer)) throw new Error('a dry run imported');
  return answer;
}

/** Stored transactions in date order, as [date, title, type, amount, category, description, method]. */
async function stored(caller: Caller) {
  const list = await caller.transaction.list({ sortBy: 'date', sortDir: 'asc', pageSize: 100 });
  return list.items.map((item: Transaction) => [
    item.date,
    item.title,
    item.type,
    item.amount,
    item.category,
    item.description,
    item.paymentMethod,
  ]);
}

describe('importCsv: bank exports', () => {
  it('reads a German giro export: semicolons, DD.MM.YYYY, decimal commas, the sign as the type', async () => {
    const caller = await signedIn('EUR');
    const csv = fixture('de-giro.csv');
    const read = await preview(caller, { csv, defaultPaymentMethod: 'BANK_TRANSFER' });
    expect(read).toMatchObject({
      separator: ';',
      decimal: ',',
      dateFormat: 'DD.MM.YYYY',
      missing: [],
      skippedLines: 0,
    });
    expect(read.columns.map((column) => column.field)).toEqual(['date', 'title', 'description', 'amount', 'currency']);
    expect([read.rowCount, read.validCount, read.errorCount]).toEqual([4, 4, 0]);
    expect(await stored(caller)).toEqual([]);

    await expect(caller.transaction.importCsv({ csv, defaultPaymentMethod: 'BANK_TRANSFER' })).resolves.toEqual({
      importedCount: 4,
      skippedCount: 0,
    });
    expect(await stored(caller)).toEqual([
      ['2026-01-02', 'Bäckerei Müller', 'EXPENSE', 7.45, 'Uncategorized', 'Brötchen und Kaffee', 'BANK_TRANSFER'],
      [
        '2026-01-05',
        'ACME GmbH',
        'INCOME',
        2450,
        'Uncategorized',
        'Gehalt Januar; Abrechnung 01/2026',
        'BANK_TRANSFER',
      ],
      ['2026-01-14', 'Stadtwerke Köln', 'EXPENSE', 86.4, 'Uncategorized', 'Abschlag Strom', 'BANK_TRANSFER'],
      ['2026-01-31', 'Kontoführungsentgelt', 'EXPENSE', 4.95, 'Uncategorized', 'Kontoführungsentgelt', 'BANK_TRANSFER'],
    ]);
  });

  it('reads a UK current account: Debit and Credit columns, DD/MM/YYYY, the balance ignored', async () => {
    const caller = await signedIn();
    const csv = fixture('uk-current.csv');
    const read = await preview(caller, { csv });
    expect(read).toMatchObject({ separator: ',', decimal: '.', dateFormat: 'DD/MM/YYYY' });
    expect(read.columns.map((column) => column.field)).toEqual(['date', 'title', 'debit', 'credit', null]);
    await caller.transaction.importCsv({ csv, defaultPaymentMethod: 'CARD' });
    expect(await stored(caller)).toEqual([
      ['2026-02-03', 'TESCO STORES 2041', 'EXPENSE', 23.18, 'Uncategorized', null, 'CARD'],
      ['2026-02-13', 'SALARY ACME LTD', 'INCOME', 2100, 'Uncategorized', null, 'CARD'],
      ['2026-02-20', 'TFL TRAVEL CH, LONDON', 'EXPENSE', 6.8, 'Uncategorized', null, 'CARD'],
      ['2026-02-28', 'COUNCIL TAX', 'EXPENSE', 142, 'Uncategorized', null, 'CARD'],
    ]);
  });

  it('reads a US card export once its own Type column is ignored, taking the type from the sign', async () => {
    const caller = await signedIn();
    const csv = fixture('us-card.csv');
    const first = await preview(caller, { csv });
    expect(first).toMatchObject({ dateFormat: 'MM/DD/YYYY', decimal: '.', validCount: 0, invalidRowCount: 4 });
    expect(first.errors[0]).toEqual({
      row: 2,
      field: 'type',
      message:
        '"Sale" is not a type: use INCOME or EXPENSE (or Credit/Debit), or ignore the column to take the type from the amount\'s sign',
    });
    await expect(caller.transaction.importCsv({ csv })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const options = { csv, mapping: { Type: 'ignore' as const }, defaultPaymentMethod: 'CARD' as const };
    const second = await preview(caller, options);
    expect([second.validCount, second.errorCount]).toEqual([4, 0]);
    expect(second.columns.find((column) => column.name === 'Type')?.field).toBeNull();
    await caller.transaction.importCsv(options);
    expect(await stored(caller)).toEqual([
      ['2026-01-15', 'STARBUCKS STORE 1234', 'EXPENSE', 5.75, 'Food & Drink', null, 'CARD'],
      ['2026-01-18', 'AMAZON.COM', 'EXPENSE', 1204.99, 'Shopping', null, 'CARD'],
      ['2026-01-22', 'AMAZON.COM REFUND', 'INCOME', 24.99, 'Shopping', null, 'CARD'],
      ['2026-01-28', 'Payment Thank You-Mobile', 'INCOME', 500, 'Uncategorized', null, 'CARD'],
    ]);
  });

  it('reads a Dutch export: quoted cells, YYYYMMDD, Af/Bij for the direction', async () => {
    const caller = await signedIn();
    const csv = fixture('nl-ing.csv');
    const read = await preview(caller, { csv });
    expect(read).toMatchObject({ separator: ',', decimal: ',', dateFormat: 'YYYYMMDD', validCount: 3 });
    await caller.transaction.importCsv({ csv, defaultPaymentMethod: 'BANK_TRANSFER' });
    expect(await stored(caller)).toEqual([
      [
        '2026-03-03',
        'Albert Heijn 1308',
        'EXPENSE',
        12.37,
        'Uncategorized',
        'Pasvolgnr: 001 03-03-2026',
        'BANK_TRANSFER',
      ],
      ['2026-03-05', 'Werkgever B.V.', 'INCOME', 2875, 'Uncategorized', 'Salaris maart', 'BANK_TRANSFER'],
      ['2026-03-10', 'NS Reizigers', 'EXPENSE', 4.5, 'Uncategorized', 'OV-chipkaart', 'BANK_TRANSFER'],
    ]);
  });

  it('reads a French export: Débit and Crédit, a space as the thousands separator', async () => {
    const caller = await signedIn();
    const csv = fixture('fr-banque.csv');
    const read = await preview(caller, { csv });
    expect(read).toMatchObject({ separator: ';', decimal: ',', dateFormat: 'DD/MM/YYYY', validCount: 4 });
    expect(read.columns).toEqual([
      { name: 'Date', field: 'date', sample: '04/03/2026' },
      { name: 'Libellé', field: 'title', sample: 'CB CARREFOUR MARKET' },
      { name: 'Débit', field: 'debit', sample: '-54,20' },
      { name: 'Crédit', field: 'credit', sample: '3 150,00' },
    ]);
    await caller.transaction.importCsv({ csv, defaultPaymentMethod: 'OTHER' });
    expect(await stored(caller)).toEqual([
      ['2026-03-04', 'CB CARREFOUR MARKET', 'EXPENSE', 54.2, 'Uncategorized', null, 'OTHER'],
      ['2026-03-10', 'VIR SALAIRE MARS', 'INCOME', 3150, 'Uncategorized', null, 'OTHER'],
      ['2026-03-15', 'PRLV SEPA EDF', 'EXPENSE', 78, 'Uncategorized', null, 'OTHER'],
      ['2026-03-21', 'CB BOULANGERIE PAUL 21/03', 'EXPENSE', 3.1, 'Uncategorized', null, 'OTHER'],
    ]);
  });

  it("re-imports the app's own export identically: exporting again gives the same bytes", async () => {
    const caller = await signedIn();
    const csv = fixture('app-export.csv');
    const read = await preview(caller, { csv });
    expect(read.rows.map((row) => [row.title, row.category, row.description])).toEqual([
      ['=SUM(A1:A3)', '@home', '-5 off'],
      ['Dinner, with "friends"', 'Café ☕', 'Line one\r\nline two'],
      ['+44 call abroad', 'Phone', null],
      ['Salary', 'Work', 'April'],
      ["'quoted", 'Gifts', null],
    ]);
    await caller.transaction.importCsv({ csv });
    expect(await caller.transaction.exportCsv({})).toBe(csv);
  });
});

describe('importCsv: lines above the header', () => {
  it('skips a savings bank preamble (holder, IBAN, period, balance, a blank line) and numbers rows as in the file', async () => {
    const caller = await signedIn('EUR');
    const csv = fixture('de-sparkasse-preamble.csv');
    const read = await preview(caller, { csv });
    expect(read).toMatchObject({
      separator: ';',
      decimal: ',',
      dateFormat: 'DD.MM.YYYY',
      missing: [],
      skippedLines: 5,
    });
    expect(read.columns.map((column) => [column.name, column.field])).toEqual([
      ['Auftragskonto', null],
      ['Buchungstag', 'date'],
      ['Valutadatum', null],
      ['Buchungstext', null],
      ['Verwendungszweck', 'description'],
      ['Beguenstigter/Zahlungspflichtiger', 'title'],
      ['Kontonummer/IBAN', null],
      ['Betrag', 'amount'],
      ['Waehrung', 'currency'],
    ]);
    // The header is the file's sixth line, so its first transaction is row 7, as a spreadsheet shows it.
    expect(read.rows.map((row) => [row.row, row.title])).toEqual([
      [7, 'REWE Markt GmbH'],
      [8, 'Muster AG'],
      [9, 'Hausverwaltung Schmidt'],
      [10, 'Kontoführung März'],
    ]);
    await caller.transaction.importCsv({ csv, defaultPaymentMethod: 'BANK_TRANSFER' });
    expect(await stored(caller)).toEqual([
      ['2026-03-02', 'REWE Markt GmbH', 'EXPENSE', 42.17, 'Uncategorized', 'REWE SAGT DANKE 4711', 'BANK_TRANSFER'],
      ['2026-03-03', 'Muster AG', 'INCOME', 2850, 'Uncategorized', 'Gehalt März 2026', 'BANK_TRANSFER'],
      ['2026-03-10', 'Hausverwaltung Schmidt', 'EXPENSE', 890, 'Uncategorized', 'Miete März', 'BANK_TRANSFER'],
      ['2026-03-31', 'Kontoführung März', 'EXPENSE', 5.9, 'Uncategorized', 'Kontoführung März', 'BANK_TRANSFER'],
    ]);
  });

  it('skips a title line and a blank line above a UK header', async () => {
    const caller = await signedIn('GBP');
    const csv = fixture('uk-title-line.csv');
    const read = await preview(caller, { csv });
    expect(read).toMatchObject({ separator: ',', decimal: '.', dateFormat: 'DD/MM/YYYY', skippedLines: 2 });
    expect(read.columns.map((column) => column.field)).toEqual(['date', null, 'title', 'debit', 'credit', null]);
    await caller.transaction.importCsv({ csv, defaultPaymentMethod: 'CARD' });
    expect(await stored(caller)).toEqual([
      ['2026-04-02', 'SAINSBURYS S/MKTS', 'EXPENSE', 34.2, 'Uncategorized', null, 'CARD'],
      ['2026-04-07', 'ACME LTD SALARY', 'INCOME', 2450, 'Uncategorized', null, 'CARD'],
      ['2026-04-15', 'THAMES WATER', 'EXPENSE', 38.5, 'Uncategorized', null, 'CARD'],
    ]);
  });

  it('reports row errors with the numbers of the file, preamble included', async () => {
    const caller = await signedIn('EUR');
    const csv = fixture('de-sparkasse-preamble.csv').replace('"-890,00"', '"minus 890"');
    const read = await preview(caller, { csv });
    expect(read.errors).toEqual([{ row: 9, field: 'amount', message: expect.any(String) }]);
    await expect(caller.transaction.importCsv({ csv })).rejects.toMatchObject({
      message: expect.stringContaining('Row 9, amount'),
    });
  });
});

describe('importCsv: the currency column', () => {
  it('refuses a row in another currency with a row error, never taking it as the account currency', async () => {
    const caller = await signedIn('EUR');
    const csv = fixture('eu-card-currencies.csv');
    const read = await preview(caller, { csv });
    expect(read.columns.map((column) => column.field)).toEqual(['date', 'title', 'amount', 'currency', null]);
    expect([read.rowCount, read.validCount, read.invalidRowCount]).toEqual([4, 3, 1]);
    expect(read.errors).toEqual([
      {
        row: 3,
        field: 'currency',
        message: 'The row is in USD, not in your currency (EUR); leave it out or enter it converted',
      },
    ]);
    await expect(caller.transaction.importCsv({ csv })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Row 3, currency: The row is in USD'),
    });
    expect(await stored(caller)).toEqual([]);

    // Without the foreign row the rest goes in; nothing was converted.
    await caller.transaction.importCsv({ csv: csv.replace(/^2026-04-05.*\n/m, ''), defaultPaymentMethod: 'CARD' });
    expect((await stored(caller)).map((row) => [row[1], row[3]])).toEqual([
      ['Spotify', 10.99],
      ['Salary', 2100],
      ['Bakery', 4.2],
    ]);
  });

  it('refuses a whole file whose every row is in another currency, previewed or imported', async () => {
    const caller = await signedIn('USD');
    const csv = fixture('de-sparkasse-preamble.csv');
    const refusal = {
      code: 'BAD_REQUEST',
      message:
        'Every row of the file is in EUR, not in your currency (USD); amounts are never converted, so nothing can be imported',
    };
    await expect(preview(caller, { csv })).rejects.toMatchObject(refusal);
    await expect(caller.transaction.importCsv({ csv })).rejects.toMatchObject(refusal);
    expect(await stored(caller)).toEqual([]);
  });

  it('takes a blank currency cell, a lower-case code or the € sign as the account currency, and nothing else', async () => {
    const caller = await signedIn('EUR');
    const csv = [
      'Date,Payee,Amount,Currency',
      '2026-04-01,Blank,-1.00,',
      '2026-04-02,Lower,-2.00,eur',
      '2026-04-03,Sign,-3.00,€',
      '2026-04-04,Word,-4.00,Euro',
      '2026-04-05,Pound,-5.00,£',
    ].join('\n');
    const read = await preview(caller, { csv });
    expect(read.rows.map((row) => row.title)).toEqual(['Blank', 'Lower', 'Sign']);
    expect(read.errors).toEqual([
      { row: 5, field: 'currency', message: '"Euro" is not a currency code like EUR' },
      {
        row: 6,
        field: 'currency',
        message: 'The row is in GBP, not in your currency (EUR); leave it out or enter it converted',
      },
    ]);
  });

  it('reads no currency once the person sets the column to be ignored', async () => {
    const caller = await signedIn('EUR');
    const csv = fixture('eu-card-currencies.csv');
    const read = await preview(caller, { csv, mapping: { Currency: 'ignore' } });
    expect([read.validCount, read.errorCount]).toEqual([4, 0]);
  });
});

describe('importCsv: options and refusals', () => {
  it('lets the separator be chosen: a semicolon file read with commas is one column', async () => {
    const caller = await signedIn();
    const csv = fixture('de-giro.csv');
    const read = await preview(caller, { csv, separator: ',' });
    expect(read.separator).toBe(',');
    expect(read.columns).toHaveLength(1);
    expect(read.missing).toEqual(['title', 'amount', 'date']);
    expect(read.rowCount).toBe(0);
    await expect(caller.transaction.importCsv({ csv, separator: ',' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('no column for Title, Amount, Date'),
    });
  });

  it('never takes an amount the file leaves open: 1.234 among whole numbers asks for the decimal separator', async () => {
    const caller = await signedIn();
    const csv = 'Date,Payee,Amount\n2026-01-02,Rent,-950\n2026-01-03,Laptop,-1.234\n';
    const read = await preview(caller, { csv });
    expect(read).toMatchObject({ decimal: null, validCount: 1, invalidRowCount: 1 });
    expect(read.errors).toEqual([
      {
        row: 3,
        field: 'amount',
        message:
          '"-1.234" is no amount with a decimal point and -1234.00 with a decimal comma; choose the decimal separator',
      },
    ]);
    const chosen = await preview(caller, { csv, decimal: ',' });
    expect(chosen.rows.map((row) => row.amount)).toEqual([950, 1234]);
  });

  it('reads 7,45 as 7.45 once the file shows decimal commas, never as 745', async () => {
    const caller = await signedIn();
    const csv = 'Date;Payee;Amount\n2026-01-02;Coffee;-7,45\n2026-01-03;Refund;12\n';
    const read = await preview(caller, { csv });
    expect(read.rows.map((row) => [row.title, row.type, row.amount])).toEqual([
      ['Coffee', 'EXPENSE', 7.45],
      ['Refund', 'INCOME', 12],
    ]);
  });

  it('refuses dates that read differently in two formats until one is chosen', async () => {
    const caller = await signedIn();
    const csv = 'Date,Payee,Amount\n01/02/2026,Rent,-950\n03/04/2026,Rent,-950\n';
    await expect(preview(caller, { csv })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Dates like "01/02/2026" could be DD/MM/YYYY or MM/DD/YYYY: choose the date format',
    });
    const read = await preview(caller, { csv, dateFormat: 'MM/DD/YYYY' });
    expect(read.rows.map((row) => row.date)).toEqual(['2026-01-02', '2026-03-04']);
  });

  it('refuses a row with both a debit and a credit, and a negative INCOME', async () => {
    const caller = await signedIn();
    const both = await preview(caller, { csv: 'Date,Description,Debit,Credit\n2026-01-02,Odd,1.00,2.00\n' });
    expect(both.errors).toEqual([{ row: 2, field: 'amount', message: 'The row has both a debit and a credit' }]);
    const negative = await preview(caller, { csv: 'Date,Title,Type,Amount\n2026-01-02,Odd,INCOME,-5\n' });
    expect(negative.errors).toEqual([{ row: 2, field: 'amount', message: 'A negative amount cannot be INCOME' }]);
  });

  it('bounds the rows and errors a dry run sends back, and counts them all', async () => {
    const caller = await signedIn();
    const lines = Array.from({ length: 500 }, (_, index) => `2026-01-02,Item ${index},${index % 2 ? 'x' : '-1.50'}`);
    const read = await preview(caller, { csv: ['Date,Payee,Amount', ...lines].join('\n') });
    expect([read.rowCount, read.validCount, read.errorCount]).toEqual([500, 250, 250]);
    expect([read.rows.length, read.errors.length]).toEqual([50, 200]);
  });
});
