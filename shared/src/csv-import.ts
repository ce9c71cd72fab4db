import type { Categorisation } from './rule';
import type { CsvDateFormat, ImportRow, ImportRowError } from './transaction';

/*
 * The options and answer of `transaction.importCsv`, the one CSV reader: the web's import wizard
 * previews a file with `dryRun: true` and imports it with the same options, so a file reads the same
 * way wherever it comes in. The rules themselves are written down in docs/csv-import.md.
 */

/** Field separators a file may use; `auto` picks the one the header row uses most. */
export const CSV_SEPARATORS = ['auto', ',', ';', '\t'] as const;
export type CsvSeparatorOption = (typeof CSV_SEPARATORS)[number];
export type CsvSeparator = Exclude<CsvSeparatorOption, 'auto'>;

/** Decimal separators of the amount cells; `auto` takes the one the file's amounts show. */
export const CSV_DECIMALS = ['auto', '.', ','] as const;
export type CsvDecimalOption = (typeof CSV_DECIMALS)[number];

/**
 * What a column can fill. `debit` and `credit` are amount columns that also say the direction: a
 * bank export with one column for money out and one for money in. `currency` is checked, never stored:
 * a row in another currency than the account's is refused. `ignore` leaves a column unread, which is
 * how a column that would be recognised by its header is turned off.
 */
export const CSV_FIELDS = [
  'title',
  'type',
  'amount',
  'category',
  'description',
  'date',
  'paymentMethod',
  'debit',
  'credit',
  'currency',
] as const;

/** Lines above the header row a file may have (a bank's account name, IBAN, period, balance, blank lines). */
export const CSV_HEADER_SEARCH_LINES = 30;
export type CsvField = (typeof CSV_FIELDS)[number];
export const CSV_IGNORE = 'ignore';
export type CsvColumnTarget = CsvField | typeof CSV_IGNORE;

/**
 * A header as the reader compares it: without case, accents, spaces, underscores or hyphens, so
 * "Payment method" is PaymentMethod. Two header cells that compare equal are one column.
 */
export function normalizeCsvHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s_-]/g, '')
    .toLowerCase();
}

/**
 * The category an imported row gets when the file has no category for it. Stored as a plain category
 * name, so it shows, filters and can be renamed like any other; rules may fill it in later.
 */
export const UNCATEGORIZED_CATEGORY = 'Uncategorized';

/** Parsed rows and row errors a dry run sends back at most; the counts always cover the whole file. */
export const CSV_PREVIEW_LIMITS = { rows: 50, errors: 200, sampleCharacters: 40 } as const;

/** One file column as the reader understood it. */
export interface CsvPreviewColumn {
  name: string;
  /** The field it fills, or null when it is not read (unknown header, or mapped to `ignore`). */
  field: CsvField | null;
  /** The column's first non-blank cell (shortened), to recognise it by; '' when none was read. */
  sample: string;
}

export interface CsvPreviewRow extends ImportRow {
  /** Spreadsheet row: the header is row 1. */
  row: number;
  /** In a dry run: the rule that categorises the row, or the category its history suggests (docs/rules.md). */
  categorisation?: Categorisation | null;
  /** In a dry run: the account already holds this row from an earlier import, so importing skips it. */
  alreadyImported?: boolean;
}

/** What `importCsv` answers to `dryRun: true`: how the file was read, without writing anything. */
export interface CsvImportPreview {
  dryRun: true;
  /** Always 0: a dry run writes nothing (and so answers like an import). */
  importedCount: 0;
  skippedCount: 0;
  separator: CsvSeparator;
  /** The decimal separator used, or null when the file's amounts never showed one (whole numbers). */
  decimal: '.' | ',' | null;
  /** The date format used: the one asked for, or the one every date cell fits. */
  dateFormat: CsvDateFormat;
  /** Lines above the header row that were skipped (a bank's preamble, blank lines); 0 when it is the first. */
  skippedLines: number;
  columns: CsvPreviewColumn[];
  /** Fields that need a column and have none; while any is missing no row is read. */
  missing: CsvField[];
  /** Transactions in the file (blank lines not counted). */
  rowCount: number;
  validCount: number;
  /**
   * Valid rows the target account (the one asked for, or the default) already holds from an earlier
   * import: the import will skip them. `validCount - alreadyImportedCount` rows would be stored.
   */
  alreadyImportedCount: number;
  invalidRowCount: number;
  /** The first valid rows, as they would be stored. */
  rows: CsvPreviewRow[];
  /** The first row errors; `errorCount` counts them all. */
  errors: ImportRowError[];
  errorCount: number;
}
