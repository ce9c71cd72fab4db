import type { CsvPreviewColumn, LedgerAccount } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import {
  alreadyImportedNote,
  DEFAULT_IMPORT_OPTIONS,
  decodeCsvBytes,
  importCsvInput,
  importResultMessage,
  importTargetAccount,
  mappingWith,
} from './import-options';

const columns = (...pairs: [string, CsvPreviewColumn['field']][]): CsvPreviewColumn[] =>
  pairs.map(([name, field]) => ({ name, field, sample: '' }));

describe('mappingWith', () => {
  it('turns off a recognised column and keeps the others as they were read', () => {
    const read = columns(
      ['Transaction Date', 'date'],
      ['Description', 'title'],
      ['Type', 'type'],
      ['Amount', 'amount'],
    );
    expect(mappingWith(read, 'Type', 'ignore')).toEqual({
      'Transaction Date': 'date',
      Description: 'title',
      Type: 'ignore',
      Amount: 'amount',
    });
  });

  it('moves a field to its new column, and debit/credit push out the amount and type', () => {
    const read = columns(['Date', 'date'], ['Payee', 'title'], ['Memo', null], ['Out', 'amount'], ['In', null]);
    expect(mappingWith(read, 'Memo', 'title')).toMatchObject({ Payee: 'ignore', Memo: 'title' });
    expect(mappingWith(read, 'Out', 'debit')).toMatchObject({ Out: 'debit', In: 'ignore' });
    const withCredit = mappingWith(columns(['Out', 'debit'], ['In', null], ['Kind', 'type']), 'In', 'credit');
    expect(withCredit).toEqual({ Out: 'debit', In: 'credit', Kind: 'ignore' });
  });

  it('leaves out columns that cannot be named: blank or repeated headers', () => {
    expect(mappingWith(columns(['', null], ['Date', 'date'], ['Date', null]), 'Date', 'date')).toEqual({
      Date: 'date',
    });
    // Names the reader takes for one column: only the first is named.
    const alike = columns(['Payment method', 'paymentMethod'], ['PAYMENT_METHOD', null], ['-', null], ['Date', 'date']);
    expect(mappingWith(alike, 'Date', 'date')).toEqual({ 'Payment method': 'paymentMethod', Date: 'date' });
  });
});

describe('decodeCsvBytes', () => {
  it('reads UTF-8, and falls back to Windows-1252 for a file that is not UTF-8', () => {
    expect(decodeCsvBytes(new TextEncoder().encode('Libellé;Débit'))).toBe('Libellé;Débit');
    expect(decodeCsvBytes(Uint8Array.from([0x44, 0xe9, 0x62, 0x69, 0x74]))).toBe('Débit');
  });
});

describe('importCsvInput', () => {
  it('sends a chosen date format and mapping, and leaves "detect" to the server', () => {
    expect(importCsvInput('x', DEFAULT_IMPORT_OPTIONS, true)).toEqual({
      csv: 'x',
      separator: 'auto',
      decimal: 'auto',
      defaultPaymentMethod: 'OTHER',
      dryRun: true,
    });
    const chosen = {
      ...DEFAULT_IMPORT_OPTIONS,
      dateFormat: 'MM/DD/YYYY' as const,
      mapping: { Type: 'ignore' as const },
    };
    expect(importCsvInput('x', chosen, false)).toMatchObject({ dateFormat: 'MM/DD/YYYY', mapping: { Type: 'ignore' } });
  });
});

describe('importCsvInput: the account', () => {
  it('names the account when one is known, and leaves it to the server otherwise', () => {
    expect(importCsvInput('x', DEFAULT_IMPORT_OPTIONS, true, 'a1')).toMatchObject({ accountId: 'a1' });
    expect(importCsvInput('x', DEFAULT_IMPORT_OPTIONS, true, undefined)).not.toHaveProperty('accountId');
  });
});

describe('importTargetAccount', () => {
  const account = (id: string, extra: Partial<LedgerAccount> = {}) => ({
    id,
    isArchived: false,
    isDefault: false,
    ...extra,
  });
  const accounts = [account('card'), account('main', { isDefault: true }), account('old', { isArchived: true })];
  it('takes the account asked for while it is open, else the default', () => {
    const ids = (wanted: string | undefined) => importTargetAccount(accounts as unknown as LedgerAccount[], wanted)?.id;
    expect([ids('card'), ids('old'), ids('gone'), ids(undefined)]).toEqual(['card', 'main', 'main', 'main']);
    expect(importTargetAccount([], 'card')).toBeUndefined();
  });
});

describe('import messages', () => {
  it('count rows imported before, and what an import stored and skipped', () => {
    expect([alreadyImportedNote(0), alreadyImportedNote(1), alreadyImportedNote(60)]).toEqual([
      null,
      '1 row was imported before and will be skipped.',
      '60 rows were imported before and will be skipped.',
    ]);
    expect(importResultMessage({ importedCount: 40, skippedCount: 0 })).toBe('Imported 40 transactions.');
    expect(importResultMessage({ importedCount: 1, skippedCount: 60 })).toBe(
      'Imported 1 transaction; skipped 60 imported before.',
    );
  });
});
