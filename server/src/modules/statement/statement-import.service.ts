import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  fromCents,
  type ImportStatementData,
  MAX_AMOUNT,
  normaliseMerchant,
  type ParsedStatement,
  type PaymentMethod,
  type PreviewStatementImportInput,
  STATEMENT_IMPORT_LIMITS,
  STATEMENT_IMPORT_MESSAGES,
  type StatementImportPreview,
  type StatementImportResult,
  type StatementPreviewRow,
  type StatementRow,
  type TransactionType,
  UNCATEGORIZED_CATEGORY,
} from '@finailytics/shared';
import { decodeStrictBase64 } from '../../lib/base64';
import { addDays, daysBetween } from '../../lib/calendar';
import { AppError, notFound } from '../../lib/errors';
import type { AppDeps } from '../../trpc/context';
import { findAccount } from '../account/account.repository';
import { resolveCategoryNames } from '../category/category.service';
import { applyRulesToIncomingRows, categorisePreviewRows } from '../rule/rule.service';
import { QIF_MESSAGES } from './qif';
import { parseStatementFile } from './statement.parser';
import {
  type ExistingAccountRow,
  findAccountRowsBetween,
  insertStatementTransactions,
  type NewStatementTransaction,
} from './statement-import.repository';
import { statementRowSourceIds } from './statement-source-id';
import { decodeStatement } from './statement-text';

type StatementImportDeps = Pick<AppDeps, 'db' | 'clock'>;

/** Rows per insert statement: each holds the embedded database (and the event loop) briefly. */
const INSERT_STATEMENT_ROWS = 500;

/**
 * OFX transaction types that say how the money moved. The rest (DEBIT, CREDIT, OTHER, INT, FEE, …)
 * say only which way, and take the account's default.
 */
const PAYMENT_METHOD_BY_TRNTYPE: Record<string, PaymentMethod> = {
  POS: 'CARD',
  ATM: 'CASH',
  CASH: 'CASH',
  XFER: 'BANK_TRANSFER',
  DIRECTDEP: 'BANK_TRANSFER',
  PAYMENT: 'BANK_TRANSFER',
  DIRECTDEBIT: 'AUTO_DEBIT',
  REPEATPMT: 'AUTO_DEBIT',
};

/** A file row with everything the preview and the import decide about it. */
interface ReadRow {
  row: StatementRow;
  sourceId: string;
  type: TransactionType;
  title: string;
  description: string | null;
  paymentMethod: PaymentMethod;
}

interface ReadStatement {
  parsed: ParsedStatement;
  rows: ReadRow[];
}

/** The account, or NOT_FOUND: another user's account is answered exactly like one that does not exist. */
async function requireAccount(deps: StatementImportDeps, userId: string, accountId: string): Promise<void> {
  const account = await findAccount(deps.db, userId, accountId);
  if (!account) throw notFound('Account');
}

async function readStatement(input: PreviewStatementImportInput): Promise<ReadStatement> {
  const bytes = decodeStrictBase64(input.contentBase64);
  if (!bytes) throw new AppError('BAD_REQUEST', STATEMENT_IMPORT_MESSAGES.notBase64);
  let parsed: ParsedStatement;
  try {
    parsed = await parseStatementFile(bytes, { qifDateOrder: input.qifDateOrder });
  } catch (error) {
    if (error instanceof AppError && error.message === QIF_MESSAGES.ambiguousDateOrder) {
      throw new AppError('BAD_REQUEST', STATEMENT_IMPORT_MESSAGES.chooseDateOrder);
    }
    throw error;
  }
  requireStorableRows(parsed.rows);
  // A second pass over the text: the event loop gets a turn before it.
  if (parsed.info.format === 'OFX') await yieldToEventLoop();
  const methods = parsed.info.format === 'OFX' ? ofxPaymentMethods(bytes, parsed.rows.length) : null;
  const isCard = parsed.info.accountType === 'CREDITCARD' || parsed.info.accountType === 'CCARD';
  const fallback: PaymentMethod = isCard ? 'CARD' : 'OTHER';
  const sourceIds = statementRowSourceIds(parsed.rows);
  const rows = parsed.rows.map((row, index): ReadRow => {
    const title = row.payee || row.memo || (row.checkNumber ? `Check ${row.checkNumber}` : 'Bank transaction');
    return {
      row,
      sourceId: sourceIds[index] as string,
      type: row.amountCents > 0 ? 'INCOME' : 'EXPENSE',
      title: title.slice(0, 255),
      description: row.memo && row.memo !== title ? row.memo : null,
      paymentMethod: methods?.[index] ?? fallback,
    };
  });
  return { parsed, rows };
}

