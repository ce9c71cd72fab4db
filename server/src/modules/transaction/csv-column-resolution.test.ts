import type { CsvField, CsvMapping } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { locateHeader, missingColumnsError, resolveColumns } from './transaction.csv-columns';

/** The resolved columns as a plain object, fields in name order. */
function columnsOf(header: string[], mapping?: CsvMapping) {
  const { columns, missing } = resolveColumns(header, mapping);
  return { columns: Object.fromEntries([...columns].sort(([a], [b]) => a.localeCompare(b))), missing };
}

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { code: (error as AppError).code, message: (error as AppError).message };
  }
  throw new Error('expected a refusal');
}

describe('resolveColumns', () => {
  it("maps the app's own header exactly", () => {
    expect(columnsOf(['Title', 'Type', 'Amount', 'Category', 'Description', 'Date', 'PaymentMethod'])).toEqual({
      columns: { amount: 2, category: 3, date: 5, description: 4, paymentMethod: 6, title: 0, type: 1 },
      missing: [],
    });
  });

  it('recognises every header name a bank writes, each on its own', () => {
    const names: [string, CsvField][] = [
      ['Title', 'title'],
      ['Payee', 'title'],
      ['Name', 'title'],
      ['Merchant', 'title'],
      ['Empfänger', 'title'],
      ['Zahlungsempfänger', 'title'],
      ['Beguenstigter/Zahlungspflichtiger', 'title'],
      ['Naam/Omschrijving', 'title'],
      ['Naam', 'title'],
      ['Libellé', 'title'],
      ['Description', 'title'],
      ['Details', 'title'],
      ['Amount', 'amount'],
      ['Betrag', 'amount'],
      ['Bedrag', 'amount'],
      ['Bedrag (EUR)', 'amount'],
      ['Montant', 'amount'],
      ['Value', 'amount'],
      ['Sum', 'amount'],
      ['Debit', 'debit'],
      ['Debit Amount', 'debit'],
      ['Money Out', 'debit'],
      ['Paid out', 'debit'],
      ['Soll', 'debit'],
      ['Credit', 'credit'],
      ['Credit Amount', 'credit'],
      ['Money In', 'credit'],
      ['Paid in', 'credit'],
      ['Haben', 'credit'],
      ['Type', 'type'],
      ['Af Bij', 'type'],
      ['Kind', 'type'],
      ['Debit/Credit', 'type'],
      ['Credit Debit Indicator', 'type'],
      ['Category', 'category'],
      ['Kategorie', 'category'],
      ['Catégorie', 'category'],
      ['Date', 'date'],
      ['Transaction Date', 'date'],
      ['Booking date', 'date'],
      ['Buchungstag', 'date'],
      ['Buchungsdatum', 'date'],
      ['Datum', 'date'],
      ['Date opération', 'date'],
      ['Post Date', 'date'],
      ['Value Date', 'date'],
      ['Valuta', 'date'],
      ['Day', 'date'],
      ['Payment method', 'paymentMethod'],
      ['Method', 'paymentMethod'],
      ['Currency', 'currency'],
      ['Currency code', 'currency'],
      ['CCY', 'currency'],
      ['Währung', 'currency'],
      ['Waehrung', 'currency'],
      ['Devise', 'currency'],
      ['Munt', 'currency'],
      ['Divisa', 'currency'],
      ['Moneda', 'currency'],
    ];
    for (const [name, field] of names) {
      expect({ name, columns: columnsOf(['unknown', name]).columns }).toEqual({ name, columns: { [field]: 1 } });
    }
  });

  it('recognises every description name beside a title column', () => {
    for (const name of [
      'Description',
      'Memo',
      'Notes',
      'Note',
      'Verwendungszweck',
      'Mededelingen',
      'Reference',
      'Details',
    ]) {
      expect({ name, columns: columnsOf(['Title', name]).columns }).toEqual({
        name,
        columns: { description: 1, title: 0 },
      });
    }
  });

  it('gives each field the first of its names the file has, and each column one field', () => {
    // "payee" comes before "name" among the title's names, whatever the column order.
    expect(columnsOf(['Name', 'Payee', 'Amount', 'Date']).columns).toEqual({ amount: 2, date: 3, title: 1 });
    // A UK bank's header: the description is the title when there is no title column.
    expect(columnsOf(['Date', 'Description', 'Debit', 'Credit'])).toEqual({
      columns: { credit: 3, date: 0, debit: 2, title: 1 },
      missing: [],
    });
  });

  it('keeps the first of two columns with the same name', () => {
    expect(columnsOf(['Date', 'Title', 'Date', 'Amount']).columns).toEqual({ amount: 3, date: 0, title: 1 });
  });

  it('recognises debit and credit only without an amount, and a type only without either', () => {
    expect(columnsOf(['Date', 'Title', 'Amount', 'Debit', 'Credit', 'Type']).columns).toEqual({
      amount: 2,
      date: 0,
      title: 1,
      type: 5,
    });
    expect(columnsOf(['Date', 'Title', 'Credit', 'Type']).columns).toEqual({ credit: 2, date: 0, title: 1 });
    expect(columnsOf(['Date', 'Title', 'Debit', 'Type']).columns).toEqual({ date: 0, debit: 2, title: 1 });
  });

  it('names the needed fields without a column; debit or credit stand in for the amount', () => {
    expect(columnsOf(['Title']).missing).toEqual(['amount', 'date']);
    expect(columnsOf(['Memo']).missing).toEqual(['title', 'amount', 'date']);
    expect(columnsOf(['Title', 'Date', 'Credit']).missing).toEqual([]);
    expect(columnsOf(['Title', 'Date', 'Debit']).missing).toEqual([]);
    // Debit or credit stand in for the amount only.
    expect(columnsOf(['Credit']).missing).toEqual(['title', 'date']);
  });

  it('takes the mapping first, by normalized name; an ignored column feeds nothing', () => {
    expect(
      columnsOf(['Wer', 'Wieviel', 'Date', 'Memo', 'Title'], { wer: 'title', WIEVIEL: 'amount', Memo: 'ignore' }),
    ).toEqual({
      columns: { amount: 1, date: 2, title: 0 },
      missing: [],
    });
  });

  it('refuses a mapping naming columns the file does not have, naming them all', () => {
    expect(refusal(() => resolveColumns(['Title', 'Amount', 'Date'], { Payee: 'title', Sum: 'amount' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'The file has no column named "Payee", "Sum"',
    });
    // A blank header cell is no column, not even for a blank name.
    expect(refusal(() => resolveColumns(['', 'Amount', 'Date'], { ' ': 'title' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'The file has no column named " "',
    });
  });

  it('refuses a mapping naming one column twice, in another case or with spaces', () => {
    expect(
      refusal(() => resolveColumns(['Date', 'Amount'], { Date: 'title', ' DATE ': 'date', Amount: 'amount' })),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'The mapping names a column again as " DATE "; map each column once',
    });
    expect(refusal(() => resolveColumns(['Amount', 'Date'], { Amount: 'amount', amount: 'ignore' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'The mapping names a column again as "amount"; map each column once',
    });
    // Two header cells of one name are one column too: the mapping reaches the first.
    expect(columnsOf(['Note', 'Amount', 'Note', 'Date'], { note: 'title' }).columns).toEqual({
      amount: 1,
      date: 3,
      title: 0,
    });
  });

  it('refuses a mapping with an amount or a type beside debit or credit', () => {
    const header = ['A', 'B', 'C', 'D'];
    const bothWays = 'Map either an amount column or debit and credit columns, not both';
    const typeToo = 'Map either a type column or debit and credit columns, not both';
    const bad = (message: string) => ({ code: 'BAD_REQUEST', message });
    expect(refusal(() => resolveColumns(header, { A: 'amount', B: 'debit' }))).toEqual(bad(bothWays));
    expect(refusal(() => resolveColumns(header, { A: 'amount', B: 'credit' }))).toEqual(bad(bothWays));
    expect(refusal(() => resolveColumns(header, { A: 'type', B: 'debit' }))).toEqual(bad(typeToo));
    expect(refusal(() => resolveColumns(header, { A: 'type', B: 'credit' }))).toEqual(bad(typeToo));
    expect(columnsOf(header, { A: 'type', B: 'amount' }).columns).toEqual({ amount: 1, type: 0 });
  });
});

describe('missingColumnsError', () => {
  it("names the missing columns as the app's header does, and the header to use", () => {
    const error = missingColumnsError(['title', 'date', 'debit']);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'The file has no column for Title, Date, debit; map one or use the header Title,Type,Amount,Category,Description,Date,PaymentMethod',
    );
  });
});

describe('locateHeader', () => {
  const header = 'Date,Title,Amount';

  it('finds the header below a preamble and blank lines', () => {
    const preamble = 'Account,Main\nIBAN,NL00BANK0123456789\n\n';
    expect(locateHeader(`${preamble}${header}\n2026-01-01,X,1`, 'auto', undefined)).toEqual({
      offset: preamble.length,
      skippedLines: 3,
      separator: ',',
    });
  });

  it('skips lines of empty cells, spaces and quotes', () => {
    const preamble = ',,;;\n \t"" \uFEFF\n';
    expect(locateHeader(`${preamble}${header}`, 'auto', undefined)).toEqual({
      offset: preamble.length,
      skippedLines: 2,
      separator: ',',
    });
  });

  it('uses the separator the header line uses, trying the most used first', () => {
    expect(locateHeader('Datum;Naam;Bedrag\n', 'auto', undefined).separator).toBe(';');
    expect(locateHeader('Datum\tNaam\tBedrag\n', 'auto', undefined).separator).toBe('\t');
    expect(locateHeader('Date,Title;Amount;Note\n', 'auto', undefined)).toEqual({
      offset: 0,
      skippedLines: 0,
      separator: ';',
    });
  });

  it('counts no separator inside quotes, and reads quoted header cells as the parser does', () => {
    // Not a header; its one separator outside quotes is a semicolon.
    expect(locateHeader('"a,b,c,d";x', 'auto', undefined)).toEqual({ offset: 0, skippedLines: 0, separator: ';' });
    expect(locateHeader('"Pay, ee",Amount,Date', 'auto', { 'Pay, ee': 'title' }).offset).toBe(0);
    const quoted = 'Bank,x\n"Say ""hi""",Amount,Date';
    expect(locateHeader(quoted, 'auto', { 'Say "hi"': 'title' })).toEqual({
      offset: 7,
      skippedLines: 1,
      separator: ',',
    });
  });

  it('reads a header starting with a BOM', () => {
    const csv = `\uFEFF${header}\n${header}\n`;
    expect(locateHeader(csv, 'auto', undefined)).toEqual({ offset: 0, skippedLines: 0, separator: ',' });
    // Elsewhere the character is a blank, as in normalizeCsvHeader.
    expect(locateHeader(`${header}\uFEFF\n${header}\n`, 'auto', undefined).skippedLines).toBe(0);
  });

  it('takes the line that names the mapped columns, passing over lines without them', () => {
    const csv = 'Account,Foo\nWer,Wieviel,Date\n';
    expect(locateHeader(csv, 'auto', { Wer: 'title', Wieviel: 'amount' })).toEqual({
      offset: 12,
      skippedLines: 1,
      separator: ',',
    });
  });

  it('falls back to the first line with text, with its most used separator', () => {
    expect(locateHeader('\n\nfoo;bar;baz,qux\nmore\n', 'auto', undefined)).toEqual({
      offset: 2,
      skippedLines: 2,
      separator: ';',
    });
    expect(locateHeader('just text\n', 'auto', undefined)).toEqual({ offset: 0, skippedLines: 0, separator: ',' });
    // A line of empty cells is no text.
    expect(locateHeader(',, ;\nfoo\n', 'auto', undefined)).toEqual({ offset: 5, skippedLines: 1, separator: ',' });
    // Each line is looked at on its own, never two lines as one.
    expect(locateHeader('Date,\nTitle,Amount', 'auto', undefined)).toEqual({
      offset: 0,
      skippedLines: 0,
      separator: ',',
    });
    expect(locateHeader('just text\n', ';', undefined)).toEqual({ offset: 0, skippedLines: 0, separator: ';' });
  });

  it('answers the start, and the separator given or a comma, for a file with no text', () => {
    expect(locateHeader('', 'auto', undefined)).toEqual({ offset: 0, skippedLines: 0, separator: ',' });
    expect(locateHeader('\n\n', '\t', undefined)).toEqual({ offset: 0, skippedLines: 0, separator: '\t' });
  });

  it('uses the separator given, even where another would read a header', () => {
    expect(locateHeader(`x;y\n${header}\nDate;Title;Amount\n`, ';', undefined)).toEqual({
      offset: 22,
      skippedLines: 2,
      separator: ';',
    });
  });

  it('counts CRLF and a lone CR as one line end each', () => {
    expect(locateHeader(`x\r\n${header}`, 'auto', undefined)).toEqual({ offset: 3, skippedLines: 1, separator: ',' });
    expect(locateHeader(`x\r${header}`, 'auto', undefined)).toEqual({ offset: 2, skippedLines: 1, separator: ',' });
    expect(locateHeader(`x\r\n\r\n${header}`, 'auto', undefined)).toEqual({
      offset: 5,
      skippedLines: 2,
      separator: ',',
    });
  });

  it('keeps a quoted line break inside its line', () => {
    const preamble = '"Bank\nstatement",x\n';
    expect(locateHeader(`${preamble}${header}`, 'auto', undefined)).toEqual({
      offset: preamble.length,
      skippedLines: 1,
      separator: ',',
    });
  });

  it('takes a line of 200 cells as a header and not one of 201', () => {
    const wide = (cells: number) => `${header}${','.repeat(cells - 3)}`;
    expect(locateHeader(`x;y\n${wide(200)}`, 'auto', undefined).offset).toBe(4);
    expect(locateHeader(`x;y\n${wide(201)}`, 'auto', undefined)).toEqual({
      offset: 0,
      skippedLines: 0,
      separator: ';',
    });
  });

  it('looks at the first 30 lines only', () => {
    const lines = (count: number) => 'x;y\n'.repeat(count);
    expect(locateHeader(`${lines(29)}${header}`, 'auto', undefined).skippedLines).toBe(29);
    expect(locateHeader(`${lines(29)}${header}\n`, 'auto', undefined).skippedLines).toBe(29);
    for (const end of ['', '\n']) {
      expect(locateHeader(`${lines(30)}${header}${end}`, 'auto', undefined)).toEqual({
        offset: 0,
        skippedLines: 0,
        separator: ';',
      });
    }
  });

  it('looks at the first 64 KB only, but reads a first line that is longer whole', () => {
    const pad = 'a'.repeat(70_000);
    // The header line is cut by the window: not read as a header.
    expect(locateHeader(`x;y\nDate,Title,Amount,${pad}\n`, 'auto', undefined)).toEqual({
      offset: 0,
      skippedLines: 0,
      separator: ';',
    });
    // The header line starts after the window.
    expect(locateHeader(`${'z'.repeat(65_536)}\n${header}\n`, 'auto', undefined)).toEqual({
      offset: 0,
      skippedLines: 0,
      separator: ',',
    });
    // A first line longer than the window is looked at as far as the window goes.
    const longFirst = `Date;Title;${','.repeat(10)}${pad}\n;Amount\n`;
    expect(locateHeader(longFirst, 'auto', undefined)).toEqual({ offset: 0, skippedLines: 0, separator: ',' });
    // A first line longer than the window is still looked at.
    expect(locateHeader(`Date;Title;Amount;${pad}\nrow`, 'auto', undefined)).toEqual({
      offset: 0,
      skippedLines: 0,
      separator: ';',
    });
    // A last line that ends exactly at 64 KB is looked at; one character more and it is cut.
    const filler = (length: number) => 'p'.repeat(length);
    const fits = `${filler(65_536 - header.length - 1)}\n${header}`;
    expect(fits).toHaveLength(65_536);
    expect(locateHeader(fits, 'auto', undefined)).toEqual({
      offset: 65_536 - header.length,
      skippedLines: 1,
      separator: ',',
    });
    expect(locateHeader(`${filler(65_536 - header.length)}\n${header}`, 'auto', undefined)).toEqual({
      offset: 0,
      skippedLines: 0,
      separator: ',',
    });
    // The line break just after the window is not looked at either.
    expect(locateHeader(`${fits}\nmore`, 'auto', undefined)).toEqual({ offset: 0, skippedLines: 0, separator: ',' });
  });
});
