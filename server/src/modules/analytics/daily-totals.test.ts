import { count, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactionDailyTotals, transactions } from '../../db/schema';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import {
  aggregateLedger,
  expense,
  income,
  insertTransactions,
  readDailyTotals,
  updateTransaction,
} from '../../test/ledger';
import { deleteUserById } from '../user/user.repository';

const database = useTestDatabase();

async function expectRollupMatchesLedger(userIds: string[]) {
  const [rollup, ledger] = await Promise.all([
    readDailyTotals(database.db, userIds),
    aggregateLedger(database.db, userIds),
  ]);
  expect(rollup).toEqual(ledger);
}

async function seededUser() {
  const user = await createUser(database.db);
  const rows = await insertTransactions(database.db, user.id, [
    income(3000, '2026-03-01'),
    expense(12.5, '2026-03-01'),
    expense(7.25, '2026-03-01'),
    expense(40, '2026-03-02', 'Transport'),
    expense(99.99, '2026-03-03', 'Dining'),
  ]);
  return { user, ids: rows.map((row) => row.id) };
}

describe('transaction_daily_totals', () => {
  it('sums a bulk insert per day, type and category', async () => {
    const { user } = await seededUser();
    const rollup = await readDailyTotals(database.db, [user.id]);
    expect(rollup).toEqual([
      {
        userId: user.id,
        date: '2026-03-01',
        type: 'EXPENSE',
        category: 'Groceries',
        amountCents: 1975,
        transactionCount: 2,
      },
      {
        userId: user.id,
        date: '2026-03-01',
        type: 'INCOME',
        category: 'Salary',
        amountCents: 300000,
        transactionCount: 1,
      },
      {
        userId: user.id,
        date: '2026-03-02',
        type: 'EXPENSE',
        category: 'Transport',
        amountCents: 4000,
        transactionCount: 1,
      },
      {
        userId: user.id,
        date: '2026-03-03',
        type: 'EXPENSE',
        category: 'Dining',
        amountCents: 9999,
        transactionCount: 1,
      },
    ]);
  });

  it('adds single inserts onto existing days', async () => {
    const { user } = await seededUser();
    await insertTransactions(database.db, user.id, [expense(0.01, '2026-03-01')]);
    await insertTransactions(database.db, user.id, [expense(1, '2026-03-01')]);
    await expectRollupMatchesLedger([user.id]);
  });

  it('follows amount, type, date and category changes', async () => {
    const { user, ids } = await seededUser();
    const [salary, groceries, , transport, dining] = ids;
    await updateTransaction(database.db, user.id, String(groceries), { amount: 20 });
    await expectRollupMatchesLedger([user.id]);
    await updateTransaction(database.db, user.id, String(salary), { type: 'EXPENSE' });
    await expectRollupMatchesLedger([user.id]);
    await updateTransaction(database.db, user.id, String(transport), { date: '2026-04-30' });
    await expectRollupMatchesLedger([user.id]);
    await updateTransaction(database.db, user.id, String(dining), { category: 'Groceries', date: '2026-03-01' });
    await expectRollupMatchesLedger([user.id]);
  });

  it('drops a key once its last transaction moves away', async () => {
    const { user, ids } = await seededUser();
    await updateTransaction(database.db, user.id, String(ids[4]), { category: 'Restaurants' });
    const rollup = await readDailyTotals(database.db, [user.id]);
    expect(rollup.map((row) => row.category)).not.toContain('Dining');
    expect(rollup.find((row) => row.category === 'Restaurants')).toMatchObject({
      amountCents: 9999,
      transactionCount: 1,
    });
  });

  it('is untouched by edits that do not change an amount, type, date or category', async () => {
    const { user, ids } = await seededUser();
    const before = await readDailyTotals(database.db, [user.id]);
    await updateTransaction(database.db, user.id, String(ids[1]), { title: 'Weekly shop' });
    expect(await readDailyTotals(database.db, [user.id])).toEqual(before);
  });

  it('handles one statement updating many rows of several keys', async () => {
    const { user } = await seededUser();
    await database.db
      .update(transactions)
      .set({ category: 'Everything', date: '2026-03-05' })
      .where(eq(transactions.userId, user.id));
    await expectRollupMatchesLedger([user.id]);
    expect(await readDailyTotals(database.db, [user.id])).toHaveLength(2);
  });

  it('subtracts deletes and removes emptied keys', async () => {
    const { user, ids } = await seededUser();
    await database.db.delete(transactions).where(inArray(transactions.id, [String(ids[1]), String(ids[3])]));
    await expectRollupMatchesLedger([user.id]);
    await database.db.delete(transactions).where(eq(transactions.userId, user.id));
    expect(await readDailyTotals(database.db, [user.id])).toEqual([]);
  });

  it('empties when the user is deleted', async () => {
    const { user } = await seededUser();
    await deleteUserById(database.db, user.id);
    expect(await readDailyTotals(database.db, [user.id])).toEqual([]);
  });

  it('keeps working when a recurring template with occurrences is deleted', async () => {
    const { user, ids } = await seededUser();
    const templateId = String(ids[2]);
    await database.db.insert(transactions).values({
      userId: user.id,
      title: 'Rent',
      type: 'EXPENSE',
      amountCents: 120000,
      category: 'Rent',
      date: '2026-04-01',
      templateId,
    });
    await database.db.delete(transactions).where(eq(transactions.id, templateId));
    await expectRollupMatchesLedger([user.id]);
  });

  it('never mixes two users sharing days and categories', async () => {
    const first = await seededUser();
    const second = await seededUser();
    await database.db.delete(transactions).where(eq(transactions.userId, first.user.id));
    expect(await readDailyTotals(database.db, [first.user.id])).toEqual([]);
    await expectRollupMatchesLedger([second.user.id]);
    expect(await readDailyTotals(database.db, [second.user.id])).toHaveLength(4);
  });

  it('rolls back with the transaction that wrote the ledger', async () => {
    const { user } = await seededUser();
    const before = await readDailyTotals(database.db, [user.id]);
    await expect(
      database.db.transaction(async (tx) => {
        await insertTransactions(tx, user.id, [expense(500, '2026-03-09')]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await readDailyTotals(database.db, [user.id])).toEqual(before);
  });

  it('empties when the ledger is truncated', async () => {
    const { user } = await seededUser();
    // Rolled back, so the other tests sharing this database keep their rows.
    const rollback = new Error('rollback');
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`truncate transactions cascade`);
        expect(await readDailyTotals(tx, [user.id])).toEqual([]);
        const [left] = await tx.select({ rows: count() }).from(transactionDailyTotals);
        expect(left?.rows).toBe(0);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await readDailyTotals(database.db, [user.id])).toHaveLength(4);
  });
});
