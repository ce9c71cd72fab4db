import {
  CSV_COLUMNS,
  CSV_IGNORE,
  type CsvField,
  type CsvMapping,
  type CsvSeparator,
  IMPORT_FIELDS,
  REQUIRED_IMPORT_FIELDS,
} from '@finailytics/shared';
import { AppError } from '../../lib/errors';

/*
 * Which column feeds which field. The app's own header maps exactly; bank exports are recognised by
 * the headers their banks write (docs/csv-import.md lists them); anything else the person maps.
 */

/** Headers compare without case, accents, spaces, underscores or hyphens: "Payment method" is PaymentMethod. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s_-]/g, '')
    .toLowerCase();
}

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
    const key = normalizeHeader(name);
    if (key && !positions.has(key)) positions.set(key, index);
  });
  const columns = new Map<CsvField, number>();
  const taken = new Set<number>();
  const unknown: string[] = [];
  for (const [column, target] of Object.entries(mapping ?? {})) {
    const index = positions.get(normalizeHeader(column));
    if (index === undefined) unknown.push(column);
    else {
      taken.add(index);
      if (target !== CSV_IGNORE) columns.set(target, index);
    }
  }
  if (unknown.length > 0) {
    throw new AppError('BAD_REQUEST', `The file has no column named ${unknown.map((name) => `"${name}"`).join(', ')}`);
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

/** Characters of the file looked at to find its separator: the header row fits many times over. */
const SEPARATOR_SAMPLE_CHARACTERS = 64 * 1024;

/**
 * The separator the header row uses most, counted outside quotes; a comma when none appears. The
 * header decides because its names never contain decimal commas, unlike the rows of a European file.
 */
export function detectSeparator(csv: string): CsvSeparator {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let seenText = false;
  const end = Math.min(csv.length, SEPARATOR_SAMPLE_CHARACTERS);
  for (let index = 0; index < end; index++) {
    const char = csv[index];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '\n' || char === '\r') {
      // Leading blank lines are no header; the first line with text is.
      if (seenText) break;
    } else if (char === ',' || char === ';' || char === '\t') counts[char] += 1;
    else if (char !== '\uFEFF' && char !== ' ') seenText = true;
  }
  const best = (Object.entries(counts) as [CsvSeparator, number][]).reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}
