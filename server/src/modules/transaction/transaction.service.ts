import {
  type CategoryCount,
  type CreateTransactionData,
  DUPLICATE_TITLE_PREFIX,
  type ImportResult,
  type ImportRow,
  type ListTransactionsQuery,
  recurrenceProblems,
  TRANSACTION_LIMITS,
  type Transaction,
  type TransactionFilters,
  type TransactionList,
  toCents,
  type UpdateTransactionData,
  type User,
} from '@finailytics/shared';
import type { Db } from '../../db/client';
import type { AppDeps } from '../../deps';
import { wakeJob } from '../../jobs/wake';
import { calendarDateIn } from '../../lib/calendar';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { setTransactionReceipt } from '../receipt/receipt.service';
import { materializeTemplate, nextOccurrenceWithin, type RecurringTemplate } from './recurrence';
import { csvHeaderLine, csvRecordLines } from './transaction.csv';
import { type TransactionRow, toTransaction, truncateCharacters } from './transaction.mapper';
import {
  countFromDailyTotals,
  countTransactions,
  filterConditions,
  findCategoryCounts,
  findLatestOccurrenceDate,
  findTransactionPage,
  findTransactionsAfter,
  findUserTransaction,
  insertOneOffTransactions,
  insertTransaction,
  type NewTransaction,
  orderFor,
  rollupCanCount,
  type TransactionChanges,
  type TransactionCursor,
  updateUserTransaction,
} from './transaction.repository';
import { deleteKeepingUndo } from './undo.service';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
/** The caller: whose ledger it is, and the time zone that decides which day "today" is. */
type Owner = Pick<User, 'id' | 'timezone'>;

const transactionNotFound = () => new AppError('NOT_FOUND', 'Transaction not found');

function today(owner: Owner, now: Date): string {
  try {
    return calendarDateIn(owner.timezone, now);
  } catch {
    return calendarDateIn('UTC', now);
  }
}

/**
 * Occurrences a create or update makes itself. A series started a few months back is complete as
 * soon as it is saved; a longer backlog (a daily series from 1990) is left to the scheduler's
 * recurring job, which this write wakes at once and which creates the rest in batches of
 * OCCURRENCE_BATCH. Meanwhile the template shows `nextRecurringDate` in the past: the date the
 * series has reached, which moves on until it is after today.
 */
export const INLINE_OCCURRENCES = 100;

/** A row just written, with the receipt it holds. */
type SavedRow = TransactionRow & { receiptId: string | null };

/**
 * Creates up to INLINE_OCCURRENCES occurrences of a template that are already due. The template's
 * row is locked (new, or read FOR UPDATE), so the scheduler cannot work on it at the same time.
 * `behind` says the scheduler has more to do once this transaction commits.
 */
async function catchUpTemplate(
  tx: Db,
  ownerId: string,
  row: SavedRow,
  todayDate: string,
  now: Date,
): Promise<{ row: SavedRow; behind: boolean }> {
  if (!row.isRecurring || !row.recurringInterval || !row.nextRecurringDate) return { row, behind: false };
  const template: RecurringTemplate = {
    ...row,
    userId: ownerId,
    recurringInterval: row.recurringInterval,
    nextRecurringDate: row.nextRecurringDate,
  };
  const { nextRecurringDate, behind } = await materializeTemplate(tx, template, todayDate, now, {
    limit: INLINE_OCCURRENCES,
  });
  return { row: { ...row, nextRecurringDate }, behind };
}

/** The saved template, after asking the scheduler for the occurrences it still has to make. */
function afterCatchUp({ row, behind }: { row: SavedRow; behind: boolean }): Transaction {
  if (behind) wakeJob('recurring-transactions');
  return toTransaction(row);
}

export async function createTransaction(deps: Deps, owner: Owner, input: CreateTransactionData): Promise<Transaction> {
  const now = deps.clock.now();
  const recurring = input.isRecurring && input.recurringInterval ? input.recurringInterval : null;
  const endDate = recurring ? (input.recurringEndDate ?? null) : null;
  const values: NewTransaction = {
    userId: owner.id,
    title: input.title,
    description: input.description ?? null,
    type: input.type,
    amountCents: toCents(input.amount),
    category: input.category,
    date: input.date,
    paymentMethod: input.paymentMethod,
    isRecurring: recurring !== null,
    recurringInterval: recurring,
    nextRecurringDate: recurring ? nextOccurrenceWithin(input.date, recurring, input.date, endDate) : null,
    recurringEndDate: endDate,
  };
  const saved = await deps.db.transaction(async (tx) => {
    const created = await insertTransaction(tx, values, now);
    const receiptId = input.receiptId
      ? await setTransactionReceipt(tx, owner.id, created.id, input.receiptId, now)
      : null;
    return catchUpTemplate(tx, owner.id, { ...created, receiptId }, today(owner, now), now);
  });
  return afterCatchUp(saved);
}

