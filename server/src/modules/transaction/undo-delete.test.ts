import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deletedTransactionBatches } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf, zodMessages } from '../../test/errors';
import { createUser } from '../../test/factories';
import { expenseInput, storedTransactions } from '../../test/ledger';
import { insertTransaction } from './transaction.repository';
import { pruneExpiredUndos } from './undo.job';
import { UNDO_MESSAGES, UNDO_WINDOW_MS } from './undo.service';

const database = useTestDatabase();

async function signedInUser() {
  const clock = new ManualClock('2026-03-15T12:00:00.000Z');
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  return { user, caller, clock };
}

const march = { from: '2026-01-01', to: '2026-03-31' };

describe('undoing a delete', () => {
  it('puts one transaction back exactly: same id, timestamps and totals', async () => {
    const { user, caller, clock } = await signedInUser();
    const kept = await caller.transaction.create(expenseInput({ title: 'Rent', amount: 950, category: 'Housing' }));
    const removed = await caller.transaction.create(
      expenseInput({ title: 'Café', amount: 4.35, description: 'flat white', paymentMethod: 'CARD' }),
    );
    const before = await storedTransactions(database.db, user.id);
    const summaryBefore = await caller.analytics.summary(march);

    clock.advance(60_000);
    const { undoId } = await caller.transaction.delete({ id: removed.id });
    expect((await caller.analytics.summary(march)).totalExpenses).toBe(950);
    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 1 });

    expect(await storedTransactions(database.db, user.id)).toEqual(before);
    await expect(caller.transaction.get({ id: removed.id })).resolves.toEqual(removed);
    expect(await caller.analytics.summary(march)).toEqual(summaryBefore);
    expect(kept.id).not.toBe(removed.id);
  });

  it('puts a bulk delete back, and an undo works once', async () => {
    const { user, caller } = await signedInUser();
    for (const amount of [1.01, 2.02, 3.03, 4.04, 5.05])
      await caller.transaction.create(expenseInput({ title: `Item ${amount}`, amount }));
    const before = await storedTransactions(database.db, user.id);
    const { deletedCount, undoId } = await caller.transaction.bulkDelete({ ids: before.map((row) => row.id) });
    expect(deletedCount).toBe(5);
    expect(await storedTransactions(database.db, user.id)).toEqual([]);

    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 5 });
    expect(await storedTransactions(database.db, user.id)).toEqual(before);
    await expect(caller.transaction.undoDelete({ undoId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: UNDO_MESSAGES.expired,
    });
    expect(await storedTransactions(database.db, user.id)).toEqual(before);
  });

  it('restores a recurring template with its schedule and links its occurrences back to it', async () => {
    const { user, caller } = await signedInUser();
    // Monthly since January: January to March exist by the 15th of March.
    const template = await caller.transaction.create(
      expenseInput({ title: 'Gym', amount: 30, date: '2026-01-05', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    const before = await storedTransactions(database.db, user.id);
    const occurrences = before.filter((row) => row.templateId === template.id);
    expect(occurrences.map((row) => row.date).sort()).toEqual(['2026-02-05', '2026-03-05']);

    const { undoId } = await caller.transaction.delete({ id: template.id });
    // The foreign key detaches the occurrences from their deleted template.
    expect((await storedTransactions(database.db, user.id)).map((row) => row.templateId)).toEqual([null, null]);

    await caller.transaction.undoDelete({ undoId });
    expect(await storedTransactions(database.db, user.id)).toEqual(before);
  });

  it('restores a template deleted together with its occurrences', async () => {
    const { user, caller } = await signedInUser();
    await caller.transaction.create(
      expenseInput({ title: 'Gym', amount: 30, date: '2026-01-05', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    const before = await storedTransactions(database.db, user.id);
    expect(before).toHaveLength(3);
    const { undoId } = await caller.transaction.bulkDelete({ ids: before.map((row) => row.id) });
    await caller.transaction.undoDelete({ undoId });
    expect(await storedTransactions(database.db, user.id)).toEqual(before);
  });

  it('restores an occurrence on its own when its template has gone since', async () => {
    const { user, caller } = await signedInUser();
    const template = await caller.transaction.create(
      expenseInput({ title: 'Gym', amount: 30, date: '2026-02-05', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    const [occurrence] = (await storedTransactions(database.db, user.id)).filter(
      (row) => row.templateId === template.id,
    );
    if (!occurrence) throw new Error('the March occurrence was not made');
    const { undoId } = await caller.transaction.delete({ id: occurrence.id });
    await caller.transaction.delete({ id: template.id });

    await expect(caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 1 });
    expect(await storedTransactions(database.db, user.id)).toEqual([{ ...occurrence, templateId: null }]);
  });

  it('restores nothing when the schedule has made the same occurrence again', async () => {
    const { user, caller, clock } = await signedInUser();
    const template = await caller.transaction.create(
      expenseInput({ title: 'Gym', amount: 30, date: '2026-02-05', isRecurring: true, recurringInterval: 'MONTHLY' }),
    );
    const [occurrence] = (await storedTransactions(database.db, user.id)).filter(
      (row) => row.templateId === template.id,
    );
    if (!occurrence) throw new Error('the March occurrence was not made');
    const other = await caller.transaction.create(expenseInput({ title: 'Other' }));
    const { undoId } = await caller.transaction.bulkDelete({ ids: [occurrence.id, other.id] });
    await insertTransaction(
      database.db,
      {
        userId: user.id,
        templateId: template.id,
        title: 'Gym',
        description: null,
        type: 'EXPENSE',
        amountCents: 3000,
        category: 'Food',
        date: occurrence.date,
        paymentMethod: 'CASH',
        isRecurring: false,
        recurringInterval: null,
        nextRecurringDate: null,
        recurringEndDate: null,
      },
      clock.now(),
    );
    const between = await storedTransactions(database.db, user.id);

    await expect(caller.transaction.undoDelete({ undoId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: UNDO_MESSAGES.conflict,
    });
    expect(await storedTransactions(database.db, user.id)).toEqual(between);
  });

  it("refuses another user's undo and restores nothing", async () => {
    const owner = await signedInUser();
    const created = await owner.caller.transaction.create(expenseInput());
    const { undoId } = await owner.caller.transaction.delete({ id: created.id });
    const intruder = await signedInUser();
    await expect(intruder.caller.transaction.undoDelete({ undoId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await storedTransactions(database.db, owner.user.id)).toEqual([]);
    expect(await storedTransactions(database.db, intruder.user.id)).toEqual([]);
    // The owner still can.
    await expect(owner.caller.transaction.undoDelete({ undoId })).resolves.toEqual({ restoredCount: 1 });
  });

  it('can be undone until the window closes; then the scheduler forgets it', async () => {
    const { user, caller, clock } = await signedInUser();
    const first = await caller.transaction.create(expenseInput({ title: 'First' }));
    const second = await caller.transaction.create(expenseInput({ title: 'Second' }));
    const early = await caller.transaction.delete({ id: first.id });
    const late = await caller.transaction.delete({ id: second.id });

    clock.advance(UNDO_WINDOW_MS - 1);
    await expect(caller.transaction.undoDelete({ undoId: early.undoId })).resolves.toEqual({ restoredCount: 1 });
    clock.advance(1);
    await expect(caller.transaction.undoDelete({ undoId: late.undoId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: UNDO_MESSAGES.expired,
    });
    expect((await storedTransactions(database.db, user.id)).map((row) => row.title)).toEqual(['First']);

    const kept = () =>
      database.db
        .select({ id: deletedTransactionBatches.id })
        .from(deletedTransactionBatches)
        .where(eq(deletedTransactionBatches.userId, user.id));
    expect(await kept()).toHaveLength(1);
    await pruneExpiredUndos({ db: database.db, clock });
    expect(await kept()).toEqual([]);
  });

  it('refuses an id that is not a uuid with a clear message', async () => {
    const { caller } = await signedInUser();
    const error = await errorOf(caller.transaction.undoDelete({ undoId: 'yesterday' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(zodMessages(error)).toEqual(['Invalid undo id']);
  });
});
