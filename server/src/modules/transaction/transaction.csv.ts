import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  CSV_COLUMNS,
  type CsvDateFormat,
  type CsvMapping,
  IMPORT_FIELDS,
  type ImportField,
  type ImportRowError,
  REQUIRED_IMPORT_FIELDS,
  TRANSACTION_LIMITS,
} from '@finailytics/shared';
import { CsvError, parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../lib/errors';
import type { TransactionRow } from './transaction.mapper';

/*
 * CSV in the format `Title,Type,Amount,Category,Description,Date,PaymentMethod`: UTF-8 with a BOM
 * (so spreadsheet programs read accents and emoji), CRLF line ends, RFC 4180 quoting.
 */

const FORMULA_TRIGGER = /^[=+\-@\t\r']/;

/**
 * A cell starting with =, +, -, @, tab or CR is run as a formula by spreadsheet programs (CSV
 * injection), so the export prefixes it with an apostrophe, which they show as plain text. The
 * apostrophe itself is escaped too, which makes the prefix reversible: import removes exactly one.
 */
export function escapeFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

export function unescapeFormula(text: string): string {
  return text.startsWith("'") && FORMULA_TRIGGER.test(text.slice(1)) ? text.slice(1) : text;
}

/** Integer cents as a decimal with two places, computed on integers so nothing is lost. */
export function formatCents(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const fraction = String(Math.abs(cents % 100)).padStart(2, '0');
  return `${whole}.${fraction}`;
}

const CSV_RECORD_DELIMITER = '\r\n';

/** The export's first line: the BOM and the header, with its line end. */
export function csvHeaderLine(): string {
  return stringify([IMPORT_FIELDS.map((field) => CSV_COLUMNS[field])], {
    bom: true,
    record_delimiter: CSV_RECORD_DELIMITER,
  });
}

/** One line per transaction, each with its line end; pieces written one after another make one file. */
export function csvRecordLines(rows: TransactionRow[]): string {
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
    return IMPORT_FIELDS.map((field) => cells[field]);
  });
  return stringify(records, { record_delimiter: CSV_RECORD_DELIMITER });
}

/** Headers compare without case, spaces, underscores or hyphens: "Payment method" is PaymentMethod. */
function normalizeHeader(header: string): string {
  return header.replace(/[\s_-]/g, '').toLowerCase();
}

const DATE_PATTERNS: Record<
  CsvDateFormat,
  { pattern: RegExp; order: ['y' | 'm' | 'd', 'y' | 'm' | 'd', 'y' | 'm' | 'd'] }
> = {
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: ['y', 'm', 'd'] },
  'YYYY/MM/DD': { pattern: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, order: ['y', 'm', 'd'] },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['m', 'd', 'y'] },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: ['d', 'm', 'y'] },
};

/** 'YYYY-MM-DD', or null when the text does not have the chosen format (validity is checked later). */
export function parseCsvDate(text: string, format: CsvDateFormat): string | null {
  const { pattern, order } = DATE_PATTERNS[format];
  const match = pattern.exec(text.trim());
  if (!match) return null;
  const parts = { y: '', m: '', d: '' };
  order.forEach((part, index) => {
    parts[part] = match[index + 1] ?? '';
  });
  return `${parts.y}-${parts.m.padStart(2, '0')}-${parts.d.padStart(2, '0')}`;
}

/** A plain decimal ("1234.5", "1,234.50", "+12"); NaN for anything else, which validation reports. */
export function parseCsvAmount(text: string): number {
  let value = text.trim().replace(/\s/g, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) value = value.replace(/,/g, '');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
}

export interface CsvCandidate {
  /** Spreadsheet row: the header is row 1. */
  row: number;
  values: Record<string, unknown>;
  /** Problems found while reading the cells (e.g. a date in another format). */
  errors: ImportRowError[];
}

/** Which column feeds each field: the explicit mapping first, then the default header names. */
function resolveColumns(header: string[], mapping: CsvMapping | undefined): Map<ImportField, number> {
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    const key = normalizeHeader(name);
    if (key && !positions.has(key)) positions.set(key, index);
  });
  const columns = new Map<ImportField, number>();
  const unknown: string[] = [];
  for (const [column, field] of Object.entries(mapping ?? {})) {
    const index = positions.get(normalizeHeader(column));
    if (index === undefined) unknown.push(column);
    else columns.set(field, index);
  }
  if (unknown.length > 0) {
    throw new AppError('BAD_REQUEST', `The file has no column named ${unknown.map((name) => `"${name}"`).join(', ')}`);
  }
  const mappedColumns = new Set(columns.values());
  for (const field of IMPORT_FIELDS) {
    if (columns.has(field)) continue;
    const index = positions.get(normalizeHeader(CSV_COLUMNS[field]));
    if (index !== undefined && !mappedColumns.has(index)) columns.set(field, index);
  }
  const missing = REQUIRED_IMPORT_FIELDS.filter((field) => !columns.has(field));
  if (missing.length > 0) {
    throw new AppError(
      'BAD_REQUEST',
      `The file has no column for ${missing.map((field) => CSV_COLUMNS[field]).join(', ')}; map one or use the header ${IMPORT_FIELDS.map((field) => CSV_COLUMNS[field]).join(',')}`,
    );
  }
  return columns;
}

