import {
  CSV_DATE_FORMATS,
  type CsvDateFormat,
  type DecimalSeparator,
  parseAmountInput,
  type TransactionType,
} from '@finailytics/shared';
import { AppError } from '../../lib/errors';
import { yieldEvery } from '../../lib/event-loop-turns';

/*
 * How one cell of a CSV row is read: dates in a chosen (or detected) format, amounts with the shared
 * amount parser, and the direction of money from a type word. Nothing here guesses: a cell that could
 * mean two things is a row error naming both readings.
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

type DatePart = 'y' | 'm' | 'd';

const DATE_PATTERNS: Record<CsvDateFormat, { pattern: RegExp; order: [DatePart, DatePart, DatePart] }> = {
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: ['y', 'm', 'd'] },
  'YYYY/MM/DD': { pattern: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, order: ['y', 'm', 'd'] },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['m', 'd', 'y'] },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: ['d', 'm', 'y'] },
  'DD-MM-YYYY': { pattern: /^(\d{1,2})-(\d{1,2})-(\d{4})$/, order: ['d', 'm', 'y'] },
  YYYYMMDD: { pattern: /^(\d{4})(\d{2})(\d{2})$/, order: ['y', 'm', 'd'] },
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

/** A reading with a month 1–12 and a day 1–31: enough to tell 13/01 from 01/13 while detecting. */
function plausibleDate(text: string, format: CsvDateFormat): string | null {
  const date = parseCsvDate(text, format);
  if (date === null) return null;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? date : null;
}

/** Cells looked at between two turns of the event loop. */
const CELLS_PER_TURN = 1000;

/**
 * The format that reads the most date cells. When two formats read as many but some cell differently
 * (01/02/2026 in a file without a day above 12), which one is meant cannot be known: refused, so the
 * person chooses. A file whose dates fit no format gets YYYY-MM-DD, and its rows say so.
 */
export async function detectDateFormat(cells: string[]): Promise<CsvDateFormat> {
  const counts = new Map<CsvDateFormat, number>(CSV_DATE_FORMATS.map((format) => [format, 0]));
  for (const [index, cell] of cells.entries()) {
    await yieldEvery(CELLS_PER_TURN, index);
    for (const format of CSV_DATE_FORMATS) {
      if (plausibleDate(cell, format) !== null) counts.set(format, (counts.get(format) ?? 0) + 1);
    }
  }
  const most = Math.max(...counts.values());
  if (most === 0) return 'YYYY-MM-DD';
  const [first, ...others] = CSV_DATE_FORMATS.filter((format) => counts.get(format) === most);
  if (first === undefined) return 'YYYY-MM-DD';
  for (const other of others) {
    const differing = cells.find((cell) => plausibleDate(cell, first) !== plausibleDate(cell, other));
    if (differing !== undefined) {
      throw new AppError(
        'BAD_REQUEST',
        `Dates like "${differing.trim()}" could be ${first} or ${other}: choose the date format`,
      );
    }
  }
  return first;
}

/** The decimals at the end of an amount cell, after any currency or closing parenthesis. */
const DECIMALS_AT_END = /\d([.,])\d{1,2}[^\d.,]*$/;

/**
 * The decimal separator the file's amounts show: a `,` or `.` followed by one or two digits at the
 * end can only be the decimals. Null when the amounts show none, or show both.
 */
export function detectDecimal(cells: string[]): DecimalSeparator | null {
  let comma = false;
  let point = false;
  for (const cell of cells) {
    const match = DECIMALS_AT_END.exec(cell.trim());
    if (match?.[1] === ',') comma = true;
    else if (match?.[1] === '.') point = true;
    if (comma && point) return null;
  }
  if (comma) return ',';
  if (point) return '.';
  return null;
}

export type AmountCell = { ok: true; cents: number } | { ok: false; message: string };

/**
 * A signed amount in cents. With a known decimal separator the shared parser reads it; without one
 * the cell is read both ways and taken only when both readings agree: `1.234` in a file of whole
 * numbers could be 1.234 or 1234, so it is a row error asking for the decimal separator.
 */
export function readAmountCell(text: string, decimal: DecimalSeparator | null): AmountCell {
  const options = { allowNegative: true, allowZero: true } as const;
  if (decimal !== null) {
    const result = parseAmountInput(text, { ...options, decimal });
    return result.ok ? { ok: true, cents: result.cents } : result;
  }
  const withPoint = parseAmountInput(text, { ...options, decimal: '.' });
  const withComma = parseAmountInput(text, { ...options, decimal: ',' });
  if (withPoint.ok && withComma.ok && withPoint.cents === withComma.cents) return { ok: true, cents: withPoint.cents };
  if (!withPoint.ok && !withComma.ok) return withPoint;
  const reading = (result: typeof withPoint) => (result.ok ? (result.cents / 100).toFixed(2) : 'no amount');
  return {
    ok: false,
    message: `"${text.trim()}" is ${reading(withPoint)} with a decimal point and ${reading(withComma)} with a decimal comma; choose the decimal separator`,
  };
}

/**
 * Words a type column may hold for each direction, in the languages of the bank exports the reader
 * knows (a Dutch file's "Af"/"Bij", an English "Debit"/"Credit").
 */
const TYPE_WORDS = new Map<string, TransactionType>([
  ['income', 'INCOME'],
  ['credit', 'INCOME'],
  ['cr', 'INCOME'],
  ['bij', 'INCOME'],
  ['haben', 'INCOME'],
  ['expense', 'EXPENSE'],
  ['debit', 'EXPENSE'],
  ['dr', 'EXPENSE'],
  ['af', 'EXPENSE'],
  ['soll', 'EXPENSE'],
]);

export function readTypeCell(text: string): { ok: true; type: TransactionType } | { ok: false; message: string } {
  const type = TYPE_WORDS.get(text.trim().toLowerCase());
  if (type) return { ok: true, type };
  if (text.trim() === '') return { ok: false, message: 'Type is required' };
  return {
    ok: false,
    message: `"${text.trim()}" is not a type: use INCOME or EXPENSE (or Credit/Debit), or ignore the column to take the type from the amount's sign`,
  };
}
