import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type CategoryCount,
  type CreateTransactionData,
  DUPLICATE_TITLE_PREFIX,
  type ImportResult,
  type ImportRow,
  type ListTransactionsQuery,
  recurrenceProblems,
  SUPPORTED_DATE_RANGE,
  TRANSACTION_LIMITS,
  TRANSFER_MESSAGES,
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
import { addDays, type CalendarDate, calendarDateIn, daysBetween } from '../../lib/calendar';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { resolveCategoryName, resolveCategoryNames } from '../category/category.service';
import { setTransactionReceipt } from '../receipt/receipt.service';
import { applyRulesToIncomingRows, categoryForNewTransaction } from '../rule/rule.service';
import { materializeTemplate, nextOccurrenceWithin, type RecurringTemplate } from './recurrence';
import { csvHeaderLine, csvRecordLines } from './transaction.csv';
import { type TransactionRow, toTransaction, truncateCharacters } from './transaction.mapper';
import {
  countMatching,
  filterConditions,
  findAccountNames,
  findCategoryCounts,
  findDefaultAccountId,
  findKnownSourceIds,
  findLatestOccurrenceDate,
  findOccurrenceSpanAfter,
  findOwnAccount,
  findTransactionPage,
  findTransactionsAfter,
  findUserTransaction,
  insertOneOffTransactions,
  insertTransaction,
  lockSeriesTemplate,
  type NewTransaction,
  type OccurrenceChanges,
  orderFor,
  type TransactionChanges,
  type TransactionCursor,
  updateOccurrencesAfter,
  updateUserTransaction,
} from './transaction.repository';
import { deleteKeepingUndo } from './undo.service';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
/** The caller: whose ledger it is, and the time zone that decides which day "today" is. */
type Owner = Pick<User, 'id' | 'timezone'>;

const transactionNotFound = () => new AppError('NOT_FOUND', 'Transaction not found');

/**
 * The account new rows go to: one of the owner's accounts that is not archived. Another user's
 * account, or an archived one, is NOT_FOUND, as for any id that is not the caller's to use.
 */
export async function requireWritableAccount(db: Db, ownerId: string, accountId: string) {
  const account = await findOwnAccount(db, ownerId, accountId);
  if (!account || account.isArchived) throw new AppError('NOT_FOUND', 'Account not found');
  return account;
}

