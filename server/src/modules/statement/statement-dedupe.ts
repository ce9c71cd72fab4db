import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  normaliseMerchant,
  STATEMENT_IMPORT_LIMITS,
  type StatementRowStatus,
  type TransactionType,
} from '@finailytics/shared';
import type { Db } from '../../db/client';
import { addDays } from '../../lib/calendar';
import { AppError } from '../../lib/errors';
import { yieldEvery } from '../../lib/event-loop-turns';
import { type AccountRowCursor, type ExistingAccountRow, findAccountRowBatch } from './statement-import.repository';

/** A file row as the dedupe rules see it. */
export interface ComparedRow {
  sourceId: string;
  type: TransactionType;
  /** Absolute cents, as a transaction stores them. */
  amountCents: number;
  date: string;
  title: string;
}

export interface RowStatus {
  status: Exclude<StatementRowStatus, 'error'>;
  duplicateOf: { id: string; title: string; date: string } | null;
}

/** How the account's existing rows are read: rows per statement, and the most one import may compare. */
export interface ComparedRowsLimits {
  batchRows: number;
  maxRows: number;
}

export const COMPARED_ROWS_LIMITS: ComparedRowsLimits = {
  batchRows: 2_000,
  maxRows: STATEMENT_IMPORT_LIMITS.maxComparedRows,
};

/** File rows classified between turns of the event loop. */
const CLASSIFY_ROWS_PER_TURN = 500;

export const tooManyComparedRows = (limit: number, from: string, to: string) =>
  `This account holds more than ${limit.toLocaleString('en-US')} transactions from ${from} to ${to} to compare ` +
  'the file with; import a statement that covers fewer days';

/** Whole days since 1970-01-01 of a 'YYYY-MM-DD' day: neighbouring days are neighbouring numbers. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

const amountKey = (type: TransactionType, amountCents: number) => `${type}|${amountCents}`;

/**
 * Whether an existing row can be the same movement as a file row it does not share a source id with.
 * A manual entry can; so can a row imported from another file whose id is a hash of what it said (a
 * CSV export or a QIF file read the same movement with another payee text or date). Two rows that
 * each carry their bank's own transaction id (FITID) cannot: the bank told them apart.
 */
function mayBeSameMovement(existingSourceId: string | null, fileSourceId: string): boolean {
  return !(existingSourceId?.startsWith('fitid:') && fileSourceId.startsWith('fitid:'));
}

/** An existing row that may be a possible duplicate, its payee normalised once. */
interface Candidate {
  row: ExistingAccountRow & { title: string };
  day: number;
  merchant: string;
}

/** Whether two normalised titles name the same merchant: equal, or one containing the other. */
function similarMerchant(left: string, right: string): boolean {
  if (left === '' || right === '') return false;
  return left === right || left.includes(right) || right.includes(left);
}

interface ComparedRows {
  /** Source ids of the file that the account already holds. */
  knownSources: Set<string>;
  /** Rows that may be possible duplicates, by type, amount and day, each list in (date, id) order. */
  candidates: Map<string, Candidate[]>;
}

/**
 * The account's rows that can decide a file row's status: those dated within the duplicate window of
 * the file's dates, read in batches of `limits.batchRows` (each one statement, a turn of the event
 * loop between) and at most `limits.maxRows` in all; past that the file is refused, since comparing it
 * with only part of the account could import a row twice. Of the rows read only the source ids the
 * file holds and the rows with a row of the file's type and amount within the window are kept.
 */