function cellValue(field: ImportField, text: string, dateFormat: CsvDateFormat): { value: unknown; error?: string } {
  switch (field) {
    case 'title':
    case 'category':
      return { value: unescapeFormula(text) };
    case 'description': {
      const description = unescapeFormula(text);
      return { value: description.trim() === '' ? null : description };
    }
    case 'type':
      return { value: text.trim().toUpperCase() };
    case 'amount':
      return text.trim() === '' ? { value: undefined, error: 'Amount is required' } : { value: parseCsvAmount(text) };
    case 'date': {
      if (text.trim() === '') return { value: undefined, error: 'Date is required' };
      const date = parseCsvDate(text, dateFormat);
      return date === null ? { value: text, error: `Date must be ${dateFormat}` } : { value: date };
    }
    case 'paymentMethod': {
      const method = text
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_');
      return { value: method === '' ? undefined : method };
    }
  }
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

/**
 * Reads CSV text with a real parser (quotes, embedded commas and newlines, BOM, CRLF) into rows for
 * the import's validation. Blank lines are skipped but still counted, so row numbers match what a
 * spreadsheet shows. A file that is not CSV at all, or lacks a needed column, is refused as a whole.
 * The text is parsed in pieces with the event loop served in between, and reading stops as soon as
 * the header is unusable or the file passes the row limits, so a huge file costs no more than its
 * first rows.
 */
export async function readCsvImport(
  csv: string,
  mapping: CsvMapping | undefined,
  dateFormat: CsvDateFormat,
  progress: CsvReadProgress = { charactersRead: 0, records: 0 },
): Promise<CsvCandidate[]> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  // Feeds the parser piece by piece until the text is read or the reader below has stopped it.
  const feeding = (async () => {
    for (let offset = 0; offset < csv.length && !parser.destroyed; offset += CSV_CHUNK_CHARACTERS) {
      const piece = csv.slice(offset, offset + CSV_CHUNK_CHARACTERS);
      progress.charactersRead += piece.length;
      parser.write(piece);
      await yieldToEventLoop();
    }
    if (!parser.destroyed) parser.end();
  })();

  let columns: Map<ImportField, number> | undefined;
  const candidates: CsvCandidate[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const index = progress.records;
      progress.records += 1;
      if (index === 0) {
        if (record.every((cell) => cell.trim() === '')) throw new AppError('BAD_REQUEST', 'The file has no header row');
        columns = resolveColumns(record, mapping);
        continue;
      }
      if (progress.records > CSV_MAX_RECORDS) {
        throw new AppError(
          'BAD_REQUEST',
          `The file has more than ${(CSV_MAX_RECORDS - 1).toLocaleString('en-US')} rows, blank ones included; at most ${importRowsMax} transactions can be imported at once`,
        );
      }
      if (record.every((cell) => cell.trim() === '')) continue;
      if (candidates.length === TRANSACTION_LIMITS.importRowsMax) {
        throw new AppError(
          'BAD_REQUEST',
          `The file has more than ${importRowsMax} transactions; at most ${importRowsMax} can be imported at once`,
        );
      }
      candidates.push(readRecord(record, index + 1, columns ?? new Map(), dateFormat));
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
  if (candidates.length === 0) throw new AppError('BAD_REQUEST', 'The file has no transactions');
  return candidates;
}

/** One body record as a candidate; `row` is the spreadsheet's row number (the header is row 1). */
function readRecord(
  record: string[],
  row: number,
  columns: Map<ImportField, number>,
  dateFormat: CsvDateFormat,
): CsvCandidate {
  const values: Record<string, unknown> = {};
  const errors: ImportRowError[] = [];
  for (const [field, column] of columns) {
    const { value, error } = cellValue(field, record[column] ?? '', dateFormat);
    if (value !== undefined) values[field] = value;
    if (error) errors.push({ row, field, message: error });
  }
  return { row, values, errors };
}
