import type { AppDeps } from '../../deps';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { resolveCategoryNames } from '../category/category.service';
import { deleteUserTransactions } from './transaction.repository';
import {
  existingTransactionIds,
  findOccurrencesOf,
  findRowsToDelete,
  insertDeletedBatch,
  insertStoredRows,
  relinkOccurrences,
  takeDeletedBatch,
} from './undo.repository';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * How long a delete can be undone. The web offers it for a few seconds; the server keeps the rows
 * longer so a slow network or a second tab does not lose the chance.
 */
export const UNDO_WINDOW_MS = 10 * 60 * 1000;

export const UNDO_MESSAGES = {
  expired: 'This delete can no longer be undone',
  conflict: 'Some of these transactions exist again, so nothing was restored',
} as const;

/**
 * Deletes the caller's transactions among `ids` (unique), all or none, and keeps what was deleted so
 * it can be undone. Answers undefined, deleting nothing, when any of them is not the caller's.
 */
export async function deleteKeepingUndo(
  deps: Deps,
  ownerId: string,
  ids: string[],
): Promise<{ deletedCount: number; undoId: string } | { missing: number }> {
  return deps.db.transaction(async (tx) => {
    const rows = await findRowsToDelete(tx, ownerId, ids);
    if (rows.length !== ids.length) return { missing: ids.length - rows.length };
    const templateIds = rows.filter((row) => row.isRecurring).map((row) => row.id);
    const detachedOccurrences = await findOccurrencesOf(tx, ownerId, templateIds, ids);
    const deletedCount = await deleteUserTransactions(tx, ownerId, ids);
    const now = deps.clock.now();
    const undoId = await insertDeletedBatch(tx, {
      userId: ownerId,
      rows,
      detachedOccurrences,
      createdAt: now,
      expiresAt: new Date(now.getTime() + UNDO_WINDOW_MS),
    });
    return { deletedCount, undoId };
  });
}

/**
 * Puts back everything one delete removed, exactly: ids, dates, schedules, and occurrences linked to
 * their restored template again. An occurrence whose template has gone since is restored on its own.
 * All or nothing; an undo works once.
 */
export async function undoDelete(deps: Deps, ownerId: string, undoId: string): Promise<{ restoredCount: number }> {
  try {
    return await deps.db.transaction(async (tx) => {
      const batch = await takeDeletedBatch(tx, ownerId, undoId, deps.clock.now());
      if (!batch) throw new AppError('NOT_FOUND', UNDO_MESSAGES.expired);
      const restoredIds = new Set(batch.rows.map((row) => row.id));
      const outsideTemplates = [
        ...new Set(
          batch.rows.flatMap((row) => (row.templateId && !restoredIds.has(row.templateId) ? [row.templateId] : [])),
        ),
      ];
      const livingTemplates = await existingTransactionIds(tx, ownerId, outsideTemplates);
      // Templates first, so every occurrence's template exists when it is inserted.
      const rows = batch.rows
        .map((row) =>
          row.templateId && !restoredIds.has(row.templateId) && !livingTemplates.has(row.templateId)
            ? { ...row, templateId: null }
            : row,
        )
        .sort((a, b) => Number(a.templateId !== null) - Number(b.templateId !== null));
      // A category renamed, merged or deleted since is found or made again under the rows' names.
      const categoryOf = await resolveCategoryNames(tx, ownerId, rows, deps.clock.now());
      await insertStoredRows(
        tx,
        ownerId,
        rows.map((row) => ({ ...row, category: categoryOf(row.type, row.category) })),
      );
      await relinkOccurrences(tx, ownerId, batch.detached);
      return { restoredCount: rows.length };
    });
  } catch (error) {
    // An occurrence the schedule has made again for the same day, or a row that exists again.
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', UNDO_MESSAGES.conflict);
    throw error;
  }
}
