import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, insertTransactions } from '../../test/ledger';
import type { ScannedTransaction } from './rule.repository';
import { SCAN_BATCH_ROWS, scanLedger } from './rule.service';

const database = useTestDatabase();
const clock = new ManualClock('2026-03-15T12:00:00.000Z');

/** A user with `count` transactions on distinct days and ids, and every title the scan saw, in order. */
async function scanOf(count: number, max: number) {
  const user = await createUser(database.db, { now: clock.now() });
  const seeds = Array.from({ length: count }, (_, index) => {
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(index / 3) * 86_400_000).toISOString().slice(0, 10);
    return expense(1, day, 'Uncategorized', `Row ${index}`);
  });
  for (let start = 0; start < seeds.length; start += 500) {
    await insertTransactions(database.db, user.id, seeds.slice(start, start + 500));
  }
  const seen: string[] = [];
  const result = await scanLedger(database.db, user.id, {
    max,
    choose: (row: ScannedTransaction) => {
      seen.push(`${row.date}|${row.id}`);
      return undefined;
    },
    onlyUncategorized: false,
    onBatch: async () => {},
  });
  return { ...result, seen };
}

describe('scanning a ledger for rules', () => {
  it('reads every transaction once, most recent first, across keyset batches with shared dates', async () => {
    const count = SCAN_BATCH_ROWS * 2 + 7;
    const { scanned, truncated, seen } = await scanOf(count, 10_000);
    expect({ scanned, truncated }).toEqual({ scanned: count, truncated: false });
    expect(new Set(seen).size).toBe(count);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('stops at the bound and says there is more', async () => {
    await expect(scanOf(SCAN_BATCH_ROWS + 20, SCAN_BATCH_ROWS + 10)).resolves.toMatchObject({
      scanned: SCAN_BATCH_ROWS + 10,
      truncated: true,
    });
  });

  it('does not call a ledger of exactly the bound truncated', async () => {
    await expect(scanOf(SCAN_BATCH_ROWS + 10, SCAN_BATCH_ROWS + 10)).resolves.toMatchObject({
      scanned: SCAN_BATCH_ROWS + 10,
      truncated: false,
    });
  });
});