export async function listTransactions(
  deps: Deps,
  ownerId: string,
  query: ListTransactionsQuery,
): Promise<TransactionList> {
  const where = filterConditions(ownerId, query);
  // Filtered by type, category and dates at most, the count comes from the daily rollup, which is
  // exact and a few milliseconds at any ledger size; other filters need the ledger's own rows.
  const counting = rollupCanCount(query)
    ? countFromDailyTotals(deps.db, ownerId, query)
    : countTransactions(deps.db, where);
  const [rows, totalCount] = await Promise.all([
    findTransactionPage(deps.db, where, orderFor(query.sortBy, query.sortDir), {
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    }),
    counting,
  ]);
  return {
    items: rows.map(toTransaction),
    pagination: {
      page: query.page,
      pageSize: query.pageSize,
      totalCount,
      totalPages: Math.ceil(totalCount / query.pageSize),
    },
  };
}

export async function getTransaction(deps: Deps, ownerId: string, id: string): Promise<Transaction> {
  const row = await findUserTransaction(deps.db, ownerId, id);
  if (!row) throw transactionNotFound();
  return toTransaction(row);
}

/**
 * Applies the given fields. The recurrence rules are checked on the result. A changed schedule
 * (date, interval, turning recurrence on, or a new end date) resumes after the last occurrence
 * already created, so no past occurrence is made twice; turning recurrence off ends the series
 * and keeps the occurrences it made.
 */
export async function updateTransaction(deps: Deps, owner: Owner, input: UpdateTransactionData): Promise<Transaction> {
  const now = deps.clock.now();
  const { id, amount, receiptId, ...fields } = input;
  const saved = await deps.db.transaction(async (tx) => {
    const current = await findUserTransaction(tx, owner.id, id, { forUpdate: true });
    if (!current) throw transactionNotFound();

    const changes: TransactionChanges = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    );
    if (amount !== undefined) changes.amountCents = toCents(amount);

    const merged = { ...current, ...changes };
    const [problem] = recurrenceProblems(merged);
    if (problem) throw new AppError('BAD_REQUEST', problem.message);

    if (!merged.isRecurring) {
      Object.assign(changes, { recurringInterval: null, nextRecurringDate: null, recurringEndDate: null });
    } else if (
      merged.recurringInterval &&
      (!current.isRecurring ||
        merged.date !== current.date ||
        merged.recurringInterval !== current.recurringInterval ||
        merged.recurringEndDate !== current.recurringEndDate)
    ) {
      const latest = await findLatestOccurrenceDate(tx, id);
      const resumeAfter = latest !== null && latest > merged.date ? latest : merged.date;
      changes.nextRecurringDate = nextOccurrenceWithin(
        merged.date,
        merged.recurringInterval,
        resumeAfter,
        merged.recurringEndDate,
      );
    }

    const updated = await updateUserTransaction(tx, owner.id, id, changes, now).catch((error: unknown) => {
      // Two occurrences of one series cannot share a date (that is what keeps the scheduler exact).
      if (isUniqueViolation(error)) {
        throw new AppError('CONFLICT', 'This recurring series already has a transaction on that date');
      }
      throw error;
    });
    if (!updated) throw transactionNotFound();
    const attached =
      receiptId === undefined ? current.receiptId : await setTransactionReceipt(tx, owner.id, id, receiptId, now);
    return catchUpTemplate(tx, owner.id, { ...updated, receiptId: attached }, today(owner, now), now);
  });
  return afterCatchUp(saved);
}

/** A one-off copy on the same date; copying a recurring template does not copy its schedule. */
export async function duplicateTransaction(deps: Deps, ownerId: string, id: string): Promise<Transaction> {
  const original = await findUserTransaction(deps.db, ownerId, id);
  if (!original) throw transactionNotFound();
  const row = await insertTransaction(
    deps.db,
    {
      userId: ownerId,
      title: truncateCharacters(`${DUPLICATE_TITLE_PREFIX}${original.title}`, TRANSACTION_LIMITS.titleMax),
      description: original.description,
      type: original.type,
      amountCents: original.amountCents,
      category: original.category,
      date: original.date,
      paymentMethod: original.paymentMethod,
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
    },
    deps.clock.now(),
  );
  return toTransaction(row);
}

