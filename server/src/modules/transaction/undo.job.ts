import type { AppDeps } from '../../deps';
import { deleteExpiredBatches } from './undo.repository';

/** Expired batches removed per statement. */
const PRUNE_BATCH = 500;
/** Statements per run, so one run is bounded however much has piled up. */
const PRUNE_MAX_STATEMENTS = 20;

/** Forgets deletes that can no longer be undone, in bounded statements. */
export async function pruneExpiredUndos(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<number> {
  let pruned = 0;
  for (let statement = 0; statement < PRUNE_MAX_STATEMENTS; statement++) {
    const deleted = await deleteExpiredBatches(deps.db, deps.clock.now(), PRUNE_BATCH);
    pruned += deleted;
    if (deleted < PRUNE_BATCH) break;
  }
  return pruned;
}