/**
 * Every row must be storable, or nothing is imported: a transaction's amount is never zero and at
 * most MAX_AMOUNT, and a source id fits its column.
 */
function requireStorableRows(rows: readonly StatementRow[]): void {
  const problems: string[] = [];
  for (const [index, row] of rows.entries()) {
    const number = index + 1;
    if (row.amountCents === 0) problems.push(`transaction ${number} has an amount of 0`);
    else if (Math.abs(row.amountCents) > MAX_AMOUNT * 100)
      problems.push(`transaction ${number} has an amount above the limit`);
    else if (row.fitId && row.fitId.length > 94)
      problems.push(`transaction ${number} has a bank id (FITID) longer than 94 characters`);
  }
  if (problems.length === 0) return;
  const listed = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  throw new AppError('BAD_REQUEST', `Nothing was imported: ${listed}${more}`);
}

/**
 * The payment method each OFX transaction's TRNTYPE names, in file order. The parser reads one
 * statement's STMTTRN aggregates in document order and each holds exactly one TRNTYPE, so the n-th
 * TRNTYPE is the n-th row's; when the counts differ the file is unusual and none is trusted.
 */
function ofxPaymentMethods(bytes: Uint8Array, rowCount: number): Array<PaymentMethod | undefined> | null {
  const types = [...decodeStatement(bytes).matchAll(/<TRNTYPE>\s*([A-Za-z]+)/g)].map((match) =>
    (match[1] as string).toUpperCase(),
  );
  if (types.length !== rowCount) return null;
  return types.map((type) => PAYMENT_METHOD_BY_TRNTYPE[type]);
}

interface RowStatus {
  status: StatementPreviewRow['status'];
  duplicateOf: ExistingAccountRow | null;
}

/** Whether two titles name the same merchant: equal once normalised, or one containing the other. */
function similarPayee(a: string, b: string): boolean {
  const left = normaliseMerchant(a);
  const right = normaliseMerchant(b);
  if (left === '' || right === '') return false;
  return left === right || left.includes(right) || right.includes(left);
}

/**
 * Each row's status against the account's transactions around the file's dates: already imported
 * when the account holds its source id (or an earlier row of the file has it), a possible duplicate
 * when a row without a source id (a manual entry) has the same type and amount within the window
 * and a similar payee. Each existing row matches one file row at most, the nearest in date first.
 */
async function classifyRows(
  deps: StatementImportDeps,
  userId: string,
  accountId: string,
  rows: readonly ReadRow[],
): Promise<RowStatus[]> {
  if (rows.length === 0) return [];
  const window = STATEMENT_IMPORT_LIMITS.duplicateWindowDays;
  let first = (rows[0] as ReadRow).row.date;
  let last = first;
  for (const { row } of rows) {
    if (row.date < first) first = row.date;
    if (row.date > last) last = row.date;
  }
  const existing = await findAccountRowsBetween(
    deps.db,
    userId,
    accountId,
    addDays(first, -window),
    addDays(last, window),
  );
  const knownSources = new Set(existing.flatMap((row) => (row.sourceId ? [row.sourceId] : [])));
  const manualByAmount = new Map<string, ExistingAccountRow[]>();
  for (const row of existing) {
    if (row.sourceId) continue;
    const key = `${row.type}|${row.amountCents}`;
    const list = manualByAmount.get(key) ?? [];
    list.push(row);
    manualByAmount.set(key, list);
  }
  const taken = new Set<string>();
  const seenInFile = new Set<string>();
  const statuses: RowStatus[] = [];
  for (const [index, read] of rows.entries()) {
    if (index > 0 && index % INSERT_STATEMENT_ROWS === 0) await yieldToEventLoop();
    if (knownSources.has(read.sourceId) || seenInFile.has(read.sourceId)) {
      statuses.push({ status: 'already imported', duplicateOf: null });
      continue;
    }
    seenInFile.add(read.sourceId);
    const candidates = (manualByAmount.get(`${read.type}|${Math.abs(read.row.amountCents)}`) ?? [])
      .filter((row) => !taken.has(row.id))
      .map((row) => ({ row, distance: Math.abs(daysBetween(row.date, read.row.date)) }))
      .filter(({ row, distance }) => distance <= window && similarPayee(row.title, read.title))
      .sort((a, b) => a.distance - b.distance);
    const match = candidates[0]?.row ?? null;
    if (match) taken.add(match.id);
    statuses.push(match ? { status: 'possible duplicate', duplicateOf: match } : { status: 'new', duplicateOf: null });
  }
  return statuses;
}

