import {
  CSV_IGNORE,
  type CsvColumnTarget,
  type CsvDateFormat,
  type CsvDecimalOption,
  type CsvField,
  type CsvMapping,
  type CsvPreviewColumn,
  type CsvSeparatorOption,
  type ImportCsvInput,
  type ImportResult,
  type LedgerAccount,
  normalizeCsvHeader,
  type PaymentMethod,
} from '@finailytics/shared';

/*
 * What the import wizard keeps between its steps. The file is read on the server (transaction.importCsv,
 * the one CSV reader): the wizard previews with `dryRun` and imports with the very same options.
 */

export interface ImportOptions {
  separator: CsvSeparatorOption;
  decimal: CsvDecimalOption;
  dateFormat: CsvDateFormat | 'auto';
  /** Left out, the server recognises the columns by their headers. */
  mapping?: CsvMapping;
  defaultPaymentMethod: PaymentMethod;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = {
  separator: 'auto',
  decimal: 'auto',
  dateFormat: 'auto',
  // A bank export says nothing about how each payment was made; "Other" claims nothing either.
  defaultPaymentMethod: 'OTHER',
};

/** The request for a dry run or an import; without an account the server takes the default one. */
export function importCsvInput(
  csv: string,
  options: ImportOptions,
  dryRun: boolean,
  accountId?: string | undefined,
): ImportCsvInput {
  return {
    csv,
    separator: options.separator,
    decimal: options.decimal,
    ...(options.dateFormat === 'auto' ? {} : { dateFormat: options.dateFormat }),
    ...(options.mapping ? { mapping: options.mapping } : {}),
    defaultPaymentMethod: options.defaultPaymentMethod,
    dryRun,
    ...(accountId ? { accountId } : {}),
  };
}

/**
 * The account an import goes to: the one asked for (chosen in the wizard, or the one the list is
 * filtered to) while it is open, else the default. Undefined while the accounts have not arrived.
 */
export function importTargetAccount(
  accounts: readonly LedgerAccount[],
  wanted: string | undefined,
): LedgerAccount | undefined {
  const open = accounts.filter((account) => !account.isArchived);
  return open.find((account) => account.id === wanted) ?? open.find((account) => account.isDefault);
}

const transactionCount = (count: number) => `${count} ${count === 1 ? 'transaction' : 'transactions'}`;

/** The preview's note on rows the account already holds from an earlier import, or null when none. */
export function alreadyImportedNote(count: number): string | null {
  if (count === 0) return null;
  return count === 1
    ? '1 row was imported before and will be skipped.'
    : `${count} rows were imported before and will be skipped.`;
}

/** What an import did: how many rows it stored, and how many it skipped as imported before. */
export function importResultMessage(result: ImportResult): string {
  const imported = `Imported ${transactionCount(result.importedCount)}`;
  if (result.skippedCount === 0) return `${imported}.`;
  return `${imported}; skipped ${result.skippedCount} imported before.`;
}

export const CSV_FIELD_LABELS: Record<CsvField, string> = {
  title: 'Title',
  type: 'Type (income or expense)',
  amount: 'Amount (negative is an expense)',
  category: 'Category',
  description: 'Description',
  date: 'Date',
  paymentMethod: 'Payment method',
  debit: 'Debit (money out)',
  credit: 'Credit (money in)',
  currency: 'Currency (must be yours)',
};

/** The preview's note that a bank's preamble was left out, or null when the header is the first line. */
export function skippedLinesNote(skippedLines: number): string | null {
  if (skippedLines === 0) return null;
  return `Skipped ${skippedLines} ${skippedLines === 1 ? 'line' : 'lines'} above the header.`;
}

/** Fields that say the direction of money in two ways, so one column rules out the other. */
const EXCLUDES: Partial<Record<CsvField, CsvField[]>> = {
  amount: ['debit', 'credit'],
  type: ['debit', 'credit'],
  debit: ['amount', 'type'],
  credit: ['amount', 'type'],
};

/**
 * The whole mapping after one column is given a new target: every other column keeps what it fills
 * unless it filled the same field (one column per field) or one the new target rules out.
 * Columns without a name, or with a name an earlier column has (compared as the reader compares
 * headers: "Payment method" is PaymentMethod), cannot be named in a mapping.
 */
export function mappingWith(columns: CsvPreviewColumn[], column: string, target: CsvColumnTarget): CsvMapping {
  const mapping: CsvMapping = {};
  const named = new Set<string>();
  const excluded = target === CSV_IGNORE ? [] : [target, ...(EXCLUDES[target] ?? [])];
  for (const { name, field } of columns) {
    const key = normalizeCsvHeader(name);
    if (key === '' || named.has(key)) continue;
    named.add(key);
    if (name === column) mapping[name] = target;
    else mapping[name] = field === null || excluded.includes(field) ? CSV_IGNORE : field;
  }
  return mapping;
}

/**
 * The file's text: UTF-8 when it is valid UTF-8, otherwise Windows-1252, which is what many banks'
 * exports (German and French ones among them) are written in.
 */
export function decodeCsvBytes(bytes: ArrayBuffer | Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export async function readCsvFile(file: Blob): Promise<string> {
  return decodeCsvBytes(await file.arrayBuffer());
}
