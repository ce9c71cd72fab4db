import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deletedTransactionBatches, transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { expenseInput, storedTransactions } from '../../test/ledger';
import { UNDO_MESSAGES } from './undo.service';

const database = useTestDatabase();

async function signedInUser() {
  const clock = new ManualClock('2026-03-15T12:00:00.000Z');
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  return { user, caller, clock };
}

describe('deleteKeepingUndo', () => {
  it('deletes nothing and says how many were not found when some ids are not the caller’s', async () => {
    const { user, caller } = await signedInUser();
    const own = await caller.transaction.create(expenseInput());
    const stranger = await signedInUser();
    const theirs = await stranger.caller.transaction.create(expenseInput());
    const error = await errorOf(
      caller.transaction.bulkDelete({ ids: [own.id, theirs.id, '00000000-0000-4000-8000-000000000000'] }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('2 of the selected transactions were not found; nothing was deleted');
    expect((await storedTransactions(database.db, user.id)).map((row) => row.id)).toEqual([own.id]);
    expect((await storedTransactions(database.db, stranger.user.id)).map((row) => row.id)).toEqual([theirs.id]);
  });
});

describe('undoDelete', () => {
  it('is open for ten minutes after the delete', async () => {
    const { caller, clock } = await signedInUser();
    const first = await caller.transaction.delete({ id: (await caller.transaction.create(expenseInput())).id });
    const second = await caller.transaction.delete({ id: (await caller.transaction.create(expenseInput())).id });
    clock.advance(9 * 60 * 1000 + 59_999);
    await expect(caller.transaction.undoDelete({ undoId: first.undoId })).resolves.toEqual({ restoredCount: 1 });
    clock.advance(1);
    await expect(caller.transaction.undoDelete({ undoId: second.undoId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: UNDO_MESSAGES.expired,
    });
  });

  it('links the occurrences of a series whose repeating was turned off back to it', async () => {
    const { user, caller } = await signedInUser();
    const template = await caller.transaction.create(
      expenseInput({ title: 'Gym', amount: 30, date: '2026-01-05', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    await caller.transaction.update({ id: template.id, isRecurring: false });
    const before = await storedTransactions(database.db, user.id);
    expect(
      before
        .filter((row) => row.templateId === template.id)
        .map((row) => row.date)
        .sort(),
    ).toEqual(['2026-02-05', '2026-03-05']);

    const { undoId } = await caller.transaction.delete({ id: template.id });
    await caller.transaction.undoDelete({ undoId });
    expect(await storedTransactions(database.db, user.id)).toEqual(before);
  });

  it('restores a template after its occurrences when more than one insert is needed', async () => {
    const { user, caller } = await signedInUser();
    const [account] = await caller.account.list();
    if (!account) throw new Error('no default account');
    const templateId = randomUUID();
    const base = {
      userId: user.id,
      accountId: account.id,
      type: 'EXPENSE' as const,
      amountCents: 100,
      category: 'Food',
    };
    await database.db.insert(transactions).values({
      ...base,
      id: templateId,
      title: 'Daily',
      date: '2025-10-01',
      isRecurring: true,
      recurringInterval: 'DAILY',
      nextRecurringDate: '2026-03-01',
    });
    const occurrenceIds = Array.from({ length: 150 }, () => randomUUID());
    await database.db.insert(transactions).values(
      occurrenceIds.map((id, index) => ({
        ...base,
        id,
        templateId,
        title: 'Daily',
        date: new Date(Date.UTC(2025, 9, 2 + index)).toISOString().slice(0, 10),
      })),
    );
    const before = await storedTransactions(database.db, user.id);

    const { undoId, deletedCount } = await caller.transaction.bulkDelete({ ids: [...occurrenceIds, templateId] });
    expect(deletedCount).toBe(151);
    // The batch keeps the rows in whatever order the database returned them; here the template last.
    const [batch] = await database.db
      .select({ rows: deletedTransactionBatches.rows })
      .from(deletedTransactionBatches)
      .where(eq(deletedTransactionBatches.id, undoId));
    const kept = batch?.rows ?? [];
    await database.db
      .update(deletedTransactionBatches)
      .set({
        rows: [...kept.filter((row) => row.templateId !== null), ...kept.filter((row) => row.templateId === null)],
      })
      .where(eq(deletedTransactionBatches.id, undoId));
    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 151 });
    expect(await storedTransactions(database.db, user.id)).toEqual(before);
  });

  it('makes a category deleted since again under the row’s name', async () => {
    const { user, caller } = await signedInUser();
    const created = await caller.transaction.create(expenseInput({ category: 'Hobby' }));
    const { undoId } = await caller.transaction.delete({ id: created.id });
    const hobby = (await caller.category.list()).find((row) => row.name === 'Hobby');
    if (!hobby) throw new Error('no Hobby category');
    await caller.category.delete({ id: hobby.id });
    expect((await caller.category.list()).map((row) => row.name)).not.toContain('Hobby');

    await caller.transaction.undoDelete({ undoId });
    expect((await storedTransactions(database.db, user.id)).map((row) => row.category)).toEqual(['Hobby']);
    expect((await caller.category.list()).filter((row) => row.name === 'Hobby')).toHaveLength(1);
  });

  it('restores a transfer without making a category of its legs', async () => {
    const { caller } = await signedInUser();
    const [main] = await caller.account.list();
    if (!main) throw new Error('no default account');
    const savings = await caller.account.create({ name: 'Savings', kind: 'SAVINGS', openingBalance: 0 });
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 40,
      date: '2026-03-01',
    });
    const categoriesBefore = (await caller.category.list()).map((row) => row.name).sort();
    const { undoId } = await caller.transaction.delete({ id: transfer.from.id });
    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 2 });
    expect((await caller.transaction.get({ id: transfer.to.id })).category).toBe(transfer.to.category);
    expect((await caller.category.list()).map((row) => row.name).sort()).toEqual(categoriesBefore);
  });

  it('puts a kept row that names no account into the default account', async () => {
    const { caller } = await signedInUser();
    const [main] = await caller.account.list();
    if (!main) throw new Error('no default account');
    const created = await caller.transaction.create(expenseInput());
    const { undoId } = await caller.transaction.delete({ id: created.id });
    // As a batch kept before transactions had accounts holds its rows.
    const [batch] = await database.db
      .select({ rows: deletedTransactionBatches.rows })
      .from(deletedTransactionBatches)
      .where(eq(deletedTransactionBatches.id, undoId));
    const rows = (batch?.rows ?? []).map(({ accountId: _accountId, ...row }) => row);
    await database.db
      .update(deletedTransactionBatches)
      .set({ rows: rows as typeof deletedTransactionBatches.$inferInsert.rows })
      .where(eq(deletedTransactionBatches.id, undoId));

    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 1 });
    expect((await caller.transaction.get({ id: created.id })).accountId).toBe(main.id);
  });
});
