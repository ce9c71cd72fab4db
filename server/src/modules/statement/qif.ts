import {
  isRealCalendarDate,
  type ParsedStatement,
  type QifDateOrder,
  STATEMENT_LIMITS,
  type StatementRow,
} from '@finailytics/shared';
import { parseAmountCents } from './statement-amount';
import { pacer } from './statement-pace';
import { statementError, tidyText } from './statement-text';

/*
 * QIF: a "!Type:Bank" header, then records of one-letter fields (D date, T or U amount, P payee,
 * M memo, N check number), each record ended by a line holding "^". QIF dates carry no order: 03/04/2026
 * is 4 March in the US and 3 April in Europe. The file decides when any of its dates can only be read
 * one way (a day above 12); when none can, the person must say which order the file uses.
 */

export const QIF_MESSAGES = {
  noHeader: 'The file does not start with a QIF header such as !Type:Bank',
  investment: 'Investment (!Type:Invst) QIF files are not supported; export the cash account instead',
  tooMany: `The file has more than ${STATEMENT_LIMITS.maxTransactions.toLocaleString('en-US')} transactions`,
  badDate: (value: string) => `A transaction has a date this app cannot read (${value.slice(0, 30)})`,
  badAmount: (value: string) => `A transaction has an amount this app cannot read (${value.slice(0, 30)})`,
  missing: (field: string, record: number) => `Transaction ${record} has no ${field}`,
  mixedDateOrder: 'The file writes dates both day-first and month-first; export it again with one date format',
  ambiguousDateOrder:
    'Every date in this file reads both as day/month and as month/day; choose which order your bank uses',
} as const;

/** The account types a QIF header may name that hold plain transactions. */
const CASH_TYPES = new Set(['BANK', 'CASH', 'CCARD', 'OTH A', 'OTH L']);

interface RawRecord {
  date: string | null;
  amount: string | null;
  payee: string;
  memo: string;
  checkNumber: string | null;
}

interface DateParts {
  /** The first and second numbers as written, and the four-digit year. */
  first: number;
  second: number;
  year: number;
}

/**
 * "03/04/2026", "3/ 4/26", "3/4'26" (Quicken's apostrophe marks 2000 and later), "03.04.2026",
 * "03-04-2026"; ISO "2026-03-04" is read as such and answered as a date directly.
 */
