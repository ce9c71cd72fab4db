import { RECURRING_INTERVALS, TRANSACTION_LIMITS } from '@finailytics/shared';
import { type Path, pathsOf, valueAt, withAt } from './paths';

/*
 * Inputs that are valid-looking yet reach the costly paths: dates at the ends of (and past) the
 * calendar on every date field, recurring series from and to those dates at every interval, CSV
 * texts at and over the size and row limits, ranges spanning centuries, and batches. A wrong type
 * is refused by validation in microseconds; these are the ones that get through to the database.
 */

/** Dates at, inside and just past the ends of any range the API could accept. */
export const FAR_DATES = ['9999-12-31', '2100-12-31', '1900-01-01', '0001-01-01', '2101-01-01'] as const;

/** Custom ranges spanning centuries, from the widest the format allows to the widest a series may use. */
export const CENTURY_RANGES = [
  { from: '0001-01-01', to: '9999-12-31' },
  { from: '0100-01-01', to: '9999-12-31' },
  { from: '1900-01-01', to: '2100-12-31' },
] as const;

/** Calls sent in one batched request (the server's default batch limit). */
export const BATCH_SIZE = 10;

const CSV_HEADER = 'Title,Type,Amount,Category,Date\n';
const MB = 1024 * 1024;

function csvRows(count: number): string {
  const rows: string[] = [CSV_HEADER];
  for (let row = 0; row < count; row++) {
    const day = String((row % 28) + 1).padStart(2, '0');
    rows.push(`Row ${row},EXPENSE,${(row % 500) + 1}.25,Food,2025-03-${day}\n`);
  }
  return rows.join('');
}

/** Fills `bytes` (UTF-8, ASCII here) with whole copies of `line`. */
function repeatedTo(line: string, bytes: number): string {
  return line.repeat(Math.floor(bytes / line.length));
}

let csvTexts: Record<string, string> | undefined;

/** Named CSV texts, built once: blank, ragged and valid files at and over the limits. */
export function expensiveCsvTexts(): Record<string, string> {
  csvTexts ??= {
    '1 MB of blank lines': '\n'.repeat(MB),
    '1 MB of blank CRLF lines': '\r\n'.repeat(MB / 2),
    '5 MB of "a,b" lines (at the size limit)': repeatedTo('a,b\n', TRANSACTION_LIMITS.csvMaxBytes),
    '5 MB of "a,b" lines plus one (over the size limit)': `${repeatedTo('a,b\n', TRANSACTION_LIMITS.csvMaxBytes)}a,b\n`,
    '5 MB of ragged rows': CSV_HEADER + repeatedTo('x\na,b,c,d,e,f,g,h\n,\n', TRANSACTION_LIMITS.csvMaxBytes - 64),
    '5 MB in one unterminated quoted field': `${CSV_HEADER}"${'x'.repeat(TRANSACTION_LIMITS.csvMaxBytes - 64)}`,
    [`${TRANSACTION_LIMITS.importRowsMax} valid rows (at the row limit)`]: csvRows(TRANSACTION_LIMITS.importRowsMax),
    [`${TRANSACTION_LIMITS.importRowsMax + 1} valid rows (over the row limit)`]: csvRows(
      TRANSACTION_LIMITS.importRowsMax + 1,
    ),
  };
  return csvTexts;
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** Every field of the sample holding a 'YYYY-MM-DD' date. */
function datePathsOf(sample: unknown): Path[] {
  return pathsOf(sample).filter((path) => {
    const value = valueAt(sample, path);
    return typeof value === 'string' && DATE_TEXT.test(value);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export interface ExpensiveInput {
  /** What the input is, for test names and failure messages. */
  label: string;
  input: unknown;
  /** Sent this many times in one batched request; 0 for a single call. */
  batch: number;
}

/** The expensive variants of a procedure's valid sample; none when the sample has nothing to stretch. */
export function expensiveInputsFor(sample: unknown): ExpensiveInput[] {
  const inputs: ExpensiveInput[] = [];
  if (sample !== undefined)
    inputs.push({ label: `${BATCH_SIZE} valid calls in one batch`, input: sample, batch: BATCH_SIZE });
  for (const path of datePathsOf(sample)) {
    for (const date of FAR_DATES) {
      inputs.push({ label: `${path.join('.')} = ${date}`, input: withAt(sample, path, date), batch: 0 });
    }
  }
  if (!isRecord(sample)) return inputs;
  if ('date' in sample) {
    for (const interval of RECURRING_INTERVALS) {
      for (const date of FAR_DATES) {
        const recurring = { ...sample, date, isRecurring: true, recurringInterval: interval, recurringEndDate: null };
        inputs.push({ label: `${interval} series from ${date}`, input: recurring, batch: 0 });
      }
      const century = { ...sample, date: '1900-01-01', isRecurring: true, recurringInterval: interval };
      inputs.push({
        label: `${interval} series from 1900-01-01 to 2100-12-31`,
        input: { ...century, recurringEndDate: '2100-12-31' },
        batch: 0,
      });
    }
  }
  if ('from' in sample || 'preset' in sample) {
    for (const range of CENTURY_RANGES) {
      const { preset: _preset, ...rest } = sample;
      const input = { ...rest, ...range };
      inputs.push({ label: `${range.from}..${range.to}`, input, batch: 0 });
      inputs.push({ label: `${range.from}..${range.to}, ${BATCH_SIZE} in one batch`, input, batch: BATCH_SIZE });
    }
  }
  if ('csv' in sample) {
    for (const [label, csv] of Object.entries(expensiveCsvTexts())) {
      inputs.push({ label, input: { ...sample, csv }, batch: 0 });
    }
  }
  return inputs;
}
