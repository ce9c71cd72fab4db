import type { SortDirection, TransactionSortField } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import {
  filterConditions,
  findTransactionPage,
  findTransactionsAfter,
  insertOneOffTransactions,
  type NewTransaction,
  orderFor,
  type TransactionCursor,
} from './transaction.repository';

/*
 * The keyset pages the export walks (findTransactionsAfter) for every sort column and direction, two
 * rows at a time, against the same rows sorted here: each cursor's text must turn back into a value
 * of its column, and ties on the column must go on by id in the same direction.
 */

const database = useTestDatabase();

type Row = { id: string; title: string; amountCents: number; date: string; createdAt: Date };

const spec: Array<{ title: string; cents: number; date: string; batch: number }> = [
  { title: 'pear', cents: 250, date: '2026-03-02', batch: 0 },
  { title: 'apple', cents: 1000, date: '2026-03-01', batch: 1 },
  { title: 'pear', cents: 250, date: '2026-03-01', batch: 1 },
  { title: 'fig', cents: 99, date: '2026-02-28', batch: 2 },
  { title: 'apple', cents: 1000, date: '2026-03-02', batch: 0 },
  { title: 'plum', cents: 250, date: '2026-03-02', batch: 2 },
  { title: 'kiwi', cents: 12, date: '2026-03-01', batch: 1 },
];

// Milliseconds apart: the cursor's text must keep them, or a page would repeat or skip a row.
const batchTimes = ['2026-03-05T08:00:00.123Z', '2026-03-05T08:00:00.124Z', '2026-03-06T00:00:00Z'];

async function ledger() {
  const user = await createUser(database.db);
  const other = await createUser(database.db);
  for (const [batch, at] of batchTimes.entries()) {
    const values = spec
      .filter((row) => row.batch === batch)
      .map(
        (row): NewTransaction => ({
          userId: user.id,
          title: row.title,
          description: null,
          type: 'EXPENSE',
          amountCents: row.cents,
          category: 'Food',
          date: row.date,
          paymentMethod: 'CASH',
          isRecurring: false,
          recurringInterval: null,
          nextRecurringDate: null,
          recurringEndDate: null,
        }),
      );
    await insertOneOffTransactions(database.db, values, new Date(at));
    await insertOneOffTransactions(database.db, [{ ...values[0], userId: other.id } as NewTransaction], new Date(at));
  }
  const where = filterConditions(user.id, {});
  const rows: Row[] = await findTransactionPage(database.db, where, orderFor('date', 'asc'), { limit: 50, offset: 0 });
  expect(rows).toHaveLength(spec.length);
  return { where, rows };
}

const sortValueOf: Record<TransactionSortField, (row: Row) => string | number> = {
  date: (row) => row.date,
  amount: (row) => row.amountCents,
  title: (row) => row.title,
  createdAt: (row) => row.createdAt.getTime(),
};

function expectedOrder(rows: Row[], sortBy: TransactionSortField, sortDir: SortDirection): string[] {
  const sign = sortDir === 'asc' ? 1 : -1;
  const value = sortValueOf[sortBy];
  return [...rows]
    .sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x !== y) return (x < y ? -1 : 1) * sign;
      return (a.id < b.id ? -1 : 1) * sign;
    })
    .map((row) => row.id);
}

describe('findTransactionsAfter', () => {
  it('walks every sort column both ways, two rows a page, in the list’s order', async () => {
    const { where, rows } = await ledger();
    for (const sortBy of ['date', 'amount', 'title', 'createdAt'] as const) {
      for (const sortDir of ['asc', 'desc'] as const) {
        const expected = expectedOrder(rows, sortBy, sortDir);
        const walked: string[] = [];
        let cursor: TransactionCursor | null = null;
        for (let pages = 0; pages < 10; pages++) {
          const page = await findTransactionsAfter(database.db, where, sortBy, sortDir, cursor, 2);
          walked.push(...page.map((row) => row.id));
          const last = page.at(-1);
          if (page.length < 2 || !last) break;
          cursor = { sortValue: last.sortValue, id: last.id };
        }
        expect({ sortBy, sortDir, walked }).toEqual({ sortBy, sortDir, walked: expected });
        // The offset list, in one page, is in the same order.
        const listed = await findTransactionPage(database.db, where, orderFor(sortBy, sortDir), {
          limit: 50,
          offset: 0,
        });
        expect(listed.map((row) => row.id)).toEqual(expected);
      }
    }
  });

  it('answers each row’s sort value as PostgreSQL writes it', async () => {
    const { where } = await ledger();
    const first = async (sortBy: TransactionSortField) =>
      (await findTransactionsAfter(database.db, where, sortBy, 'asc', null, 1))[0]?.sortValue;
    expect(await first('date')).toBe('2026-02-28');
    expect(await first('amount')).toBe('12');
    expect(await first('title')).toBe('apple');
    expect(await first('createdAt')).toBe('2026-03-05 08:00:00.123+00');
  });
});
