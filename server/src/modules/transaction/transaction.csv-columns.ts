import {
  CSV_COLUMNS,
  CSV_HEADER_SEARCH_LINES,
  CSV_IGNORE,
  type CsvField,
  type CsvMapping,
  type CsvSeparator,
  type CsvSeparatorOption,
  IMPORT_FIELDS,
  normalizeCsvHeader,
  REQUIRED_IMPORT_FIELDS,
} from '@finailytics/shared';
import { AppError } from '../../lib/errors';

/*
 * Which column feeds which field. The app's own header maps exactly; bank exports are recognised by
 * the headers their banks write (docs/csv-import.md lists them); anything else the person maps.
 */

/**
 * Header names per field, most specific first, already normalized. Fields are resolved in the order
 * of this object, each taking the first name still free: "Description" is the description when a
 * Title column exists and the title otherwise (a UK bank's `Date,Description,Debit,Credit`).
 */
const HEADER_ALIASES: Record<CsvField, string[]> = {
  title: [
    'title',
    'payee',
    'name',
    'merchant',
    'empfanger',
    'zahlungsempfanger',
    'beguenstigter/zahlungspflichtiger',
    'naam/omschrijving',
    'naam',
    'libelle',
    'description',
    'details',
  ],
  description: ['description', 'memo', 'notes', 'note', 'verwendungszweck', 'mededelingen', 'reference', 'details'],
  amount: ['amount', 'betrag', 'bedrag', 'bedrag(eur)', 'montant', 'value', 'sum'],
  debit: ['debit', 'debitamount', 'moneyout', 'paidout', 'soll'],
  credit: ['credit', 'creditamount', 'moneyin', 'paidin', 'haben'],
  type: ['type', 'afbij', 'kind', 'debit/credit', 'creditdebitindicator'],
  category: ['category', 'kategorie', 'categorie'],
  date: [
    'date',
    'transactiondate',
    'bookingdate',
    'buchungstag',
    'buchungsdatum',
    'datum',
    'dateoperation',
    'postdate',
    'valuedate',
    'valuta',
    'day',
  ],
  paymentMethod: ['paymentmethod', 'method'],
  currency: ['currency', 'currencycode', 'ccy', 'wahrung', 'waehrung', 'devise', 'munt', 'divisa', 'moneda'],
};

export interface ResolvedColumns {
  /** Column index per field read. */
  columns: Map<CsvField, number>;
  /** Fields that need a column and have none. */
  missing: CsvField[];
}

/**
 * The explicit mapping first, then the headers the reader recognises. Debit and credit columns are
 * recognised only when there is no amount column, and a type column only when there are no debit
 * and credit columns, so the direction of money has one source.
 */
export function resolveColumns(header: string[], mapping: CsvMapping | undefined): ResolvedColumns {
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    const key = normalizeCsvHeader(name);
    if (key && !positions.has(key)) positions.set(key, index);
  });
  const columns = new Map<CsvField, number>();
  const taken = new Set<number>();
  const unknown: string[] = [];
  const twice: string[] = [];
  for (const [column, target] of Object.entries(mapping ?? {})) {
    const index = positions.get(normalizeCsvHeader(column));
    if (index === undefined) unknown.push(column);
    // Names differing only in case or spaces are one column: it cannot fill two fields at once.
    else if (taken.has(index)) twice.push(column);
    else {
      taken.add(index);
      if (target !== CSV_IGNORE) columns.set(target, index);
    }
  }
  const quoted = (names: string[]) => names.map((name) => `"${name}"`).join(', ');
  if (unknown.length > 0) throw new AppError('BAD_REQUEST', `The file has no column named ${quoted(unknown)}`);
  if (twice.length > 0) {
    throw new AppError('BAD_REQUEST', `The mapping names a column again as ${quoted(twice)}; map each column once`);
  }
  const hasDebitOrCredit = () => columns.has('debit') || columns.has('credit');
  if (columns.has('amount') && hasDebitOrCredit()) {
    throw new AppError('BAD_REQUEST', 'Map either an amount column or debit and credit columns, not both');
  }
  if (columns.has('type') && hasDebitOrCredit()) {
    throw new AppError('BAD_REQUEST', 'Map either a type column or debit and credit columns, not both');
  }
  for (const field of Object.keys(HEADER_ALIASES) as CsvField[]) {
    if (columns.has(field)) continue;
    if ((field === 'debit' || field === 'credit') && columns.has('amount')) continue;
    if (field === 'type' && hasDebitOrCredit()) continue;
    for (const alias of HEADER_ALIASES[field]) {
      const index = positions.get(alias);
      if (index !== undefined && !taken.has(index)) {
        columns.set(field, index);
        taken.add(index);
        break;
      }
    }
  }
  const missing = REQUIRED_IMPORT_FIELDS.filter(
    (field) => !columns.has(field) && !(field === 'amount' && hasDebitOrCredit()),
  );
  return { columns, missing };
}

