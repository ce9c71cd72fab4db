import { describe, expect, it } from 'vitest';
import {
  createTransactionSchema,
  formatImportRowError,
  importCsvSchema,
  listTransactionsSchema,
  parseImportRowErrors,
  transactionDateSchema,
  updateTransactionSchema,
} from './transaction';

const base = { title: 'Rent', type: 'EXPENSE', amount: 950, category: 'Housing', date: '2026-01-31' } as const;

describe('createTransactionSchema', () => {
  it('trims text, stores a blank description as null and applies the defaults', () => {
    const parsed = createTransactionSchema.parse({ ...base, title: '  Rent ', description: '   ' });
    expect(parsed).toMatchObject({ title: 'Rent', description: null, paymentMethod: 'CASH', isRecurring: false });
  });

  it('asks for an interval on a recurring transaction, on that field', () => {
    const result = createTransactionSchema.safeParse({ ...base, isRecurring: true });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['recurringInterval']]);
  });

  it('refuses an end date before the date', () => {
    const result = createTransactionSchema.safeParse({
      ...base,
      isRecurring: true,
      recurringInterval: 'MONTHLY',
      recurringEndDate: '2026-01-30',
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['recurringEndDate']]);
  });

  it('refuses the NUL character', () => {
    expect(createTransactionSchema.safeParse({ ...base, title: 'a\u0000b' }).success).toBe(false);
  });
});

describe('updateTransactionSchema', () => {
  it('accepts a single field', () => {
    const id = '7f0c2a4e-3b1d-4c5e-9f6a-0b1c2d3e4f5a';
    expect(updateTransactionSchema.parse({ id, amount: 12.5 })).toEqual({ id, amount: 12.5, scope: 'this' });
  });

  it('changes only the given row unless asked for the rest of its series', () => {
    const id = '7f0c2a4e-3b1d-4c5e-9f6a-0b1c2d3e4f5a';
    expect(updateTransactionSchema.parse({ id, scope: 'future' }).scope).toBe('future');
    expect(updateTransactionSchema.safeParse({ id, scope: 'all' }).error?.issues[0]?.message).toBe(
      'Scope must be one of this, future',
    );
  });
});

describe('transactionDateSchema', () => {
  it('accepts Feb 29 in a leap year only', () => {
    expect(transactionDateSchema.safeParse('2028-02-29').success).toBe(true);
    expect(transactionDateSchema.safeParse('2026-02-29').success).toBe(false);
    expect(transactionDateSchema.safeParse('1899-12-31').success).toBe(false);
  });
});

describe('listTransactionsSchema', () => {
  it('defaults to the newest twenty and ignores blank filters', () => {
    expect(listTransactionsSchema.parse({ keyword: ' ', category: '' })).toEqual({
      sortBy: 'date',
      sortDir: 'desc',
      page: 1,
      pageSize: 20,
    });
  });
});

describe('importCsvSchema', () => {
  it('refuses mapping two columns to one field', () => {
    const result = importCsvSchema.safeParse({ csv: 'x', mapping: { Payee: 'title', Name: 'title' } });
    expect(result.success).toBe(false);
  });

  it('lets any number of columns be ignored, and detects what is not chosen', () => {
    const parsed = importCsvSchema.parse({
      csv: 'x',
      mapping: { Balance: 'ignore', Currency: 'ignore', Out: 'debit' },
    });
    expect(parsed).toEqual({
      csv: 'x',
      mapping: { Balance: 'ignore', Currency: 'ignore', Out: 'debit' },
      separator: 'auto',
      decimal: 'auto',
      defaultPaymentMethod: 'CASH',
      dryRun: false,
    });
    expect(parsed.dateFormat).toBeUndefined();
  });

  it('refuses a separator or decimal separator it does not read', () => {
    expect(importCsvSchema.safeParse({ csv: 'x', separator: '|' }).success).toBe(false);
    expect(importCsvSchema.safeParse({ csv: 'x', decimal: "'" }).success).toBe(false);
  });
});

describe('import row errors', () => {
  it('round-trip through their message form', () => {
    const errors = [
      { row: 2, field: 'amount', message: 'Amount must be greater than 0' },
      { row: 17, field: 'date', message: 'Date must be DD/MM/YYYY: got "1: 2"' },
    ];
    expect(parseImportRowErrors(errors.map(formatImportRowError))).toEqual(errors);
  });
});