/** Fields of a transfer leg that only transaction.updateTransfer changes, so both legs stay one transfer. */
const TRANSFER_LEG_FIELDS = ['amountCents', 'type', 'category', 'accountId', 'date', 'isRecurring'] as const;

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
    category:
      input.category ??
      (await categoryForNewTransaction(deps.db, owner.id, { ...input, amountCents: toCents(input.amount) })),
    date: input.date,
    paymentMethod: input.paymentMethod,
    isRecurring: recurring !== null,
    recurringInterval: recurring,
    nextRecurringDate: recurring ? nextOccurrenceWithin(input.date, recurring, input.date, endDate) : null,
    recurringEndDate: endDate,
  };
  if (input.accountId) values.accountId = (await requireWritableAccount(deps.db, owner.id, input.accountId)).id;
  const saved = await deps.db.transaction(async (tx) => {
    values.category = await resolveCategoryName(tx, owner.id, values.type, values.category, now);
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
  // exact and a few milliseconds at any ledger size, plus the transfer legs the rollup leaves out;
  // other filters need the ledger's own rows.
  const counting = countMatching(deps.db, ownerId, query);
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
 * Occurrences rewritten per statement when an edit reaches a series' occurrences. Each statement
 * holds the embedded database, and with it the event loop, while its rows, their index entries and
 * the daily rollup are written. Measured splitting a daily series of 13,300 occurrences on two cores
 * under a load average of 16: one UPDATE blocked the loop for 4.8 s; 250 rows per statement took
 * 100-600 ms each; 100 rows mostly under 100 ms, the slowest 240 ms, 4.5 s for the whole split.
 * Between statements the event loop gets a turn.
 */
const OCCURRENCE_UPDATE_ROWS = 100;

/** Statements one rewrite may take: a daily series across the whole supported range, and one more. */
const MAX_OCCURRENCE_UPDATES =
  Math.ceil((daysBetween(SUPPORTED_DATE_RANGE.min, SUPPORTED_DATE_RANGE.max) + 1) / OCCURRENCE_UPDATE_ROWS) + 1;

/**
 * Gives a template's occurrences (those after `after`, or all) the changes, and moves them to
 * `toTemplateId` when given: as many rows as the series has made, OCCURRENCE_UPDATE_ROWS per
 * statement, all inside the caller's transaction.
 */
async function rewriteOccurrences(
  tx: Db,
  target: { userId: string; templateId: string; after: CalendarDate | null },
  changes: OccurrenceChanges & { toTemplateId?: string },
  now: Date,
): Promise<void> {
  let after = target.after;
  for (let statement = 0; statement < MAX_OCCURRENCE_UPDATES; statement++) {
    const last = await updateOccurrencesAfter(tx, { ...target, after }, changes, now, OCCURRENCE_UPDATE_ROWS);
    if (last === null) return;
    after = last;
    await yieldToEventLoop();
  }
  throw new Error(`Series ${target.templateId} has more occurrences than its dates allow`);
}

/** The fields a series' rows share and an edit of the series passes on; each row keeps its own date. */
const SERIES_FIELDS = ['title', 'description', 'type', 'amountCents', 'category', 'paymentMethod'] as const;

/**
 * The series fields among `changes` that differ from `row`, the row the person edited: what they
 * changed there, and so what the rest of the series takes. A field sent as it already was is left
 * out, so an occurrence that was changed on its own keeps that change.
 */
function seriesChanges(row: TransactionRow, changes: TransactionChanges): OccurrenceChanges {
  const passed: Record<string, unknown> = {};
  for (const field of SERIES_FIELDS) {
    const value = changes[field];
    if (value !== undefined && value !== row[field]) passed[field] = value;
  }
  return passed as OccurrenceChanges;
}

/**
 * Applies the given fields (see UPDATE_SCOPES for `scope`). The recurrence rules are checked on the
 * result. A changed schedule (date, interval, turning recurrence on, or a new end date) resumes after
 * the last occurrence already created, so no past occurrence is made twice; turning recurrence off
 * ends the series and keeps the occurrences it made.
 *
 * A template is its series' pattern: with scope `this` its changes reach the occurrences made from
 * then on and none already made; with `future` the occurrences already made take them too. On an
 * occurrence, `this` changes that row alone and `future` splits the series there (splitSeries).
 */
export async function updateTransaction(deps: Deps, owner: Owner, input: UpdateTransactionData): Promise<Transaction> {
  const now = deps.clock.now();
  const { id, amount, scope, receiptId, ...fields } = input;
  const changes: TransactionChanges = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
  if (amount !== undefined) changes.amountCents = toCents(amount);

  const saved = await deps.db.transaction(async (tx) => {
    const target = await findUserTransaction(tx, owner.id, id);
    if (!target) throw transactionNotFound();
    if (target.transferId !== null) refuseLegChanges(target, changes);
    if (changes.accountId !== undefined && changes.accountId !== target.accountId) {
      await requireWritableAccount(tx, owner.id, changes.accountId);
    }
    if (changes.category !== undefined || changes.type !== undefined) {
      // Resolved before any row lock, in the order a rename takes its locks (category, then rows).
      const row = await findUserTransaction(tx, owner.id, id);
      if (!row) throw transactionNotFound();
      const type = changes.type ?? row.type;
      changes.category = await resolveCategoryName(tx, owner.id, type, changes.category ?? row.category, now);
    }
    if (scope === 'future') {
      const row = await findUserTransaction(tx, owner.id, id);
      if (!row) throw transactionNotFound();
      if (row.templateId !== null) {
        const edited = await splitSeries(tx, owner, row.templateId, id, changes, now);
        return withReceipt(tx, owner, id, receiptId, edited, now);
      }
    }
    const edited = await updateOneRow(tx, owner, id, changes, now, { wholeSeries: scope === 'future' });
    return withReceipt(tx, owner, id, receiptId, edited, now);
  });
  return afterCatchUp(saved);
}

/**
 * A transfer leg's amount, type, category, account and date change only with its other leg
 * (updateTransfer). Those fields sent as they already are (a form sends every field) are dropped, so
 * the leg's category is never resolved into the managed category list.
 */
function refuseLegChanges(row: TransactionRow, changes: TransactionChanges): void {
  for (const field of TRANSFER_LEG_FIELDS) {
    const value = changes[field];
    if (value === undefined) continue;
    if (value !== row[field]) throw new AppError('BAD_REQUEST', TRANSFER_MESSAGES.legLocked);
    delete changes[field];
  }
}

/** Attaches the update's receipt (or detaches it, for null) to the edited row; undefined keeps the one it has. */
async function withReceipt(
  tx: Db,
  owner: Owner,
  id: string,
  receiptId: string | null | undefined,
  edited: { row: SavedRow; behind: boolean },
  now: Date,
): Promise<{ row: SavedRow; behind: boolean }> {
  if (receiptId === undefined) return edited;
  const attached = await setTransactionReceipt(tx, owner.id, id, receiptId, now);
  return { ...edited, row: { ...edited.row, receiptId: attached } };
}

/** One row's update; with `wholeSeries`, a template's occurrences take its changed series fields. */
async function updateOneRow(
  tx: Db,
  owner: Owner,
  id: string,
  changes: TransactionChanges,
  now: Date,
  options: { wholeSeries: boolean },
): Promise<{ row: SavedRow; behind: boolean }> {
  const current = await findUserTransaction(tx, owner.id, id, { forUpdate: true });
  if (!current) throw transactionNotFound();
  const rowChanges: TransactionChanges = { ...changes };

  const merged = { ...current, ...rowChanges };
  const [problem] = recurrenceProblems(merged);
  if (problem) throw new AppError('BAD_REQUEST', problem.message);

  if (!merged.isRecurring) {
    Object.assign(rowChanges, { recurringInterval: null, nextRecurringDate: null, recurringEndDate: null });
  } else if (
    merged.recurringInterval &&
    (!current.isRecurring ||
      merged.date !== current.date ||
      merged.recurringInterval !== current.recurringInterval ||
      merged.recurringEndDate !== current.recurringEndDate)
  ) {
    const latest = await findLatestOccurrenceDate(tx, id);
    const resumeAfter = latest !== null && latest > merged.date ? latest : merged.date;
    rowChanges.nextRecurringDate = nextOccurrenceWithin(
      merged.date,
      merged.recurringInterval,
      resumeAfter,
      merged.recurringEndDate,
    );
  }

  // The template's row lock (taken above) keeps the scheduler off the series until this commits.
  if (options.wholeSeries && current.templateId === null) {
    const passed = seriesChanges(current, rowChanges);
    if (Object.keys(passed).length > 0) {
      await rewriteOccurrences(tx, { userId: owner.id, templateId: id, after: null }, passed, now);
    }
  }

  const updated = await updateUserTransaction(tx, owner.id, id, rowChanges, now).catch(refuseSameDayInSeries);
  if (!updated) throw transactionNotFound();
  return catchUpTemplate(tx, owner.id, { ...updated, receiptId: current.receiptId }, today(owner, now), now);
}

/** Two occurrences of one series cannot share a date (that is what keeps the scheduler exact). */
function refuseSameDayInSeries(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new AppError('CONFLICT', 'This recurring series already has a transaction on that date');
  }
  throw error;
}

/**
 * "This and future ones" on an occurrence: the series is split at it. The old template ends the day
 * before, so it makes nothing from that date on; the occurrence becomes the template of a new series
 * with the edited fields and the old schedule (or the edited one); the old series' occurrences after
 * it move to the new series and take its changed fields, keeping their own dates. Occurrences before
 * it are untouched. Everything is in the caller's one database transaction, with the old template's
 * row locked first: the recurring job skips a locked template and the report job waits for it, so
 * neither can make an occurrence of either series in between. The occurrences are moved by one
 * UPDATE, as many rows as the old series made after this date.
 */
async function splitSeries(
  tx: Db,
  owner: Owner,
  templateId: string,
  id: string,
  changes: TransactionChanges,
  now: Date,
): Promise<{ row: SavedRow; behind: boolean }> {
  // Template before occurrence, the order the scheduler locks in too.
  const template = await lockSeriesTemplate(tx, owner.id, templateId);
  const occurrence = await findUserTransaction(tx, owner.id, id, { forUpdate: true });
  if (!occurrence) throw transactionNotFound();
  if (!template || occurrence.templateId !== templateId) {
    throw new AppError('CONFLICT', 'This series changed while saving; reload and try again');
  }
  const splitDate = occurrence.date;
  if (splitDate <= template.date) {
    throw new AppError(
      'BAD_REQUEST',
      'This transaction is dated before its series began; edit the series from its first one',
    );
  }

  const schedule = {
    isRecurring: changes.isRecurring ?? template.isRecurring,
    recurringInterval: changes.recurringInterval !== undefined ? changes.recurringInterval : template.recurringInterval,
    recurringEndDate: changes.recurringEndDate !== undefined ? changes.recurringEndDate : template.recurringEndDate,
  };
  const date = changes.date ?? splitDate;
  const [problem] = recurrenceProblems({ date, ...schedule });
  if (problem) throw new AppError('BAD_REQUEST', problem.message);

  const later = await findOccurrenceSpanAfter(tx, templateId, splitDate);
  if (later.first !== null && date >= later.first) {
    throw new AppError(
      'BAD_REQUEST',
      `The date must be before the series' next transaction, on ${later.first}; change only this one to move it further`,
    );
  }

  if (template.isRecurring) {
    const dayBefore = addDays(splitDate, -1);
    const endDate =
      template.recurringEndDate !== null && template.recurringEndDate < dayBefore
        ? template.recurringEndDate
        : dayBefore;
    const next =
      template.nextRecurringDate !== null && template.nextRecurringDate <= endDate ? template.nextRecurringDate : null;
    await updateUserTransaction(tx, owner.id, templateId, { recurringEndDate: endDate, nextRecurringDate: next }, now);
  }

  const passed = seriesChanges(occurrence, changes);
  await rewriteOccurrences(
    tx,
    { userId: owner.id, templateId, after: splitDate },
    { ...passed, toTemplateId: id },
    now,
  );

  const recurring = schedule.isRecurring && schedule.recurringInterval !== null;
  const resumeAfter = later.last !== null && later.last > date ? later.last : date;
  const updated = await updateUserTransaction(
    tx,
    owner.id,
    id,
    {
      ...changes,
      date,
      templateId: null,
      isRecurring: recurring,
      recurringInterval: recurring ? schedule.recurringInterval : null,
      recurringEndDate: recurring ? schedule.recurringEndDate : null,
      nextRecurringDate:
        recurring && schedule.recurringInterval
          ? nextOccurrenceWithin(date, schedule.recurringInterval, resumeAfter, schedule.recurringEndDate)
          : null,
    },
    now,
  );
  if (!updated) throw transactionNotFound();
  return catchUpTemplate(tx, owner.id, { ...updated, receiptId: occurrence.receiptId }, today(owner, now), now);
}

/** A one-off copy on the same date; copying a recurring template does not copy its schedule. */
export async function duplicateTransaction(deps: Deps, ownerId: string, id: string): Promise<Transaction> {
  const original = await findUserTransaction(deps.db, ownerId, id);
  if (!original) throw transactionNotFound();
  if (original.transferId !== null) throw new AppError('BAD_REQUEST', TRANSFER_MESSAGES.legNotDuplicable);
  const row = await insertTransaction(
    deps.db,
    {
      userId: ownerId,
      accountId: original.accountId,
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
 * long at any of these sizes. Since each statement also keeps the account balances, 100-row
 * statements reached 200-270 ms, so an import writes 50 at a time.
 */
const IMPORT_STATEMENT_ROWS = 50;

/** Where imported rows go and what they are remembered by. */
export interface ImportTarget {
  /** The user's own account, not archived; left out, the default account. */
  accountId?: string;
  /**
   * One per row, in row order (a CSV file's: csvRowSourceIds). A row whose id the account already
   * holds is skipped and counted in `skippedCount`. Left out, nothing is skipped.
   */
  sourceIds?: readonly string[];
}

/**
 * Inserts validated rows in one database transaction: all of them land, or none, less those the
 * account already holds by source id. Never recurring.
 */
export async function importTransactions(
  deps: Deps,
  ownerId: string,
  rows: ImportRow[],
  target: ImportTarget = {},
): Promise<ImportResult> {
  const { sourceIds } = target;
  if (sourceIds && sourceIds.length !== rows.length) throw new Error('One source id per imported row');
  const account = target.accountId ? await requireWritableAccount(deps.db, ownerId, target.accountId) : undefined;
  const categorised = await applyRulesToIncomingRows(deps.db, ownerId, rows);
  const values = categorised.map(
    (row, index): NewTransaction => ({
      userId: ownerId,
      ...(account ? { accountId: account.id } : {}),
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
      sourceId: sourceIds?.[index] ?? null,
    }),
  );
  const now = deps.clock.now();
  const importedCount = await deps.db.transaction(async (tx) => {
    const categoryOf = await resolveCategoryNames(tx, ownerId, values, now);
    for (const value of values) value.category = categoryOf(value.type, value.category);
    // Bounded statements in the one transaction: all land or none, and no single statement holds
    // the embedded database (and with it the event loop) for the whole file.
    let inserted = 0;
    for (let start = 0; start < values.length; start += IMPORT_STATEMENT_ROWS) {
      // The embedded database answers without giving the event loop a turn: without this, the
      // statements of one import ran back to back and held other requests for 200-360 ms.
      if (start > 0) await yieldToEventLoop();
      inserted += await insertOneOffTransactions(tx, values.slice(start, start + IMPORT_STATEMENT_ROWS), now);
    }
    return inserted;
  });
  // Only a source id the account already held (from an earlier import, or one committed meanwhile
  // by an import racing this one) keeps a row out.
  return { importedCount, skippedCount: values.length - importedCount };
}

/**
 * How many of `sourceIds` the import's account (the one asked for, or the default) already holds,
 * and which: what a dry run tells the person the import will skip. Writes nothing, so a user who
 * has no default account yet holds none.
 */
export async function findAlreadyImported(
  deps: Deps,
  ownerId: string,
  sourceIds: readonly string[],
  accountId?: string,
): Promise<Set<string>> {
  const target = accountId
    ? (await requireWritableAccount(deps.db, ownerId, accountId)).id
    : await findDefaultAccountId(deps.db, ownerId);
  return target ? findKnownSourceIds(deps.db, ownerId, target, sourceIds) : new Set();
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
  const total = await countMatching(deps.db, ownerId, filters);
  const tooMany = (count: string) =>
    new AppError(
      'BAD_REQUEST',
      `The export would hold ${count} transactions; at most ${max.toLocaleString('en-US')} can be exported at once. Narrow it with a date range or another filter.`,
    );
  if (total > max) throw tooMany(total.toLocaleString('en-US'));
  const accountNames = await findAccountNames(deps.db, ownerId);
  const pieces = [csvHeaderLine()];
  let cursor: TransactionCursor | null = null;
  let exported = 0;
  for (;;) {
    const page = await findTransactionsAfter(deps.db, where, filters.sortBy, filters.sortDir, cursor, EXPORT_PAGE_ROWS);
    exported += page.length;
    // Rows written since the count could still push it over; the answer stays within the limit.
    if (exported > max) throw tooMany(`more than ${max.toLocaleString('en-US')}`);
    pieces.push(csvRecordLines(page, accountNames));
    const last = page.at(-1);
    if (page.length < EXPORT_PAGE_ROWS || !last) break;
    cursor = { sortValue: last.sortValue, id: last.id };
  }
  return pieces.join('');
}

export async function listCategories(deps: Deps, ownerId: string): Promise<CategoryCount[]> {
  return findCategoryCounts(deps.db, ownerId);
}
