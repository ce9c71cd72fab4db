import type { DeletedTransactionRow } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { resolveCategoryNames } from '../category/category.service';
import { deleteUserTransactions } from './transaction.repository';
import {
  deleteTransfers,
  existingAccountIds,
  existingTransactionIds,
  findOccurrencesOf,
  findPartnerLegIds,
  findRowsToDelete,
  insertDeletedBatch,
  insertStoredRows,
  relinkOccurrences,
  restoreTransfers,
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

function transferIdsOf(rows: DeletedTransactionRow[]): string[] {
  return [...new Set(rows.flatMap((row) => (row.transferId ? [row.transferId] : [])))];
}

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
    const asked = await findRowsToDelete(tx, ownerId, ids);
    if (asked.length !== ids.length) return { missing: ids.length - asked.length };
    // A transfer goes whole: deleting either leg deletes the other too.
    const transferIds = transferIdsOf(asked);
    const partners = await findPartnerLegIds(tx, ownerId, transferIds, ids);
    const rows = partners.length > 0 ? [...asked, ...(await findRowsToDelete(tx, ownerId, partners))] : asked;
    const deletedIds = rows.map((row) => row.id);
    // Any deleted row may be a template: one whose repeating was turned off keeps its occurrences.
    const detachedOccurrences = await findOccurrencesOf(tx, ownerId, deletedIds, deletedIds);
    const deletedCount = await deleteUserTransactions(tx, ownerId, deletedIds);
    await deleteTransfers(tx, ownerId, transferIds);
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
      const relinked = batch.rows.map((row) =>
        row.templateId && !restoredIds.has(row.templateId) && !livingTemplates.has(row.templateId)
          ? { ...row, templateId: null }
          : row,
      );
      // Templates first, so every occurrence's template exists when it is inserted.
      const rows = [
        ...relinked.filter((row) => row.templateId === null),
        ...relinked.filter((row) => row.templateId !== null),
      ];
      // A category renamed, merged or deleted since is found or made again under the rows' names;
      // transfer legs keep theirs, which is no managed category.
      const categoryOf = await resolveCategoryNames(
        tx,
        ownerId,
        rows.filter((row) => !row.transferId),
        deps.clock.now(),
      );
      // An account deleted since: the row goes back into the default account.
      const livingAccounts = await existingAccountIds(tx, ownerId, [
        ...new Set(rows.flatMap((row) => (row.accountId ? [row.accountId] : []))),
      ]);
      await restoreTransfers(tx, ownerId, transferIdsOf(rows), deps.clock.now());
      await insertStoredRows(
        tx,
        ownerId,
        rows.map((row) => ({
          ...row,
          category: row.transferId ? row.category : categoryOf(row.type, row.category),
          accountId: row.accountId && livingAccounts.has(row.accountId) ? row.accountId : null,
        })),
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
