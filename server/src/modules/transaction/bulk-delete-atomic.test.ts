import type { User } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { transactions } from '../../db/schema';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { bulkDeleteTransactions } from './transaction.service';

/*
 * A bulk delete is all or nothing. The database handle given to it allows nothing but opening a
 * transaction: a statement sent past the transaction fails at once, with a message saying so, where
 * on the embedded database it would wait on the transaction's lock until the test timed out.
 */

const database = useTestDatabase();

const clock = { now: () => new Date('2026-03-15T12:00:00.000Z') };

/** The real database, reachable only through db.transaction. */
function transactionOnly(db: Db): Db {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') return target.transaction.bind(target);
      throw new Error(`db.${String(property)} used outside the transaction`);
    },
  }) as Db;
}

async function seed(user: User, count: number): Promise<string[]> {
  const { caller } = await createTestCaller({ database, user, clock });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await caller.transaction.create({
      title: `Item ${i}`,
      type: 'EXPENSE',
      amount: 10 + i,
      category: 'Food',
      date: '2026-03-10',
    });
    ids.push(created.id);
  }
  return ids;
}

const remaining = async (user: User) =>
  (await database.db.select({ id: transactions.id }).from(transactions).where(eq(transactions.userId, user.id))).length;

describe('bulkDeleteTransactions', () => {
  it('runs every statement inside its transaction', async () => {
    const user = await createUser(database.db);
    const ids = await seed(user, 3);
    const deps = { db: transactionOnly(database.db), clock };
    await expect(bulkDeleteTransactions(deps, user.id, ids.slice(0, 2))).resolves.toMatchObject({ deletedCount: 2 });
    expect(await remaining(user)).toBe(1);
  });

  it('deletes nothing when one id is not the owner’s, and says how many were missing', async () => {
    const user = await createUser(database.db);
    const other = await createUser(database.db);
    const [mine, alsoMine] = await seed(user, 2);
    const [theirs] = await seed(other, 1);
    const deps = { db: transactionOnly(database.db), clock };
    await expect(
      bulkDeleteTransactions(deps, user.id, [mine ?? '', alsoMine ?? '', theirs ?? '']),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: '1 of the selected transactions were not found; nothing was deleted',
    });
    expect(await remaining(user)).toBe(2);
    expect(await remaining(other)).toBe(1);
  });
});
