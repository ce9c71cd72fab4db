import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  CSV_COLUMNS,
  type CsvDateFormat,
  type CsvDecimalOption,
  type CsvField,
  type CsvMapping,
  type CsvSeparator,
  type CsvSeparatorOption,
  type DecimalSeparator,
  IMPORT_FIELDS,
  type ImportField,
  type PaymentMethod,
  TRANSACTION_LIMITS,
} from '@finailytics/shared';
import { CsvError, parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../lib/errors';
import { yieldEvery } from '../../lib/event-loop-turns';
import { detectDateFormat, detectDecimal, escapeFormula } from './transaction.csv-cells';
import {
  type HeaderLocation,
  locateHeader,
  missingColumnsError,
  type ResolvedColumns,
  resolveColumns,
} from './transaction.csv-columns';
import { type CsvCandidate, type CsvRecord, type RowRules, readRecord } from './transaction.csv-rows';
import type { TransactionRow } from './transaction.mapper';

export type { CsvCandidate } from './transaction.csv-rows';

/*
 * CSV in the format `Title,Type,Amount,Category,Description,Date,PaymentMethod`: UTF-8 with a BOM
 * (so spreadsheet programs read accents and emoji), CRLF line ends, RFC 4180 quoting.
 */

export { escapeFormula, unescapeFormula } from './transaction.csv-cells';

/** Integer cents as a decimal with two places, computed on integers so nothing is lost. */
export function formatCents(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const fraction = String(Math.abs(cents % 100)).padStart(2, '0');
  return `${whole}.${fraction}`;
}

const CSV_RECORD_DELIMITER = '\r\n';

/** The export's first line: the BOM and the header, with its line end. */
export function csvHeaderLine(): string {
  return stringify([[...IMPORT_FIELDS.map((field) => CSV_COLUMNS[field]), CSV_ACCOUNT_COLUMN]], {
    bom: true,
    record_delimiter: CSV_RECORD_DELIMITER,
  });
}

/** The export's last column: the name of the account each row is in (an import reads past it). */
export const CSV_ACCOUNT_COLUMN = 'Account';

/** One line per transaction, each with its line end; pieces written one after another make one file. */
export function csvRecordLines(rows: TransactionRow[], accountNames: ReadonlyMap<string, string>): string {
  const records = rows.map((row) => {
    const cells: Record<ImportField, string> = {
      title: escapeFormula(row.title),
      type: row.type,
      amount: formatCents(row.amountCents),
      category: escapeFormula(row.category),
      description: escapeFormula(row.description ?? ''),
      date: row.date,
      paymentMethod: row.paymentMethod,
    };
    return [...IMPORT_FIELDS.map((field) => cells[field]), escapeFormula(accountNames.get(row.accountId) ?? '')];
  });
  return stringify(records, { record_delimiter: CSV_RECORD_DELIMITER });
}

/**
 * Characters handed to the parser at a time; the event loop gets a turn after each piece. Small,
 * because csv-parse builds an error object (and its stack) for every row whose length differs from
 * the header's, even when relax_column_count lets the row through: a piece of short ragged rows
 * costs far more than its size suggests.
 */
const CSV_CHUNK_CHARACTERS = 2 * 1024;

/**
 * Records a file may have in all, blank ones included: the header, the most transactions one import
 * takes, and as many blank lines again. A file of nothing but line breaks is refused after reading
 * this many instead of being parsed to the end.
 */
export const CSV_MAX_RECORDS = 1 + 2 * TRANSACTION_LIMITS.importRowsMax;

const importRowsMax = TRANSACTION_LIMITS.importRowsMax.toLocaleString('en-US');

/** How far a read got before it finished or stopped; tests use it to see that a refusal came early. */
export interface CsvReadProgress {
  /** Characters of the text handed to the parser. */
  charactersRead: number;
  /** Records (lines, or several for a quoted cell with line breaks) the parser gave back, header included. */
  records: number;
}

/** How to read a file: each option left out is detected from the file (see docs/csv-import.md). */
export interface CsvReadOptions {
  separator?: CsvSeparatorOption;
  mapping?: CsvMapping;
  dateFormat?: CsvDateFormat;
  decimal?: CsvDecimalOption;
  defaultPaymentMethod?: PaymentMethod;
  /** An import refuses a file lacking a needed column; a preview reports the missing fields instead. */
  requireColumns?: boolean;
  /**
   * The account's currency: a row whose currency cell names another is a row error, and a file whose
   * every row does is refused. Amounts are never converted. Left out, a currency column is not checked.
   */
  currency?: string;
}

/** The file as read: the settings used and one candidate per transaction row. */
export interface CsvRead {
  separator: CsvSeparator;
  /** Lines above the header row, skipped (a bank's preamble). */
  skippedLines: number;
  header: string[];
  columns: Map<CsvField, number>;
  missing: CsvField[];
  decimal: DecimalSeparator | null;
  dateFormat: CsvDateFormat;
  candidates: CsvCandidate[];
  /** The cells of the first few records, to show what each column holds. */
  samples: string[][];
}

/** Records whose cells a preview looks at for a sample of each column. */
const SAMPLE_RECORDS = 5;

/**
 * Reads CSV text with a real parser (quotes, embedded separators and newlines, BOM, CRLF) into rows for
 * the import's validation. Lines above the header row (a bank's preamble) are skipped; blank lines are
 * skipped but still counted, so row numbers match what a spreadsheet shows. A file that is not CSV at
 * all, or lacks a needed column, is refused as a whole. The header is looked for in the first lines
 * only; then the text is parsed once, from the header on, in pieces with the event loop served in
 * between, and reading stops as soon as the header is unusable or the file passes the row limits, so a
 * huge file costs no more than its first rows. The date format and decimal separator, unless given,
 * are then taken from the cells.
 */
export async function readCsvImport(
  csv: string,
  options: CsvReadOptions = {},
  progress: CsvReadProgress = { charactersRead: 0, records: 0 },
): Promise<CsvRead> {
  const located = locateHeader(csv, options.separator ?? 'auto', options.mapping);
  const { separator, skippedLines } = located;
  const { header, resolved, records } = await readCsvRecords(csv, located, options, progress);
  if (resolved.missing.length > 0) {
    return {
      separator,
      skippedLines,
      header,
      ...resolved,
      decimal: null,
      dateFormat: options.dateFormat ?? 'YYYY-MM-DD',
      candidates: [],
      samples: [],
    };
  }
  const { columns } = resolved;
  const cellsOf = (field: CsvField) => {
    const column = columns.get(field);
    if (column === undefined) return [];
    return records.map((record) => record.cells[column] ?? '').filter((cell) => cell.trim() !== '');
  };
  const dateFormat = options.dateFormat ?? (await detectDateFormat(cellsOf('date')));
  const decimal =
    options.decimal && options.decimal !== 'auto'
      ? options.decimal
      : detectDecimal([...cellsOf('amount'), ...cellsOf('debit'), ...cellsOf('credit')]);
  const rules: RowRules = {
    columns,
    dateFormat,
    decimal,
    defaultPaymentMethod: options.defaultPaymentMethod ?? 'CASH',
    currency: options.currency ?? null,
  };
  const candidates: CsvCandidate[] = [];
  for (const [index, record] of records.entries()) {
    await yieldEvery(ROWS_PER_TURN, index);
    candidates.push(readRecord(record, rules));
  }
  if (options.currency) refuseForeignFile(candidates, options.currency);
  const samples = records.slice(0, SAMPLE_RECORDS).map((record) => record.cells);
  return { separator, skippedLines, header, ...resolved, decimal, dateFormat, candidates, samples };
}

/**
 * A file whose every row is in another currency is another account's export: refused as a whole
 * rather than as thousands of row errors. Rows are never converted or taken as the account's currency.
 */
function refuseForeignFile(candidates: CsvCandidate[], currency: string) {
  const foreign = new Set<string>();
  for (const candidate of candidates) {
    if (candidate.foreignCurrency === undefined) return;
    foreign.add(candidate.foreignCurrency);
  }
  if (foreign.size === 0) return;
  const listed = [...foreign].slice(0, 3).join(', ') + (foreign.size > 3 ? ' and others' : '');
  throw new AppError(
    'BAD_REQUEST',
    `Every row of the file is in ${listed}, not in your currency (${currency}); amounts are never converted, so nothing can be imported`,
  );
}

/** Rows turned into candidates between two turns of the event loop. */
const ROWS_PER_TURN = 500;

/** The header and body records, within the row limits; stops at a header that lacks a needed column. */
async function readCsvRecords(
  csv: string,
  { offset: headerOffset, skippedLines, separator }: HeaderLocation,
  options: CsvReadOptions,
  progress: CsvReadProgress,
): Promise<{ header: string[]; resolved: ResolvedColumns; records: CsvRecord[] }> {
  const parser = parse({ bom: true, delimiter: separator, relax_column_count: true, skip_empty_lines: false });
  // Feeds the parser piece by piece, from the header row on, until the text is read or the reader below has stopped it.
  const feeding = (async () => {
    for (let offset = headerOffset; offset < csv.length && !parser.destroyed; offset += CSV_CHUNK_CHARACTERS) {
      const piece = csv.slice(offset, offset + CSV_CHUNK_CHARACTERS);
      progress.charactersRead += piece.length;
      parser.write(piece);
      await yieldToEventLoop();
    }
    if (!parser.destroyed) parser.end();
  })();

  let header: string[] = [];
  let resolved: ResolvedColumns = { columns: new Map(), missing: [] };
  const records: CsvRecord[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const index = progress.records;
      progress.records += 1;
      if (index === 0) {
        if (record.every((cell) => cell.trim() === '')) throw new AppError('BAD_REQUEST', 'The file has no header row');
        header = record;
        resolved = resolveColumns(record, options.mapping);
        if (resolved.missing.length === 0) continue;
        if (options.requireColumns !== false) throw missingColumnsError(resolved.missing);
        // A preview of a file it cannot read yet: the header is all the person needs to map it.
        break;
      }
      if (progress.records > CSV_MAX_RECORDS) {
        throw new AppError(
          'BAD_REQUEST',
          `The file has more than ${(CSV_MAX_RECORDS - 1).toLocaleString('en-US')} rows, blank ones included; at most ${importRowsMax} transactions can be imported at once`,
        );
      }
      if (record.every((cell) => cell.trim() === '')) continue;
      if (records.length === TRANSACTION_LIMITS.importRowsMax) {
        throw new AppError(
          'BAD_REQUEST',
          `The file has more than ${importRowsMax} transactions; at most ${importRowsMax} can be imported at once`,
        );
      }
      records.push({ row: skippedLines + index + 1, cells: record });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const detail = error instanceof CsvError ? error.message : 'unreadable';
    throw new AppError('BAD_REQUEST', `The file is not valid CSV: ${detail}`, { cause: error });
  } finally {
    // Leaving the loop early destroyed the parser; the feeder sees that and stops.
    parser.destroy();
    await feeding;
  }
  if (progress.records === 0) throw new AppError('BAD_REQUEST', 'The file has no header row');
  if (resolved.missing.length === 0 && records.length === 0) {
    throw new AppError('BAD_REQUEST', 'The file has no transactions');
  }
  return { header, resolved, records };
}
