import {
  type CsvDateFormat,
  IMPORT_FIELDS,
  type ImportField,
  type ImportRow,
  type ImportRowInput,
  importRowSchema,
  parseAmountInput,
} from '@finailytics/shared';
import { userLocale } from '../../lib/format';

/**
 * RFC 4180 CSV: quoted fields with embedded commas, quotes ("") and line breaks, CRLF or LF, a
 * leading byte-order mark. Blank lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < input.length; index++) {
    const char = input[index];
    if (quoted) {
      if (char === '"') {
        if (input[index + 1] === '"') {
          field += '"';
          index++;
        } else quoted = false;
      } else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[index + 1] === '\n') index++;
      row.push(field);
      if (row.some((value) => value !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  row.push(field);
  if (row.some((value) => value !== '')) rows.push(row);
  return rows;
}

/** Column index per field; -1 when the field is not in the file. */
export type ColumnMapping = Record<ImportField, number>;

const ALIASES: Record<ImportField, string[]> = {
  title: ['title', 'name', 'payee', 'merchant'],
  type: ['type', 'kind'],
  amount: ['amount', 'value', 'sum'],
  category: ['category'],
  description: ['description', 'notes', 'note', 'memo'],
  date: ['date', 'day', 'transaction date'],
  paymentMethod: ['paymentmethod', 'payment method', 'payment_method', 'method'],
};

/** Guesses the mapping from the header row (the export's own header maps exactly). */
export function guessMapping(header: string[]): ColumnMapping {
  const normalized = header.map((name) => name.trim().toLowerCase());
  const mapping = {} as ColumnMapping;
  for (const field of IMPORT_FIELDS) {
    mapping[field] = normalized.findIndex((name) => ALIASES[field].includes(name));
  }
  return mapping;
}

/** Reads a date written in the chosen format as 'YYYY-MM-DD' (or returns the text for the schema to refuse). */
export function normalizeDate(value: string, format: CsvDateFormat): string {
  const parts = value.trim().split(/[-/.]/);
  if (parts.length !== 3) return value.trim();
  const [a = '', b = '', c = ''] = parts;
  const pad = (part: string) => part.padStart(2, '0');
  switch (format) {
    case 'YYYY-MM-DD':
    case 'YYYY/MM/DD':
      return `${a}-${pad(b)}-${pad(c)}`;
    case 'DD/MM/YYYY':
    case 'DD.MM.YYYY':
      return `${c}-${pad(b)}-${pad(a)}`;
    case 'MM/DD/YYYY':
      return `${c}-${pad(a)}-${pad(b)}`;
  }
}

export interface RowProblem {
  /** The spreadsheet row: the header is row 1. */
  row: number;
  field: string;
  message: string;
}

export interface ImportPreview {
  valid: ImportRow[];
  problems: RowProblem[];
  invalidRows: number;
}

/**
 * Applies the mapping and checks every row with the server's own row schema. Amount cells are read
 * with the shared amount parser in the person's locale, so `1.450,00` is 1450 and `1.450` may be refused.
 */
export function previewImport(
  rows: string[][],
  mapping: ColumnMapping,
  dateFormat: CsvDateFormat,
  locale = userLocale(),
): ImportPreview {
  const valid: ImportRow[] = [];
  const problems: RowProblem[] = [];
  let invalidRows = 0;
  rows.forEach((cells, index) => {
    const cell = (field: ImportField) => {
      const column = mapping[field];
      return column >= 0 ? (cells[column] ?? '').trim() : '';
    };
    const amount = parseAmountInput(cell('amount'), locale);
    const candidate: ImportRowInput = {
      title: cell('title'),
      description: cell('description') || null,
      type: cell('type').toUpperCase() as ImportRowInput['type'],
      amount: amount.ok ? amount.amount : Number.NaN,
      category: cell('category'),
      date: normalizeDate(cell('date'), dateFormat),
      ...(cell('paymentMethod')
        ? { paymentMethod: cell('paymentMethod').toUpperCase().replace(/\s+/g, '_') as ImportRowInput['paymentMethod'] }
        : {}),
    };
    const parsed = importRowSchema.safeParse(candidate);
    if (parsed.success) valid.push(parsed.data);
    else {
      invalidRows++;
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const message = field === 'amount' && !amount.ok ? amount.message : issue.message;
        problems.push({ row: index + 2, field, message });
      }
    }
  });
  return { valid, problems, invalidRows };
}
