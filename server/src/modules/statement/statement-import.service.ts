import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  fromCents,
  type ImportStatementData,
  MAX_AMOUNT,
  type ParsedStatement,
  type PaymentMethod,
  type PreviewStatementImportInput,
  STATEMENT_IMPORT_MESSAGES,
  STATEMENT_PREVIEW_LIMITS,
  type StatementImportPreview,
  type StatementImportResult,
  type StatementPreviewRow,
  type StatementRow,
  type TransactionType,
  UNCATEGORIZED_CATEGORY,
} from '@finailytics/shared';
import { decodeStrictBase64 } from '../../lib/base64';
import { AppError, notFound } from '../../lib/errors';
import type { AppDeps } from '../../trpc/context';
import { findAccount } from '../account/account.repository';
import { resolveCategoryNames } from '../category/category.service';
import { applyRulesToIncomingRows, categorisePreviewRows } from '../rule/rule.service';
import { QIF_MESSAGES } from './qif';
import { parseStatementFile } from './statement.parser';
import {
  COMPARED_ROWS_LIMITS,
  type ComparedRow,
  type ComparedRowsLimits,
  classifyRows,
  type RowStatus,
} from './statement-dedupe';
import { insertStatementTransactions, type NewStatementTransaction } from './statement-import.repository';
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
  /** Why the row cannot be stored, or null. */
  problem: string | null;
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
      problem: storageProblem(row),
    };
  });
  return { parsed, rows };
}

/**
 * What keeps a row from being stored: a transaction's amount is never zero and at most MAX_AMOUNT,
 * and a source id fits its column.
 */
function storageProblem(row: StatementRow): string | null {
  if (row.amountCents === 0) return 'has an amount of 0';
  if (Math.abs(row.amountCents) > MAX_AMOUNT * 100) return 'has an amount above the limit';
  if (row.fitId && row.fitId.length > 94) return 'has a bank id (FITID) longer than 94 characters';
  return null;
}

/** Every row must be storable, or nothing is imported; the refusal names the first three that are not. */
function requireStorableRows(rows: readonly ReadRow[]): void {
  const problems: string[] = [];
  for (const [index, read] of rows.entries()) {
    if (read.problem) problems.push(`transaction ${index + 1} ${read.problem}`);
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

function comparedRow(read: ReadRow): ComparedRow {
  return {
    sourceId: read.sourceId,
    type: read.type,
    amountCents: Math.abs(read.row.amountCents),
    date: read.row.date,
    title: read.title,
  };
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

/** Which rows a preview lists: the first rows, then possible duplicates and errors up to their cap. */
function listedIndexes(statuses: readonly StatementPreviewRow['status'][]): number[] {
  const listed: number[] = [];
  let flagged = 0;
  for (const [index, status] of statuses.entries()) {
    if (index < STATEMENT_PREVIEW_LIMITS.firstRows) listed.push(index);
    else if (status === 'possible duplicate' || status === 'error') {
      if (flagged === STATEMENT_PREVIEW_LIMITS.flaggedRows) break;
      flagged++;
      listed.push(index);
    }
  }
  return listed;
}

/**
 * `account.previewStatementImport`: reads the file and answers what the import would do with it:
 * counts of every row by status, and the rows a person reviews (the first rows, every possible
 * duplicate and every row that cannot be stored, up to STATEMENT_PREVIEW_LIMITS) as the import would
 * store them. A row that cannot be stored is answered as an error here; the import refuses the file.
 * Writes nothing.
 */
export async function previewStatementImport(
  deps: StatementImportDeps,
  userId: string,
  input: PreviewStatementImportInput,
  limits: ComparedRowsLimits = COMPARED_ROWS_LIMITS,
): Promise<StatementImportPreview> {
  await requireAccount(deps, userId, input.accountId);
  const { parsed, rows } = await readStatement(input);
  const storable = rows.filter((read) => read.problem === null);
  const storableStatuses = await classifyRows(deps.db, userId, input.accountId, storable.map(comparedRow), limits);
  const statusOf: Array<RowStatus | null> = [];
  let next = 0;
  for (const read of rows) statusOf.push(read.problem === null ? (storableStatuses[next++] as RowStatus) : null);
  const statuses = statusOf.map((status) => status?.status ?? 'error');
  const counts = { total: rows.length, new: 0, alreadyImported: 0, possibleDuplicates: 0, errors: 0 };
  for (const status of statuses) {
    if (status === 'new') counts.new++;
    else if (status === 'already imported') counts.alreadyImported++;
    else if (status === 'possible duplicate') counts.possibleDuplicates++;
    else counts.errors++;
  }
  const listed = listedIndexes(statuses);
  // Rules and suggestions are worked out for the listed rows only: the counts do not depend on them.
  const listedReads = listed.map((index) => rows[index] as ReadRow);
  const categorised = await categorisePreviewRows(deps.db, userId, incomingRows(listedReads));
  const previewRows = listed.map((index, position): StatementPreviewRow => {
    const read = rows[index] as ReadRow;
    const status = statusOf[index] ?? null;
    const incoming = categorised[position] as (typeof categorised)[number];
    return {
      position: index + 1,
      sourceId: read.sourceId,
      date: read.row.date,
      amount: fromCents(read.row.amountCents),
      type: read.type,
      payee: read.row.payee,
      memo: read.row.memo,
      title: incoming.title,
      category: incoming.category,
      categorisation: incoming.categorisation,
      status: statuses[index] as StatementPreviewRow['status'],
      duplicateOf: status?.duplicateOf ?? null,
      error: read.problem ? `This row ${read.problem}` : null,
    };
  });
  const listedFlagged = { possibleDuplicates: 0, errors: 0 };
  for (const row of previewRows) {
    if (row.status === 'possible duplicate') listedFlagged.possibleDuplicates++;
    else if (row.status === 'error') listedFlagged.errors++;
  }
  const unlisted = {
    total: rows.length - previewRows.length,
    possibleDuplicates: counts.possibleDuplicates - listedFlagged.possibleDuplicates,
    errors: counts.errors - listedFlagged.errors,
  };
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for (const read of rows) {
    if (firstDate === null || read.row.date < firstDate) firstDate = read.row.date;
    if (lastDate === null || read.row.date > lastDate) lastDate = read.row.date;
  }
  return {
    fileName: input.fileName,
    info: parsed.info,
    firstDate,
    lastDate,
    rows: previewRows,
    counts,
    unlisted,
    truncated: unlisted.possibleDuplicates + unlisted.errors > 0,
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
  requireStorableRows(rows);
  const statuses = await classifyRows(deps.db, userId, input.accountId, rows.map(comparedRow));
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
