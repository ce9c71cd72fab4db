import type { CsvField } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { type RowRules, readRecord } from './transaction.csv-rows';

const FIELDS: CsvField[] = [
  'title',
  'amount',
  'date',
  'description',
  'category',
  'paymentMethod',
  'type',
  'debit',
  'credit',
  'currency',
];

/**
 * Reads one record whose cells are given by field; only the fields named get a column (in the
 * order given), as a file without the other columns would.
 */
function read(cells: Partial<Record<CsvField, string>>, rules: Partial<RowRules> = {}) {
  const named = FIELDS.filter((field) => field in cells);
  const columns = new Map(named.map((field, index) => [field, index]));
  return readRecord(
    { row: 7, cells: named.map((field) => cells[field] ?? '') },
    {
      columns,
      dateFormat: 'YYYY-MM-DD',
      decimal: null,
      defaultPaymentMethod: 'CARD',
      currency: null,
      ...rules,
    },
  );
}

const basic = { title: 'Coffee', amount: '-3.20', date: '2026-03-01' };

describe('readRecord', () => {
  it('reads a plain row, with the defaults for what the file leaves out', () => {
    expect(read(basic)).toStrictEqual({
      row: 7,
      values: {
        description: null,
        title: 'Coffee',
        category: 'Uncategorized',
        paymentMethod: 'CARD',
        date: '2026-03-01',
        amount: 3.2,
        type: 'EXPENSE',
      },
      errors: [],
      covered: [],
    });
  });

  it('reads a column the record is too short for as an empty cell', () => {
    const result = readRecord(
      { row: 3, cells: ['Coffee', '-3.20', '2026-03-01'] },
      {
        columns: new Map<CsvField, number>([
          ['title', 0],
          ['amount', 1],
          ['date', 2],
          ['category', 9],
        ]),
        dateFormat: 'YYYY-MM-DD',
        decimal: '.',
        defaultPaymentMethod: 'CASH',
        currency: null,
      },
    );
    expect(result.values).toMatchObject({ category: 'Uncategorized', paymentMethod: 'CASH', amount: 3.2 });
    expect(result.errors).toEqual([]);
  });

  it('removes the formula escape from text cells and keeps their spaces', () => {
    const result = read({ ...basic, title: "'=Shop ", description: "'+note", category: "'@Food" });
    expect(result.values).toMatchObject({ title: '=Shop ', description: '+note', category: '@Food' });
  });

  it('takes a blank description as none, and a blank category as Uncategorized', () => {
    expect(read({ ...basic, description: '  ', category: ' ' }).values).toMatchObject({
      description: null,
      category: 'Uncategorized',
    });
  });

  it('titles a row without a payee by its description, trimmed', () => {
    expect(read({ ...basic, title: ' ', description: ' Bank fee ' }).values).toMatchObject({
      title: 'Bank fee',
      description: ' Bank fee ',
    });
    // Nothing to take it from: the blank title stays, for the schema to refuse.
    expect(read({ ...basic, title: ' ', description: ' ' }).values.title).toBe(' ');
    expect(read({ ...basic, title: 'Shop', description: 'Bank fee' }).values.title).toBe('Shop');
  });

  it('cuts a description taken as the title to 255 UTF-16 units, never inside a character', () => {
    const exact = 'a'.repeat(255);
    expect(read({ ...basic, title: '', description: exact }).values.title).toBe(exact);
    expect(read({ ...basic, title: '', description: `${exact}b` }).values.title).toBe(exact);
    // The emoji takes units 255 and 256: it does not fit, and is not split.
    const emoji = `${'a'.repeat(254)}😀z`;
    expect(read({ ...basic, title: '', description: emoji }).values.title).toBe('a'.repeat(254));
    const fits = `${'a'.repeat(253)}😀z`;
    expect(read({ ...basic, title: '', description: fits }).values.title).toBe(`${'a'.repeat(253)}😀`);
  });

  it('reads a payment method in any case, with spaces or hyphens for underscores', () => {
    expect(read({ ...basic, paymentMethod: ' bank transfer ' }).values.paymentMethod).toBe('BANK_TRANSFER');
    expect(read({ ...basic, paymentMethod: 'Mobile - payment' }).values.paymentMethod).toBe('MOBILE_PAYMENT');
    expect(read({ ...basic, paymentMethod: 'auto-debit' }).values.paymentMethod).toBe('AUTO_DEBIT');
    expect(read({ ...basic, paymentMethod: '  ' }).values.paymentMethod).toBe('CARD');
  });

  it('reads the date in the format given, and says what is wrong with one it cannot read', () => {
    expect(read({ ...basic, date: ' 1/3/2026 ' }, { dateFormat: 'DD/MM/YYYY' }).values.date).toBe('2026-03-01');
    const wrong = read({ ...basic, date: '2026-03-01' }, { dateFormat: 'DD/MM/YYYY' });
    expect(wrong.errors).toEqual([{ row: 7, field: 'date', message: 'Date must be DD/MM/YYYY' }]);
    expect(wrong.values).not.toHaveProperty('date');
    const blank = read({ ...basic, date: '  ' });
    expect(blank.errors).toEqual([{ row: 7, field: 'date', message: 'Date is required' }]);
    expect(blank.values).not.toHaveProperty('date');
    const none = read({ title: 'Coffee', amount: '1' });
    expect(none.errors).toEqual([{ row: 7, field: 'date', message: 'Date is required' }]);
  });

  it("takes the type from the amount's sign without a type column", () => {
    expect(read({ ...basic, amount: '2500' }).values).toMatchObject({ amount: 2500, type: 'INCOME' });
    expect(read({ ...basic, amount: '-0.01' }).values).toMatchObject({ amount: 0.01, type: 'EXPENSE' });
  });

  it('refuses a zero, blank or unreadable amount, which also covers the type', () => {
    const zero = read({ ...basic, amount: '0,00' });
    expect(zero.errors).toEqual([{ row: 7, field: 'amount', message: 'Amount must be greater than 0' }]);
    expect(zero.covered).toEqual(['type']);
    expect(zero.values).not.toHaveProperty('amount');
    expect(zero.values).not.toHaveProperty('type');
    expect(read({ ...basic, amount: ' ' }).errors).toEqual([
      { row: 7, field: 'amount', message: 'Amount is required' },
    ]);
    expect(read({ title: 'x', date: '2026-03-01' }).errors).toEqual([
      { row: 7, field: 'amount', message: 'Amount is required' },
    ]);
    const unreadable = read({ ...basic, amount: '1.234' });
    expect(unreadable.errors).toEqual([
      { row: 7, field: 'amount', message: expect.stringContaining('choose the decimal separator') },
    ]);
    expect(read({ ...basic, amount: '1.234' }, { decimal: ',' }).values.amount).toBe(1234);
  });

  it('takes the type from a type column, with the amount as a size', () => {
    const result = read({ ...basic, amount: '-3.20', type: 'Debit' });
    expect(result.values).toMatchObject({ amount: 3.2, type: 'EXPENSE' });
    expect(result.errors).toEqual([]);
    expect(result.covered).toEqual([]);
    expect(read({ ...basic, amount: '3.20', type: 'credit' }).values).toMatchObject({ amount: 3.2, type: 'INCOME' });
    expect(read({ ...basic, amount: '3.20', type: 'expense' }).values).toMatchObject({ amount: 3.2, type: 'EXPENSE' });
  });

  it('refuses a negative amount marked as income', () => {
    const result = read({ ...basic, amount: '-3.20', type: 'Credit' });
    expect(result.errors).toEqual([{ row: 7, field: 'amount', message: 'A negative amount cannot be INCOME' }]);
    expect(result.values).toMatchObject({ amount: 3.2, type: 'INCOME' });
  });

  it('reports a bad type cell, and sets no type', () => {
    const result = read({ ...basic, amount: '3.20', type: 'Loan' });
    expect(result.errors).toEqual([
      { row: 7, field: 'type', message: expect.stringContaining('"Loan" is not a type') },
    ]);
    expect('type' in result.values).toBe(false);
    // With a type column the amount's error does not cover the type: both are reported.
    const both = read({ ...basic, amount: '', type: '' });
    expect(both.errors).toEqual([
      { row: 7, field: 'amount', message: 'Amount is required' },
      { row: 7, field: 'type', message: 'Type is required' },
    ]);
    expect(both.covered).toEqual([]);
  });

  it('reads debit and credit columns as the direction, whatever their sign', () => {
    expect(read({ title: 'x', date: '2026-03-01', debit: '-12.50', credit: '' }).values).toMatchObject({
      amount: 12.5,
      type: 'EXPENSE',
    });
    expect(read({ title: 'x', date: '2026-03-01', debit: ' ', credit: '-7' }).values).toMatchObject({
      amount: 7,
      type: 'INCOME',
    });
    expect(read({ title: 'x', date: '2026-03-01', debit: '0', credit: '7' }).values).toMatchObject({
      amount: 7,
      type: 'INCOME',
    });
    expect(read({ title: 'x', date: '2026-03-01', debit: '7', credit: '0.00' }).values).toMatchObject({
      amount: 7,
      type: 'EXPENSE',
    });
    // Only one of the two columns in the file.
    expect(read({ title: 'x', date: '2026-03-01', credit: '7' }).values).toMatchObject({ amount: 7, type: 'INCOME' });
    expect(read({ title: 'x', date: '2026-03-01', debit: '7' }).values).toMatchObject({ amount: 7, type: 'EXPENSE' });
  });

  it('refuses a debit-and-credit row with both, neither, or an unreadable cell', () => {
    const errorOf = (debit: string, credit: string) => read({ title: 'x', date: '2026-03-01', debit, credit }).errors;
    expect(errorOf('1', '2')).toEqual([{ row: 7, field: 'amount', message: 'The row has both a debit and a credit' }]);
    const none = [{ row: 7, field: 'amount', message: 'Amount is required: the row has no debit or credit' }];
    expect(errorOf('', '')).toEqual(none);
    expect(errorOf('0', '0')).toEqual(none);
    expect(errorOf('abc', '')).toEqual([{ row: 7, field: 'amount', message: expect.stringContaining('abc') }]);
    expect(errorOf('', 'xyz')).toEqual([{ row: 7, field: 'amount', message: expect.stringContaining('xyz') }]);
    expect(errorOf('1', 'xyz')).toEqual([{ row: 7, field: 'amount', message: expect.stringContaining('xyz') }]);
    expect(read({ title: 'x', date: '2026-03-01', debit: '', credit: '' }).covered).toEqual(['type']);
  });

  it("checks the currency cell against the account's currency", () => {
    const inEuro = (currency: string) => read({ ...basic, currency }, { currency: 'EUR' });
    for (const same of ['EUR', ' eur ', '€', '']) {
      const result = inEuro(same);
      expect(result.errors).toEqual([]);
      expect(result).not.toHaveProperty('foreignCurrency');
    }
    const pounds = inEuro('£');
    expect(pounds.errors).toEqual([
      {
        row: 7,
        field: 'currency',
        message: 'The row is in GBP, not in your currency (EUR); leave it out or enter it converted',
      },
    ]);
    expect(pounds.foreignCurrency).toBe('GBP');
    expect(inEuro('usd').foreignCurrency).toBe('USD');
    const notACode = inEuro(' Euros and more text than twenty ');
    expect(notACode.errors).toEqual([
      { row: 7, field: 'currency', message: '"Euros and more text " is not a currency code like EUR' },
    ]);
    expect(notACode).not.toHaveProperty('foreignCurrency');
    expect(inEuro('$').errors).toEqual([{ row: 7, field: 'currency', message: '"$" is not a currency code like EUR' }]);
    expect(inEuro('EURO').errors[0]?.message).toBe('"EURO" is not a currency code like EUR');
    expect(inEuro('1EU').errors[0]?.message).toBe('"1EU" is not a currency code like EUR');
  });

  it('checks no currency cell when the account currency is not known', () => {
    const result = read({ ...basic, currency: 'USD' });
    expect(result.errors).toEqual([]);
    expect(result).not.toHaveProperty('foreignCurrency');
  });

  it('titles a row by its description when the file has no title column, and leaves it blank with neither', () => {
    const noTitle = { amount: '-3.20', date: '2026-03-01' };
    expect(read({ ...noTitle, description: 'Bank fee' }).values).toMatchObject({ title: 'Bank fee' });
    expect(read(noTitle).values).toMatchObject({ title: '', description: null });
  });

  it('lets a type column set the direction of a debit or credit row: neither cell has a sign to contradict it', () => {
    const debitAsIncome = read({ title: 'x', date: '2026-03-01', type: 'Credit', debit: '7', credit: '' });
    expect(debitAsIncome.errors).toEqual([]);
    expect(debitAsIncome.values).toMatchObject({ amount: 7, type: 'INCOME' });
    const creditAsIncome = read({ title: 'x', date: '2026-03-01', type: 'Credit', debit: '', credit: '-7' });
    expect(creditAsIncome.errors).toEqual([]);
    expect(creditAsIncome.values).toMatchObject({ amount: 7, type: 'INCOME' });
  });
});
