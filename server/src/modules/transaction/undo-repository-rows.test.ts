import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions, transfers } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { storedTransactions } from '../../test/ledger';

/* What a delete and its undo leave in the tables: the transfer rows, and batches of exactly one full insert. */

const database = useTestDatabase();

async function signedInUser() {
  const clock = new ManualClock('2026-03-15T12:00:00.000Z');
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  return { user, caller };
}

async function transferRows(id: string): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(transfers).where(eq(transfers.id, id));
  return row?.n ?? 0;
}

describe('deleting a transfer', () => {
  it('removes the transfer itself with its legs, and the undo makes it again under the same id', async () => {
    const { caller } = await signedInUser();
    const [main] = await caller.account.list();
    if (!main) throw new Error('no default account');
    const savings = await caller.account.create({ name: 'Savings', kind: 'SAVINGS' });
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 75,
      date: '2026-03-01',
    });
    expect(await transferRows(transfer.id)).toBe(1);
    const { undoId } = await caller.transaction.delete({ id: transfer.to.id });
    const legs = () =>
      database.db.select({ id: transactions.id }).from(transactions).where(eq(transactions.transferId, transfer.id));
    expect(await legs()).toEqual([]);
    expect(await transferRows(transfer.id)).toBe(0);
    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 2 });
    expect(await transferRows(transfer.id)).toBe(1);
    expect(await legs()).toHaveLength(2);
    expect((await caller.transaction.get({ id: transfer.from.id })).transferId).toBe(transfer.id);
  });
});

describe('undoing a delete of exactly one full insert', () => {
  it('puts 100 rows back as they were', async () => {
    const { user, caller } = await signedInUser();
    const [main] = await caller.account.list();
    if (!main) throw new Error('no default account');
    const ids = Array.from({ length: 100 }, () => randomUUID());
    await database.db.insert(transactions).values(
      ids.map((id, index) => ({
        id,
        userId: user.id,
        accountId: main.id,
        title: `Row ${index}`,
        type: 'EXPENSE' as const,
        amountCents: 100 + index,
        category: 'Food',
        date: '2026-03-01',
      })),
    );
    const before = await storedTransactions(database.db, user.id);
    const { undoId, deletedCount } = await caller.transaction.bulkDelete({ ids });
    expect(deletedCount).toBe(100);
    expect(await storedTransactions(database.db, user.id)).toEqual([]);
    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 100 });
    expect(await storedTransactions(database.db, user.id)).toEqual(before);
  });
});