function splitDate(text: string): DateParts | string | null {
  const value = text.replace(/\s+/g, '');
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return isRealCalendarDate(value) ? value : null;
  const match = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-]|('))(\d{2}|\d{4})$/.exec(value);
  if (!match) return null;
  const [, first = '', second = '', apostrophe, yearText = ''] = match;
  let year = Number(yearText);
  if (yearText.length === 2) year += apostrophe || year < 70 ? 2000 : 1900;
  return { first: Number(first), second: Number(second), year };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The date order the file's own dates allow, or the one given; refuses a file that allows both or neither. */
function decideDateOrder(parts: DateParts[], given: QifDateOrder | undefined): QifDateOrder {
  const dayFirstPossible = parts.every((date) => date.second <= 12);
  const monthFirstPossible = parts.every((date) => date.first <= 12);
  if (!dayFirstPossible && !monthFirstPossible) throw statementError(QIF_MESSAGES.mixedDateOrder);
  if (dayFirstPossible && !monthFirstPossible) return 'DMY';
  if (monthFirstPossible && !dayFirstPossible) return 'MDY';
  if (given) return given;
  // Both readings fit; they only agree when every date has the same day and month number.
  if (parts.every((date) => date.first === date.second)) return 'MDY';
  throw statementError(QIF_MESSAGES.ambiguousDateOrder);
}

/** The records of a QIF bank, cash or card file. `dateOrder` settles a file whose dates read both ways. */
export async function parseQif(text: string, options: { dateOrder?: QifDateOrder } = {}): Promise<ParsedStatement> {
  const lines = text.split(/\r\n|\n|\r/);
  let index = 0;
  while (index < lines.length && (lines[index] ?? '').trim() === '') index++;
  let accountType: string | null = null;
  const records: RawRecord[] = [];
  let current: RawRecord = { date: null, amount: null, payee: '', memo: '', checkNumber: null };
  let touched = false;
  // A "!Account" block describes the account (name, type, ^) before its "!Type:" records.
  let inAccountBlock = false;
  const pace = pacer(5_000);
  for (; index < lines.length; index++) {
    await pace();
    const line = (lines[index] ?? '').trimEnd();
    if (line === '') continue;
    const code = line[0];
    const rest = line.slice(1).trim();
    if (code === '!') {
      if (/^Account\b/i.test(rest)) {
        inAccountBlock = true;
        continue;
      }
      const type = /^Type:\s*(.+)$/i.exec(rest)?.[1]?.trim().toUpperCase();
      if (type) inAccountBlock = false;
      if (type === 'INVST') throw statementError(QIF_MESSAGES.investment);
      if (type && CASH_TYPES.has(type)) accountType = type;
      continue;
    }
    if (inAccountBlock) continue;
    if (accountType === null) throw statementError(QIF_MESSAGES.noHeader);
    if (code === '^') {
      if (touched) records.push(current);
      if (records.length > STATEMENT_LIMITS.maxTransactions) throw statementError(QIF_MESSAGES.tooMany);
      current = { date: null, amount: null, payee: '', memo: '', checkNumber: null };
      touched = false;
      continue;
    }
    touched = true;
    if (code === 'D') current.date = rest;
    else if (code === 'T' || (code === 'U' && current.amount === null)) current.amount = rest;
    else if (code === 'P') current.payee = rest;
    else if (code === 'M') current.memo = rest;
    else if (code === 'N') current.checkNumber = rest || null;
    // Other fields (L category, C cleared, A address, S/E/$ splits) are not part of a statement row.
  }
  if (accountType === null) throw statementError(QIF_MESSAGES.noHeader);
  if (touched) records.push(current);
  if (records.length > STATEMENT_LIMITS.maxTransactions) throw statementError(QIF_MESSAGES.tooMany);

  const dates = records.map((record, position) => {
    if (!record.date) throw statementError(QIF_MESSAGES.missing('date', position + 1));
    const parts = splitDate(record.date);
    if (parts === null) throw statementError(QIF_MESSAGES.badDate(record.date));
    return parts;
  });
  const partial = dates.filter((date): date is DateParts => typeof date !== 'string');
  const order = partial.length > 0 ? decideDateOrder(partial, options.dateOrder) : 'MDY';
  const rows: StatementRow[] = [];
  const paceRows = pacer(1_000);
  for (const [position, record] of records.entries()) {
    await paceRows();
    const parts = dates[position] as DateParts | string;
    let date: string;
    if (typeof parts === 'string') {
      date = parts;
    } else {
      const [month, day] = order === 'MDY' ? [parts.first, parts.second] : [parts.second, parts.first];
      date = `${parts.year}-${pad(month)}-${pad(day)}`;
      if (!isRealCalendarDate(date)) throw statementError(QIF_MESSAGES.badDate(record.date ?? ''));
    }
    if (record.amount === null) throw statementError(QIF_MESSAGES.missing('amount', position + 1));
    const amountCents = parseAmountCents(record.amount, { grouping: true });
    if (amountCents === null) throw statementError(QIF_MESSAGES.badAmount(record.amount));
    rows.push({
      date,
      amountCents,
      payee: tidyText(record.payee, STATEMENT_LIMITS.maxPayeeLength),
      memo: tidyText(record.memo, STATEMENT_LIMITS.maxMemoLength),
      fitId: null,
      checkNumber: record.checkNumber ? record.checkNumber.slice(0, 32) : null,
    });
  }
  return {
    info: {
      format: 'QIF',
      accountId: null,
      accountType,
      currency: null,
      ledgerBalanceCents: null,
      ledgerBalanceDate: null,
    },
    rows,
  };
}
