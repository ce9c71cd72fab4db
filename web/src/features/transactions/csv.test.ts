import { describe, expect, it } from 'vitest';
import { guessMapping, normalizeDate, parseCsv, previewImport } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    const rows = parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\n');
    expect(rows).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('drops a byte-order mark, reads CRLF and skips blank lines', () => {
    expect(parseCsv('\uFEFFTitle,Amount\r\nRent,10\r\n\r\n')).toEqual([
      ['Title', 'Amount'],
      ['Rent', '10'],
    ]);
  });
});

describe('guessMapping', () => {
  it('maps the export header exactly, case-insensitively', () => {
    const mapping = guessMapping(['title', 'TYPE', 'Amount', 'Category', 'Description', 'Date', 'PaymentMethod']);
    expect(mapping).toEqual({ title: 0, type: 1, amount: 2, category: 3, description: 4, date: 5, paymentMethod: 6 });
  });

  it('leaves a missing column unmapped', () => {
    expect(guessMapping(['Title', 'Amount']).date).toBe(-1);
  });
});

describe('normalizeDate', () => {
  it('reads each supported format', () => {
    expect(normalizeDate('2026-03-04', 'YYYY-MM-DD')).toBe('2026-03-04');
    expect(normalizeDate('4/3/2026', 'DD/MM/YYYY')).toBe('2026-03-04');
    expect(normalizeDate('3/4/2026', 'MM/DD/YYYY')).toBe('2026-03-04');
    expect(normalizeDate('04.03.2026', 'DD.MM.YYYY')).toBe('2026-03-04');
  });
});

describe('previewImport', () => {
  const header = ['Title', 'Type', 'Amount', 'Category', 'Description', 'Date', 'PaymentMethod'];
  const mapping = guessMapping(header);

  it('accepts valid rows with the shared row schema', () => {
    const preview = previewImport(
      [['Rent', 'expense', '1,200.50', 'Housing', '', '2026-03-01', 'bank transfer']],
      mapping,
      'YYYY-MM-DD',
    );
    expect(preview.valid).toEqual([
      {
        title: 'Rent',
        type: 'EXPENSE',
        amount: 1200.5,
        category: 'Housing',
        description: null,
        date: '2026-03-01',
        paymentMethod: 'BANK_TRANSFER',
      },
    ]);
    expect(preview.problems).toEqual([]);
  });

  it("reads amount cells in the person's locale with the shared amount parser", () => {
    const preview = previewImport(
      [
        ['Rent', 'EXPENSE', '1.450,00', 'Housing', '', '2026-03-01', ''],
        ['Lunch', 'EXPENSE', '86,40', 'Food', '', '2026-03-02', ''],
        ['Odd', 'EXPENSE', '1,450', 'Food', '', '2026-03-02', ''],
      ],
      mapping,
      'YYYY-MM-DD',
      'de-DE',
    );
    expect(preview.valid.map((row) => row.amount)).toEqual([1450, 86.4]);
    expect(preview.problems).toEqual([
      { row: 4, field: 'amount', message: '"1,450" could be 1,45 or 1.450; write 1,45 or 1450' },
    ]);
  });

  it('reports each bad row by its spreadsheet row number', () => {
    const preview = previewImport(
      [
        ['Ok', 'INCOME', '5', 'Pay', '', '2026-03-01', ''],
        ['Bad', 'INCOME', '5.123', 'Pay', '', '2026-02-30', ''],
      ],
      mapping,
      'YYYY-MM-DD',
      'en-US',
    );
    expect(preview.valid).toHaveLength(1);
    expect(preview.invalidRows).toBe(1);
    expect(preview.problems).toEqual([
      {
        row: 3,
        field: 'amount',
        message: '"5.123" could be 5,123, but an amount has at most 2 decimals; write 5123 for 5,123',
      },
      { row: 3, field: 'date', message: 'Date does not exist' },
    ]);
  });
});