/** The rows as the import's categorisation sees them: the placeholder category, decimals. */
function incomingRows(rows: readonly ReadRow[]) {
  return rows.map((read) => ({
    title: read.title,
    description: read.description,
    type: read.type,
    amount: fromCents(Math.abs(read.row.amountCents)),
    category: UNCATEGORIZED_CATEGORY,
    paymentMethod: read.paymentMethod,
  }));
}

/**
 * `account.previewStatementImport`: reads the file and answers every row as the import would store it,
 * with its status against the account's transactions. Writes nothing.
 */
export async function previewStatementImport(
  deps: StatementImportDeps,
  userId: string,
  input: PreviewStatementImportInput,
): Promise<StatementImportPreview> {
  await requireAccount(deps, userId, input.accountId);
  const { parsed, rows } = await readStatement(input);
  const statuses = await classifyRows(deps, userId, input.accountId, rows);
  const categorised = await categorisePreviewRows(deps.db, userId, incomingRows(rows));
  const previewRows = rows.map((read, index): StatementPreviewRow => {
    const status = statuses[index] as RowStatus;
    const incoming = categorised[index] as (typeof categorised)[number];
    return {
      sourceId: read.sourceId,
      date: read.row.date,
      amount: fromCents(read.row.amountCents),
      type: read.type,
      payee: read.row.payee,
      memo: read.row.memo,
      title: incoming.title,
      category: incoming.category,
      categorisation: incoming.categorisation,
      status: status.status,
      duplicateOf: status.duplicateOf
        ? { id: status.duplicateOf.id, title: status.duplicateOf.title, date: status.duplicateOf.date }
        : null,
    };
  });
  const dates = rows.map((read) => read.row.date).sort();
  return {
    fileName: input.fileName,
    info: parsed.info,
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    rows: previewRows,
    counts: {
      total: previewRows.length,
      new: previewRows.filter((row) => row.status === 'new').length,
      alreadyImported: previewRows.filter((row) => row.status === 'already imported').length,
      possibleDuplicates: previewRows.filter((row) => row.status === 'possible duplicate').length,
    },
  };
}

/**
 * `account.importStatement`: stores the file's new rows, and the possible duplicates the person chose
 * to keep, with their source ids, in bounded statements inside one database transaction (all or
 * nothing). A row whose source id the account gained meanwhile (an overlapping import running at the
 * same time) is skipped by the database and counted as already imported.
 */
export async function importStatement(
  deps: StatementImportDeps,
  userId: string,
  input: ImportStatementData,
): Promise<StatementImportResult> {
  await requireAccount(deps, userId, input.accountId);
  const { rows } = await readStatement(input);
  const statuses = await classifyRows(deps, userId, input.accountId, rows);
  const kept = new Set(input.keepDuplicates);
  const chosen: ReadRow[] = [];
  let skippedAlreadyImported = 0;
  let skippedPossibleDuplicates = 0;
  for (const [index, read] of rows.entries()) {
    const { status } = statuses[index] as RowStatus;
    if (status === 'already imported') skippedAlreadyImported++;
    else if (status === 'possible duplicate' && !kept.has(read.sourceId)) skippedPossibleDuplicates++;
    else chosen.push(read);
  }
  const categorised = await applyRulesToIncomingRows(deps.db, userId, incomingRows(chosen));
  const values = chosen.map((read, index): NewStatementTransaction => {
    const incoming = categorised[index] as (typeof categorised)[number];
    return {
      title: incoming.title,
      description: read.description,
      type: read.type,
      amountCents: Math.abs(read.row.amountCents),
      category: incoming.category,
      date: read.row.date,
      paymentMethod: incoming.paymentMethod,
      sourceId: read.sourceId,
    };
  });
  const now = deps.clock.now();
  const imported = await deps.db.transaction(async (tx) => {
    const categoryOf = await resolveCategoryNames(tx, userId, values, now);
    for (const value of values) value.category = categoryOf(value.type, value.category);
    let inserted = 0;
    for (let start = 0; start < values.length; start += INSERT_STATEMENT_ROWS) {
      if (start > 0) await yieldToEventLoop();
      const batch = values.slice(start, start + INSERT_STATEMENT_ROWS);
      inserted += await insertStatementTransactions(tx, userId, input.accountId, batch, now);
    }
    return inserted;
  });
  return {
    imported,
    skippedAlreadyImported: skippedAlreadyImported + (values.length - imported),
    skippedPossibleDuplicates,
  };
}
