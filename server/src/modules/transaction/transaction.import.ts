import {
  CSV_PREVIEW_LIMITS,
  type CsvImportPreview,
  type CsvPreviewRow,
  formatImportRowError,
  type ImportCsvData,
  type ImportResult,
  type ImportRow,
  type ImportRowError,
  importRowSchema,
} from '@finailytics/shared';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { notFound } from '../../lib/errors';
import { yieldEvery } from '../../lib/event-loop-turns';
import type { AppDeps } from '../../trpc/context';
import { categorisePreviewRows } from '../rule/rule.service';
import { findUserById } from '../user/user.repository';
import { readCsvImport } from './transaction.csv';
import { csvRowSourceIds } from './transaction.csv-source-ids';
import { findAlreadyImported, importTransactions } from './transaction.service';

export interface ImportCandidate {
  /** The number the user sees for this row in error messages. */
  row: number;
  values: unknown;
  /** Problems already found while reading the row (CSV cells that could not be read). */
  errors?: ImportRowError[];
  /** Fields that follow from a cell already reported (a type taken from an unreadable amount). */
  covered?: string[];
}

/** Rows checked between two turns of the event loop: 10,000 rows at once would hold it for too long. */
const ROWS_PER_TURN = 500;

/** Checks every row and collects every problem; an import is all-or-nothing, so one report covers all. */
export async function validateImportRows(
  candidates: ImportCandidate[],
): Promise<{ ok: true; rows: ImportRow[] } | { ok: false; errors: ImportRowError[] }> {
  const { rows, errors } = await checkImportRows(candidates);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: rows.map(({ row: _row, ...data }) => data) };
}

/** Every valid row (with its number) and every problem of the others. */
async function checkImportRows(
  candidates: ImportCandidate[],
): Promise<{ rows: CsvPreviewRow[]; errors: ImportRowError[] }> {
  const rows: CsvPreviewRow[] = [];
  const errors: ImportRowError[] = [];
  for (const [index, candidate] of candidates.entries()) {
    await yieldEvery(ROWS_PER_TURN, index);
    const known = candidate.errors ?? [];
    errors.push(...known);
    const parsed = importRowSchema.safeParse(candidate.values);
    if (parsed.success) {
      if (known.length === 0) rows.push({ row: candidate.row, ...parsed.data });
      continue;
    }
    const reported = new Set([...known.map((error) => error.field), ...(candidate.covered ?? [])]);
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : 'row';
      // One message per field: a missing amount is not also "not a number" and "not positive".
      if (reported.has(field) || seen.has(field)) continue;
      seen.add(field);
      errors.push({ row: candidate.row, field, message: issue.message });
    }
  }
  return { rows, errors };
}

const LISTED_IN_MESSAGE = 3;

export function importErrorSummary(errors: ImportRowError[]): string {
  const badRows = new Set(errors.map((error) => error.row)).size;
  const listed = errors.slice(0, LISTED_IN_MESSAGE).map(formatImportRowError).join('; ');
  const more = errors.length > LISTED_IN_MESSAGE ? `; and ${errors.length - LISTED_IN_MESSAGE} more` : '';
  return `Nothing was imported: ${badRows} ${badRows === 1 ? 'row is' : 'rows are'} invalid. ${listed}${more}`;
}

/**
 * The rows, or BAD_REQUEST listing every bad row. The error's cause is a ZodError, so the client
 * reads it like any validation failure: the message is the summary, and
 * `error.data.zodError.fieldErrors.rows` holds one "Row N, field: message" per problem
 * (parseImportRowErrors in @finailytics/shared turns them back into { row, field, message }).
 */
export async function requireValidImportRows(candidates: ImportCandidate[]): Promise<ImportRow[]> {
  const result = await validateImportRows(candidates);
  if (result.ok) return result.rows;
  const issues: z.core.$ZodIssue[] = [
    { code: 'custom', path: [], message: importErrorSummary(result.errors), input: undefined },
    ...result.errors.map(
      (error): z.core.$ZodIssue => ({
        code: 'custom',
        path: ['rows', error.row, error.field],
        message: formatImportRowError(error),
        input: undefined,
      }),
    ),
  ];
  // ZodRealError is the Error subclass safeParse produces; tRPC keeps only Error causes as they are.
  const cause = new z.ZodRealError(issues);
  throw new TRPCError({ code: 'BAD_REQUEST', message: importErrorSummary(result.errors), cause });
}

type ImportCsvDeps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * `transaction.importCsv`: reads the file with the one CSV reader and imports every row the account
 * does not hold yet from an earlier import (each row has a source id, as a statement row does), or
 * with `dryRun` answers how it read the file (settings, columns, the first rows, row errors and how
 * many rows were imported before) and writes nothing. The web's wizard previews and imports through
 * here with the same options. The owner's currency is read here, so a currency column is checked
 * against the account the rows go into.
 */
export async function importCsvFile(
  deps: ImportCsvDeps,
  ownerId: string,
  input: ImportCsvData,
): Promise<ImportResult | CsvImportPreview> {
  const owner = await findUserById(deps.db, ownerId);
  if (!owner) throw notFound('User');
  const read = await readCsvImport(input.csv, {
    currency: owner.currency,
    separator: input.separator,
    mapping: input.mapping,
    dateFormat: input.dateFormat,
    decimal: input.decimal,
    defaultPaymentMethod: input.defaultPaymentMethod,
    requireColumns: !input.dryRun,
  });
  if (!input.dryRun) {
    const rows = await requireValidImportRows(read.candidates);
    return importTransactions(deps, ownerId, rows, { accountId: input.accountId, sourceIds: csvRowSourceIds(rows) });
  }
  const { rows, errors } = await checkImportRows(read.candidates);
  // Ids over the valid rows only: when every row is valid (the only file that imports) they are
  // exactly the ids the import gives.
  const sourceIds = csvRowSourceIds(rows);
  const known = await findAlreadyImported(deps, ownerId, sourceIds, input.accountId);
  const fieldOf = new Map([...read.columns].map(([field, column]) => [column, field]));
  const shown = rows
    .slice(0, CSV_PREVIEW_LIMITS.rows)
    .map((row, index) => ({ ...row, alreadyImported: known.has(sourceIds[index] as string) }));
  return {
    dryRun: true,
    importedCount: 0,
    skippedCount: 0,
    separator: read.separator,
    skippedLines: read.skippedLines,
    decimal: read.decimal,
    dateFormat: read.dateFormat,
    columns: read.header.map((name, index) => ({
      name,
      field: fieldOf.get(index) ?? null,
      sample: columnSample(read.candidates.length > 0 ? read.samples : [], index),
    })),
    missing: read.missing,
    rowCount: read.candidates.length,
    validCount: rows.length,
    alreadyImportedCount: sourceIds.filter((id) => known.has(id)).length,
    invalidRowCount: new Set(errors.map((error) => error.row)).size,
    rows: await categorisePreviewRows(deps.db, ownerId, shown),
    errors: errors.slice(0, CSV_PREVIEW_LIMITS.errors),
    errorCount: errors.length,
  };
}

/** The first non-blank cell of a column among the first records, shortened for the preview. */
function columnSample(records: string[][], column: number): string {
  const cell = records.map((cells) => cells[column]?.trim() ?? '').find((text) => text !== '') ?? '';
  const characters = Array.from(cell);
  const max = CSV_PREVIEW_LIMITS.sampleCharacters;
  return characters.length <= max ? cell : `${characters.slice(0, max - 1).join('')}…`;
}
