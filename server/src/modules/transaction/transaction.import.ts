import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { formatImportRowError, type ImportRow, type ImportRowError, importRowSchema } from '@finailytics/shared';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';

export interface ImportCandidate {
  /** The number the user sees for this row in error messages. */
  row: number;
  values: unknown;
  /** Problems already found while reading the row (CSV cells that could not be read). */
  errors?: ImportRowError[];
}

/** Rows checked between two turns of the event loop: 10,000 rows at once would hold it for too long. */
const ROWS_PER_TURN = 500;

/** Checks every row and collects every problem; an import is all-or-nothing, so one report covers all. */
export async function validateImportRows(
  candidates: ImportCandidate[],
): Promise<{ ok: true; rows: ImportRow[] } | { ok: false; errors: ImportRowError[] }> {
  const rows: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  for (const [index, candidate] of candidates.entries()) {
    if (index > 0 && index % ROWS_PER_TURN === 0) await yieldToEventLoop();
    const known = candidate.errors ?? [];
    errors.push(...known);
    const parsed = importRowSchema.safeParse(candidate.values);
    if (parsed.success) {
      if (known.length === 0) rows.push(parsed.data);
      continue;
    }
    const reported = new Set(known.map((error) => error.field));
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : 'row';
      // One message per field: a missing amount is not also "not a number" and "not positive".
      if (reported.has(field) || seen.has(field)) continue;
      seen.add(field);
      errors.push({ row: candidate.row, field, message: issue.message });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
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
