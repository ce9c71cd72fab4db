import { RECEIPT_LIMITS } from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { deleteReleasedReceipts, deleteUnattachedBefore, relinkRestoredReceipts } from './receipt.repository';

/** Receipts handled per statement. */
const PRUNE_BATCH = 200;
/** Statements of each kind per run, so one run is bounded however much has piled up. */
const PRUNE_MAX_STATEMENTS = 20;

async function inBatches(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let statement = 0; statement < PRUNE_MAX_STATEMENTS; statement++) {
    const done = await step();
    total += done;
    if (done < PRUNE_BATCH) break;
  }
  return total;
}

/**
 * Removes receipt images nobody will see again: scans left unattached for RECEIPT_LIMITS.unattachedHours,
 * and receipts whose transaction was deleted once that delete can no longer be undone. A receipt whose
 * transaction came back (an undone delete) is linked again instead.
 */
export async function pruneReceipts(
  deps: Pick<AppDeps, 'db' | 'clock'>,
): Promise<{ unattached: number; released: number; relinked: number }> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - RECEIPT_LIMITS.unattachedHours * 3600 * 1000);
  const relinked = await inBatches(() => relinkRestoredReceipts(deps.db, PRUNE_BATCH));
  const released = await inBatches(() => deleteReleasedReceipts(deps.db, now, PRUNE_BATCH));
  const unattached = await inBatches(() => deleteUnattachedBefore(deps.db, cutoff, PRUNE_BATCH));
  return { unattached, released, relinked };
}
