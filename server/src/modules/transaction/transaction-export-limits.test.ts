import { TRANSACTION_LIMITS } from '@finailytics/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import {
  countMatching,
  findTransactionsAfter,
  insertOneOffTransactions,
  type NewTransaction,
} from './transaction.repository';

/*
 * The export's row limit at its edges, and its page walk. The limit is lowered to a few rows here
 * (50,000 real rows per case would take minutes); the service reads it on every call.
 */

const limits = vi.hoisted(() => ({ exportRowsMax: 0 }));

vi.mock('@finailytics/shared', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@finailytics/shared')>();
  limits.exportRowsMax = actual.TRANSACTION_LIMITS.exportRowsMax;
  return {
    ...actual,
    TRANSACTION_LIMITS: new Proxy(actual.TRANSACTION_LIMITS, {
      get: (target, key, receiver) =>
        key === 'exportRowsMax' ? limits.exportRowsMax : Reflect.get(target, key, receiver),
    }),
  };
});

vi.mock('./transaction.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./transaction.repository')>();
  return {
    ...actual,
    countMatching: vi.fn(actual.countMatching),
    findTransactionsAfter: vi.fn(actual.findTransactionsAfter),
  };
});

const database = useTestDatabase();
const realLimit = TRANSACTION_LIMITS.exportRowsMax;

afterEach(() => {
  limits.exportRowsMax = realLimit;
});

const NOW = new Date('2026-03-15T12:00:00.000Z');

async function ledgerOf(rows: number) {
  const user = await createUser(database.db, { now: NOW });
  const values = Array.from(
    { length: rows },
    (_, index): NewTransaction => ({
      userId: user.id,
      title: `Item ${index}`,
      description: null,
      type: 'EXPENSE',
      amountCents: 100 + index,
      category: 'Food',
      date: '2026-03-01',
      paymentMethod: 'CASH',
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
    }),
  );
  for (let start = 0; start < values.length; start += 500) {
    await insertOneOffTransactions(database.db, values.slice(start, start + 500), NOW);
  }
  const { caller } = await createTestCaller({ database, user });
  return caller;
}

/** Record lines of an export (the header and the final line end excluded). */
const recordsOf = (csv: string) => csv.split('\r\n').slice(1, -1);

describe('transaction.exportCsv at its row limit', () => {
  it('exports a selection of exactly the limit', async () => {
    limits.exportRowsMax = 3;
    const caller = await ledgerOf(3);
    expect(recordsOf(await caller.transaction.exportCsv({ sortBy: 'amount', sortDir: 'asc' }))).toEqual([
      'Item 0,EXPENSE,1.00,Food,,2026-03-01,CASH,Main account',
      'Item 1,EXPENSE,1.01,Food,,2026-03-01,CASH,Main account',
      'Item 2,EXPENSE,1.02,Food,,2026-03-01,CASH,Main account',
    ]);
  });

  it('refuses a selection of one more than the limit, before reading it', async () => {
    limits.exportRowsMax = 3;
    const caller = await ledgerOf(4);
    await expect(caller.transaction.exportCsv({})).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'The export would hold 4 transactions; at most 3 can be exported at once. Narrow it with a date range or another filter.',
    });
  });

  it('stops at the limit when rows written after the count push the selection over it', async () => {
    limits.exportRowsMax = 3;
    const caller = await ledgerOf(4);
    // The count was taken while the ledger still had two rows.
    vi.mocked(countMatching).mockResolvedValueOnce(2);
    await expect(caller.transaction.exportCsv({})).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'The export would hold more than 3 transactions; at most 3 can be exported at once. Narrow it with a date range or another filter.',
    });
  });
});

describe('transaction.exportCsv over several pages', () => {
  it('writes every row when the last page holds a single row', async () => {
    const caller = await ledgerOf(1001);
    vi.mocked(findTransactionsAfter).mockClear();
    const records = recordsOf(await caller.transaction.exportCsv({ sortBy: 'amount', sortDir: 'asc' }));
    expect(records).toHaveLength(1001);
    expect(records[999]).toBe('Item 999,EXPENSE,10.99,Food,,2026-03-01,CASH,Main account');
    expect(records[1000]).toBe('Item 1000,EXPENSE,11.00,Food,,2026-03-01,CASH,Main account');
    // A page shorter than a full one is the last: no query for an empty page after it.
    expect(findTransactionsAfter).toHaveBeenCalledTimes(2);
  });

  it('ends after a last page that is exactly full', async () => {
    const caller = await ledgerOf(1000);
    const records = recordsOf(await caller.transaction.exportCsv({ sortBy: 'amount', sortDir: 'desc' }));
    expect(records).toHaveLength(1000);
    expect(records[0]).toBe('Item 999,EXPENSE,10.99,Food,,2026-03-01,CASH,Main account');
    expect(records[999]).toBe('Item 0,EXPENSE,1.00,Food,,2026-03-01,CASH,Main account');
  });
});