async function readComparedRows(
  db: Db,
  userId: string,
  accountId: string,
  rows: readonly ComparedRow[],
  limits: ComparedRowsLimits,
): Promise<ComparedRows> {
  const window = STATEMENT_IMPORT_LIMITS.duplicateWindowDays;
  let first = (rows[0] as ComparedRow).date;
  let last = first;
  const fileSources = new Set<string>();
  const fileDays = new Set<string>();
  const amounts = new Set<number>();
  for (const row of rows) {
    if (row.date < first) first = row.date;
    if (row.date > last) last = row.date;
    fileSources.add(row.sourceId);
    fileDays.add(`${amountKey(row.type, row.amountCents)}|${dayNumber(row.date)}`);
    amounts.add(row.amountCents);
  }
  const range = { from: addDays(first, -window), to: addDays(last, window) };
  const amountsCents = [...amounts];
  const knownSources = new Set<string>();
  const candidates = new Map<string, Candidate[]>();
  const nearFileRow = (key: string, day: number) => {
    for (let offset = -window; offset <= window; offset++) if (fileDays.has(`${key}|${day + offset}`)) return true;
    return false;
  };

  let after: AccountRowCursor | null = null;
  let scanned = 0;
  const maxBatches = Math.ceil((limits.maxRows + 1) / limits.batchRows);
  for (let batchNumber = 0; batchNumber < maxBatches; batchNumber++) {
    if (batchNumber > 0) await yieldToEventLoop();
    // One more row than the cap allows is read, to tell an account at the cap from one past it.
    const limit = Math.min(limits.batchRows, limits.maxRows + 1 - scanned);
    const batch = await findAccountRowBatch(db, userId, accountId, range, amountsCents, after, limit);
    scanned += batch.scanned;
    if (scanned > limits.maxRows) {
      throw new AppError('BAD_REQUEST', tooManyComparedRows(limits.maxRows, range.from, range.to));
    }
    for (const row of batch.rows) {
      if (row.sourceId !== null && fileSources.has(row.sourceId)) {
        knownSources.add(row.sourceId);
        continue;
      }
      const key = amountKey(row.type, row.amountCents);
      const day = dayNumber(row.date);
      if (row.title === null || !nearFileRow(key, day)) continue;
      const list = candidates.get(`${key}|${day}`) ?? [];
      list.push({ row: { ...row, title: row.title }, day, merchant: normaliseMerchant(row.title) });
      candidates.set(`${key}|${day}`, list);
    }
    if (batch.scanned < limit || !batch.last) break;
    after = batch.last;
  }
  return { knownSources, candidates };
}

/**
 * Each row's status against the account's transactions around the file's dates: already imported
 * when the account holds its source id (or an earlier row of the file has it), a possible duplicate
 * when another row that may be the same movement (a manual entry, or one imported from another file
 * without the bank's ids: mayBeSameMovement) has the same type and amount within the window and a
 * similar payee. Each existing row matches one file row at most, the nearest in date first
 * (the earlier in (date, id) order between two as near).
 */
export async function classifyRows(
  db: Db,
  userId: string,
  accountId: string,
  rows: readonly ComparedRow[],
  limits: ComparedRowsLimits = COMPARED_ROWS_LIMITS,
): Promise<RowStatus[]> {
  if (rows.length === 0) return [];
  const window = STATEMENT_IMPORT_LIMITS.duplicateWindowDays;
  const { knownSources, candidates } = await readComparedRows(db, userId, accountId, rows, limits);
  const taken = new Set<string>();
  const seenInFile = new Set<string>();
  const statuses: RowStatus[] = [];
  for (const [index, row] of rows.entries()) {
    await yieldEvery(CLASSIFY_ROWS_PER_TURN, index);
    if (knownSources.has(row.sourceId) || seenInFile.has(row.sourceId)) {
      statuses.push({ status: 'already imported', duplicateOf: null });
      continue;
    }
    seenInFile.add(row.sourceId);
    const key = amountKey(row.type, row.amountCents);
    const day = dayNumber(row.date);
    const merchant = normaliseMerchant(row.title);
    let match: Candidate | null = null;
    let matchDistance = Number.POSITIVE_INFINITY;
    // Days in ascending order and each day's rows in (date, id) order: the first nearest wins.
    for (let offset = -window; offset <= window; offset++) {
      for (const candidate of candidates.get(`${key}|${day + offset}`) ?? []) {
        const distance = Math.abs(offset);
        if (distance >= matchDistance || taken.has(candidate.row.id)) continue;
        if (!mayBeSameMovement(candidate.row.sourceId, row.sourceId)) continue;
        if (!similarMerchant(candidate.merchant, merchant)) continue;
        match = candidate;
        matchDistance = distance;
      }
    }
    if (!match) {
      statuses.push({ status: 'new', duplicateOf: null });
      continue;
    }
    taken.add(match.row.id);
    statuses.push({
      status: 'possible duplicate',
      duplicateOf: { id: match.row.id, title: match.row.title, date: match.row.date },
    });
  }
  return statuses;
}
