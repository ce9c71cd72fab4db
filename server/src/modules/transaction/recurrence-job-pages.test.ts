import { afterEach, describe, expect, it, vi } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { materializeDueRecurringTransactions } from './recurrence.job';
import { findDueTemplateIds } from './transaction.repository';

// The page reads are what this file checks: the real query, recorded.
vi.mock('./transaction.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./transaction.repository')>();
  return { ...actual, findDueTemplateIds: vi.fn(actual.findDueTemplateIds) };
});

const database = usePrivateTestDatabase();
afterEach(async () => {
  await database.db.delete(transactions);
  vi.mocked(findDueTemplateIds).mockClear();
});

async function dueTemplates(count: number): Promise<string[]> {
  const clock = new ManualClock('2026-01-10T12:00:00Z');
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const template = await caller.transaction.create({
      title: `Rent ${index}`,
      type: 'EXPENSE',
      amount: 950,
      category: 'Housing',
      date: '2026-01-10',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    });
    ids.push(template.id);
  }
  return ids.sort();
}

/** The cursor and page size of each page read. */
const pageReads = () => vi.mocked(findDueTemplateIds).mock.calls.map(([, , afterId, limit]) => ({ afterId, limit }));

describe('materializeDueRecurringTransactions pages', () => {
  it('reads the due templates 500 at a time by default', async () => {
    await dueTemplates(2);
    const clock = new ManualClock('2026-02-10T12:00:00Z');
    expect(await materializeDueRecurringTransactions({ db: database.db, clock })).toEqual({
      templates: 2,
      occurrences: 2,
    });
    expect(pageReads().map((read) => read.limit)).toEqual([500, 500]);
  });

  it('reads pages of the given size, each after the last id of the one before', async () => {
    const [first, second] = await dueTemplates(2);
    const clock = new ManualClock('2026-02-10T12:00:00Z');
    await materializeDueRecurringTransactions({ db: database.db, clock }, { pageSize: 1 });
    expect(pageReads()).toEqual([
      { afterId: null, limit: 1 },
      { afterId: first, limit: 1 },
      { afterId: second, limit: 1 },
    ]);
  });
});