/** Deletes one transaction; the answer's undoId puts it back (transaction.undoDelete) for a while. */
export async function deleteTransaction(
  deps: Deps,
  ownerId: string,
  id: string,
): Promise<{ id: string; undoId: string }> {
  const outcome = await deleteKeepingUndo(deps, ownerId, [id]);
  if ('missing' in outcome) throw transactionNotFound();
  return { id, undoId: outcome.undoId };
}

/**
 * Deletes the caller's transactions among `ids`. All or nothing: if any id is unknown or someone
 * else's, nothing is deleted and the answer is NOT_FOUND, as for a single delete.
 */
export async function bulkDeleteTransactions(
  deps: Deps,
  ownerId: string,
  ids: string[],
): Promise<{ deletedCount: number; undoId: string }> {
  const outcome = await deleteKeepingUndo(deps, ownerId, [...new Set(ids)]);
  if ('missing' in outcome) {
    throw new AppError(
      'NOT_FOUND',
      `${outcome.missing} of the selected transactions were not found; nothing was deleted`,
    );
  }
  return outcome;
}

/**
 * Rows per insert statement of an import. Each statement holds the embedded database, and with it
 * the event loop, while its rows, their trigram index entries and the daily rollup are written.
 * Measured on two busy cores over 20,000 rows: the slowest statement of 1,000 rows took 240-1,100 ms,
 * of 250 rows 120-290 ms, of 100 rows 95-160 ms (most 12-30 ms); the whole import takes about as
 * long at any of these sizes.
 */
const IMPORT_STATEMENT_ROWS = 100;

/** Inserts validated rows in one database transaction: all of them land, or none. Never recurring. */
export async function importTransactions(deps: Deps, ownerId: string, rows: ImportRow[]): Promise<ImportResult> {
  const values = rows.map(
    (row): NewTransaction => ({
      userId: ownerId,
      title: row.title,
      description: row.description ?? null,
      type: row.type,
      amountCents: toCents(row.amount),
      category: row.category,
      date: row.date,
      paymentMethod: row.paymentMethod,
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
    }),
  );
  const now = deps.clock.now();
  const importedCount = await deps.db.transaction(async (tx) => {
    // Bounded statements in the one transaction: all land or none, and no single statement holds
    // the embedded database (and with it the event loop) for the whole file.
    let inserted = 0;
    for (let start = 0; start < values.length; start += IMPORT_STATEMENT_ROWS) {
      inserted += await insertOneOffTransactions(tx, values.slice(start, start + IMPORT_STATEMENT_ROWS), now);
    }
    return inserted;
  });
  return { importedCount };
}

/** Rows read per query of an export. */
const EXPORT_PAGE_ROWS = 1000;

/**
 * Every transaction matching the filters, in the list's order, as CSV text that importCsv reads
 * back. At most TRANSACTION_LIMITS.exportRowsMax: a larger selection is refused before any row is
 * read, with the advice to narrow it. The rows are read in keyset pages and written page by page.
 */
export async function exportTransactionsCsv(deps: Deps, ownerId: string, filters: TransactionFilters): Promise<string> {
  const where = filterConditions(ownerId, filters);
  const max = TRANSACTION_LIMITS.exportRowsMax;
  const total = rollupCanCount(filters)
    ? await countFromDailyTotals(deps.db, ownerId, filters)
    : await countTransactions(deps.db, where);
  const tooMany = (count: string) =>
    new AppError(
      'BAD_REQUEST',
      `The export would hold ${count} transactions; at most ${max.toLocaleString('en-US')} can be exported at once. Narrow it with a date range or another filter.`,
    );
  if (total > max) throw tooMany(total.toLocaleString('en-US'));
  const pieces = [csvHeaderLine()];
  let cursor: TransactionCursor | null = null;
  let exported = 0;
  for (;;) {
    const page = await findTransactionsAfter(deps.db, where, filters.sortBy, filters.sortDir, cursor, EXPORT_PAGE_ROWS);
    exported += page.length;
    // Rows written since the count could still push it over; the answer stays within the limit.
    if (exported > max) throw tooMany(`more than ${max.toLocaleString('en-US')}`);
    pieces.push(csvRecordLines(page));
    const last = page.at(-1);
    if (page.length < EXPORT_PAGE_ROWS || !last) break;
    cursor = { sortValue: last.sortValue, id: last.id };
  }
  return pieces.join('');
}

export async function listCategories(deps: Deps, ownerId: string): Promise<CategoryCount[]> {
  return findCategoryCounts(deps.db, ownerId);
}
