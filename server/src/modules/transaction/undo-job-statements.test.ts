import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client';
import { ManualClock } from '../../lib/clock';
import { pruneExpiredUndos } from './undo.job';
import { deleteExpiredBatches } from './undo.repository';

// What each statement of a run removes is scripted: a run's bound is 20 statements of 500 batches,
// which real rows would take 10,000 batches to show.
vi.mock('./undo.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./undo.repository')>();
  return { ...actual, deleteExpiredBatches: vi.fn() };
});

const clock = new ManualClock('2026-03-15T12:00:00Z');
// The scripted statements never reach the database.
const deps = { db: {} as Db, clock };

const statements = () => vi.mocked(deleteExpiredBatches).mock.calls.map(([, now, limit]) => ({ now, limit }));

afterEach(() => {
  vi.mocked(deleteExpiredBatches).mockReset();
});

describe('pruneExpiredUndos', () => {
  it('removes 500 batches a statement, expired as of now, and stops after a short statement', async () => {
    vi.mocked(deleteExpiredBatches).mockResolvedValueOnce(500).mockResolvedValueOnce(500).mockResolvedValueOnce(499);
    expect(await pruneExpiredUndos(deps)).toBe(1499);
    expect(statements()).toEqual([
      { now: new Date('2026-03-15T12:00:00Z'), limit: 500 },
      { now: new Date('2026-03-15T12:00:00Z'), limit: 500 },
      { now: new Date('2026-03-15T12:00:00Z'), limit: 500 },
    ]);
  });

  it('stops at once when nothing has expired', async () => {
    vi.mocked(deleteExpiredBatches).mockResolvedValue(0);
    expect(await pruneExpiredUndos(deps)).toBe(0);
    expect(statements()).toHaveLength(1);
  });

  it('issues at most 20 statements a run, however much is left', async () => {
    vi.mocked(deleteExpiredBatches).mockResolvedValue(500);
    expect(await pruneExpiredUndos(deps)).toBe(10_000);
    expect(statements()).toHaveLength(20);
  });
});