/** The refusal for a file whose needed columns are missing, naming them and the app's own header. */
export function missingColumnsError(missing: CsvField[]): AppError {
  const names = missing.map((field) => (field in CSV_COLUMNS ? CSV_COLUMNS[field as keyof typeof CSV_COLUMNS] : field));
  return new AppError(
    'BAD_REQUEST',
    `The file has no column for ${names.join(', ')}; map one or use the header ${IMPORT_FIELDS.map((field) => CSV_COLUMNS[field]).join(',')}`,
  );
}

/** Characters of the file looked at to find its header row and separator: a bank's preamble fits many times over. */
const HEADER_SAMPLE_CHARACTERS = 64 * 1024;
/** A line with more cells than this is no header (the mapping takes at most 100 columns). */
const HEADER_MAX_CELLS = 200;
const SEPARATORS: CsvSeparator[] = [',', ';', '\t'];

export interface HeaderLocation {
  /** Characters before the header row: the lines above it (and a BOM). */
  offset: number;
  /** Lines (records) above the header row, blank ones included. */
  skippedLines: number;
  separator: CsvSeparator;
}

/**
 * Where the header row starts and the separator it uses. Many banks write lines above it (account name,
 * IBAN, period, balance, blank lines), so among the first CSV_HEADER_SEARCH_LINES lines (within 64 KB) the
 * first whose cells name every needed column, by the mapping or as recognised, is the header. When none
 * does, the first line with text is, and the person maps its columns. A separator given is used; `auto`
 * tries the ones the line uses, most used first. The header decides because its names never contain
 * decimal commas, unlike the rows of a European file; a comma when a line has no separator at all.
 */
export function locateHeader(
  csv: string,
  separator: CsvSeparatorOption,
  mapping: CsvMapping | undefined,
): HeaderLocation {
  let firstWithText: HeaderLocation | undefined;
  for (const [index, line] of leadingLines(csv).entries()) {
    // Blank lines, and lines of empty cells only, are no header.
    if (!/[^\s,;"\uFEFF]/.test(line.text)) continue;
    const counts = separatorCounts(line.text);
    const tried = separator === 'auto' ? SEPARATORS.filter((candidate) => counts[candidate] > 0) : [separator];
    tried.sort((a, b) => counts[b] - counts[a]);
    firstWithText ??= { offset: line.start, skippedLines: index, separator: tried[0] ?? ',' };
    for (const candidate of tried) {
      if (counts[candidate] + 1 > HEADER_MAX_CELLS) continue;
      if (namesNeededColumns(splitCells(line.text, candidate), mapping)) {
        return { offset: line.start, skippedLines: index, separator: candidate };
      }
    }
  }
  return firstWithText ?? { offset: 0, skippedLines: 0, separator: separator === 'auto' ? ',' : separator };
}

/** Whether a row of cells would do as the header: every needed field has a column, the mapping's all exist. */
function namesNeededColumns(cells: string[], mapping: CsvMapping | undefined): boolean {
  try {
    return resolveColumns(cells, mapping).missing.length === 0;
  } catch {
    // A mapping naming a column this line lacks: not the header it was made for.
    return false;
  }
}

/**
 * The first lines of the file with where each starts; a line ends at a line break outside quotes, so a
 * quoted cell with a line break stays in its line, as the parser will read it.
 */
function leadingLines(csv: string): { start: number; text: string }[] {
  const lines: { start: number; text: string }[] = [];
  const end = Math.min(csv.length, HEADER_SAMPLE_CHARACTERS);
  let start = 0;
  let quoted = false;
  for (let index = 0; index < end && lines.length < CSV_HEADER_SEARCH_LINES; index++) {
    const char = csv[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      lines.push({ start, text: csv.slice(start, index) });
      if (char === '\r' && csv[index + 1] === '\n') index++;
      start = index + 1;
    }
  }
  // The last line looked at, unless the window ends inside it (a long first line is still read whole by the parser).
  if (lines.length < CSV_HEADER_SEARCH_LINES && start < end && end === csv.length) {
    lines.push({ start, text: csv.slice(start, end) });
  }
  if (lines.length === 0 && end > 0) lines.push({ start: 0, text: csv.slice(0, end) });
  return lines;
}

function separatorCounts(line: string): Record<CsvSeparator, number> {
  const counts: Record<CsvSeparator, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
  }
  return counts;
}

/** One line's cells, quotes removed ("" is a quote), as the parser would give them for a header. */
function splitCells(line: string, separator: CsvSeparator): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  const text = line.startsWith('\uFEFF') ? line.slice(1) : line;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      if (quoted && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else quoted = !quoted;
    } else if (char === separator && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}
