import {
  type CsvDateFormat,
  type CsvField,
  type DecimalSeparator,
  type ImportRowError,
  type PaymentMethod,
  TRANSACTION_LIMITS,
  type TransactionType,
  UNCATEGORIZED_CATEGORY,
} from '@finailytics/shared';
import { unescapeFormula } from './transaction.csv';
import { parseCsvDate, readAmountCell, readTypeCell } from './transaction.csv-cells';

/*
 * One CSV record as a candidate for the import's row schema: which cell fills which field, the
 * defaults for what the file leaves out, and the problems the cells already show.
 */

export interface CsvCandidate {
  /** Spreadsheet row: the header is row 1. */
  row: number;
  values: Record<string, unknown>;
  /** Problems found while reading the cells (e.g. a date in another format). */
  errors: ImportRowError[];
  /** Fields whose value was to follow from a cell with an error, so they are not reported again. */
  covered?: string[];
  /** The currency the row's currency cell names, when it is not the account's. */
  foreignCurrency?: string;
}

/** A body record as the parser gave it, with its spreadsheet row number (the header is row 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

export interface RowRules {
  columns: Map<CsvField, number>;
  dateFormat: CsvDateFormat;
  decimal: DecimalSeparator | null;
  defaultPaymentMethod: PaymentMethod;
  /** The account's currency, which a currency cell must name (or leave blank); null checks nothing. */
  currency: string | null;
}

/** One body record as a candidate for the row schema, with the problems its cells already showed. */
export function readRecord(record: CsvRecord, rules: RowRules): CsvCandidate {
  const { row } = record;
  const { columns } = rules;
  const cell = (field: CsvField): string | undefined => {
    const column = columns.get(field);
    return column === undefined ? undefined : (record.cells[column] ?? '');
  };
  const values: Record<string, unknown> = {};
  const errors: ImportRowError[] = [];
  const fail = (field: string, message: string) => errors.push({ row, field, message });

  const description = unescapeFormula(cell('description') ?? '');
  values.description = description.trim() === '' ? null : description;
  // Bank fees and interest often have no payee; their purpose line names them instead.
  const title = unescapeFormula(cell('title') ?? '');
  values.title = title.trim() === '' && description.trim() !== '' ? truncateUnits(description.trim(), titleMax) : title;

  const category = unescapeFormula(cell('category') ?? '');
  values.category = category.trim() === '' ? UNCATEGORIZED_CATEGORY : category;

  const method = (cell('paymentMethod') ?? '')
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  values.paymentMethod = method === '' ? rules.defaultPaymentMethod : method;

  const dateText = cell('date') ?? '';
  if (dateText.trim() === '') fail('date', 'Date is required');
  else {
    const date = parseCsvDate(dateText, rules.dateFormat);
    if (date === null) fail('date', `Date must be ${rules.dateFormat}`);
    else values.date = date;
  }

  const money = readMoney(cell, rules.decimal);
  if (!money.ok) fail(money.field, money.message);
  else {
    values.amount = money.cents / 100;
    if (money.type) values.type = money.type;
  }
  const typeText = cell('type');
  const covered: string[] = [];
  if (typeText !== undefined) {
    const type = readTypeCell(typeText);
    if (!type.ok) fail('type', type.message);
    else {
      values.type = type.type;
      if (money.ok && money.negative && type.type === 'INCOME') fail('amount', 'A negative amount cannot be INCOME');
    }
  } else if (!money.ok) {
    // The type was to follow from the amount, whose error already covers it.
    covered.push('type');
  }
  const foreignCurrency = checkCurrency(cell('currency'), rules.currency, fail);
  return { row, values, errors, covered, ...(foreignCurrency ? { foreignCurrency } : {}) };
}

/** Symbols a currency cell may hold instead of a code; "$" and "¥" name several currencies and are not read. */
const CURRENCY_SYMBOLS = new Map([
  ['€', 'EUR'],
  ['£', 'GBP'],
]);

/**
 * A row is imported in the account's currency only when its currency cell says so or is blank: a row
 * in another currency is an error, never taken as the account's. Returns the other currency, if any.
 */
function checkCurrency(
  text: string | undefined,
  currency: string | null,
  fail: (field: string, message: string) => void,
): string | undefined {
  const written = text?.trim() ?? '';
  if (currency === null || written === '') return undefined;
  const code = CURRENCY_SYMBOLS.get(written) ?? (/^[A-Za-z]{3}$/.test(written) ? written.toUpperCase() : null);
  if (code === null) {
    fail('currency', `"${truncateUnits(written, 20)}" is not a currency code like ${currency}`);
    return undefined;
  }
  if (code === currency) return undefined;
  fail('currency', `The row is in ${code}, not in your currency (${currency}); leave it out or enter it converted`);
  return code;
}

type Money =
  | { ok: true; cents: number; negative: boolean; type?: TransactionType }
  | { ok: false; field: string; message: string };

/**
 * The amount (positive cents) and, where the file says it through the amount, the direction: debit
 * and credit columns, or the sign when there is no type column. A type column decides otherwise.
 */
function readMoney(cell: (field: CsvField) => string | undefined, decimal: DecimalSeparator | null): Money {
  const debitText = cell('debit');
  const creditText = cell('credit');
  if (debitText !== undefined || creditText !== undefined) {
    const read = (text: string | undefined) =>
      text === undefined || text.trim() === '' ? null : readAmountCell(text, decimal);
    const debit = read(debitText);
    const credit = read(creditText);
    if (debit && !debit.ok) return { ok: false, field: 'amount', message: debit.message };
    if (credit && !credit.ok) return { ok: false, field: 'amount', message: credit.message };
    const out = debit?.ok ? Math.abs(debit.cents) : 0;
    const into = credit?.ok ? Math.abs(credit.cents) : 0;
    if (out > 0 && into > 0) return { ok: false, field: 'amount', message: 'The row has both a debit and a credit' };
    if (out === 0 && into === 0) {
      return { ok: false, field: 'amount', message: 'Amount is required: the row has no debit or credit' };
    }
    return out > 0
      ? { ok: true, cents: out, negative: false, type: 'EXPENSE' }
      : { ok: true, cents: into, negative: false, type: 'INCOME' };
  }
  const text = cell('amount') ?? '';
  if (text.trim() === '') return { ok: false, field: 'amount', message: 'Amount is required' };
  const amount = readAmountCell(text, decimal);
  if (!amount.ok) return { ok: false, field: 'amount', message: amount.message };
  if (amount.cents === 0) return { ok: false, field: 'amount', message: 'Amount must be greater than 0' };
  const negative = amount.cents < 0;
  const cents = Math.abs(amount.cents);
  if (cell('type') !== undefined) return { ok: true, cents, negative };
  return { ok: true, cents, negative, type: negative ? 'EXPENSE' : 'INCOME' };
}

const titleMax = TRANSACTION_LIMITS.titleMax;

/** At most `max` UTF-16 units (what the title's schema counts), never splitting a character. */
function truncateUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  let result = '';
  for (const character of text) {
    if (result.length + character.length > max) break;
    result += character;
  }
  return result;
}
