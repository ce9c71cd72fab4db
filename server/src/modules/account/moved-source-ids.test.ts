import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { base64, ofx } from '../../test/statement-files';
import { UNDO_MESSAGES } from '../transaction/undo.service';

/*
 * One statement imported into two accounts holds the same source ids in both. Moving a row from one
 * into the other must not fail on the (account, source id) unique index: the moved row loses the id,
 * the row already there keeps it, and importing the statement again still adds nothing.
 */

const database = useTestDatabase();
const clock = new ManualClock('2026-04-10T12:00:00.000Z');

const statement = base64(
  ofx([
    { date: '2026-03-02', amount: '-12.50', name: 'CORNER CAFE', fitId: 'T1' },
    { date: '2026-03-05', amount: '2500.00', name: 'ACME PAYROLL', fitId: 'T2' },
  ]),
);

async function twoAccountsHoldingOneStatement() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const [main] = await caller.account.list();
  if (!main) throw new Error('no default account');
  const savings = await caller.account.create({ name: 'Savings', kind: 'SAVINGS', openingBalance: 100 });
  for (const accountId of [main.id, savings.id]) {
    expect(await caller.account.importStatement({ accountId, fileName: 's.ofx', contentBase64: statement })).toEqual({
      imported: 2,
      skippedAlreadyImported: 0,
      skippedPossibleDuplicates: 0,
    });
  }
  return { user, caller, mainId: main.id, savingsId: savings.id };
}

async function rowsOf(userId: string, accountId: string) {
  return database.db
    .select({ id: transactions.id, title: transactions.title, sourceId: transactions.sourceId })
    .from(transactions)
    .where(and(eq(transactions.userId, userId), eq(transactions.accountId, accountId)))
    .orderBy(transactions.date);
}

describe('moving imported rows into an account that holds the same statement', () => {
  it('moves one row with transaction.update: it drops the id, the row already there keeps it', async () => {
    const { user, caller, mainId, savingsId } = await twoAccountsHoldingOneStatement();
    const [cafe] = await rowsOf(user.id, mainId);
    if (!cafe) throw new Error('no row');
    const moved = await caller.transaction.update({ id: cafe.id, accountId: savingsId });
    expect(moved.accountId).toBe(savingsId);
    const savingsRows = await rowsOf(user.id, savingsId);
    // Two café rows on one day: compared in a fixed order, since the date alone does not order them.
    const described = savingsRows.map((row) => `${row.title}: ${row.id === cafe.id ? 'moved' : row.sourceId}`).sort();
    expect(described).toEqual(['ACME PAYROLL: fitid:T2', 'CORNER CAFE: fitid:T1', 'CORNER CAFE: moved']);
    expect(savingsRows.find((row) => row.id === cafe.id)?.sourceId).toBeNull();
    // A row moved into an account that does not hold its id keeps it.
    const [payroll] = (await rowsOf(user.id, mainId)).filter((row) => row.title === 'ACME PAYROLL');
    const third = await caller.account.create({ name: 'Wallet', kind: 'CASH' });
    await caller.transaction.update({ id: payroll?.id as string, accountId: third.id });
    expect((await rowsOf(user.id, third.id)).map((row) => row.sourceId)).toEqual(['fitid:T2']);
    expect(
      await caller.account.importStatement({ accountId: savingsId, fileName: 's.ofx', contentBase64: statement }),
    ).toEqual({ imported: 0, skippedAlreadyImported: 2, skippedPossibleDuplicates: 0 });
  });

  it('deletes an account into the other: every row moves and the balances add up to the cent', async () => {
    const { user, caller, mainId, savingsId } = await twoAccountsHoldingOneStatement();
    const before = new Map((await caller.account.list()).map((account) => [account.id, account.balance]));
    expect(await caller.account.delete({ id: savingsId, moveTo: mainId })).toEqual({ moved: 2, transfersRemoved: 0 });
    const mainRows = await rowsOf(user.id, mainId);
    expect(mainRows).toHaveLength(4);
    expect(mainRows.filter((row) => row.sourceId !== null).map((row) => row.sourceId)).toEqual([
      'fitid:T1',
      'fitid:T2',
    ]);
    const [main] = await caller.account.list();
    // The savings account's movements join main; its opening balance of 100 goes with it.
    expect(main?.balance).toBe(
      Math.round(((before.get(mainId) ?? 0) + (before.get(savingsId) ?? 0) - 100) * 100) / 100,
    );
    expect(main?.balance).toBe(4975);
  });

  it('refuses to undo the delete of a row imported again since, and restores nothing', async () => {
    const { user, caller, mainId } = await twoAccountsHoldingOneStatement();
    const [cafe] = await rowsOf(user.id, mainId);
    const { undoId } = await caller.transaction.delete({ id: cafe?.id as string });
    expect(
      await caller.account.importStatement({ accountId: mainId, fileName: 's.ofx', contentBase64: statement }),
    ).toEqual({ imported: 1, skippedAlreadyImported: 1, skippedPossibleDuplicates: 0 });
    const error = await errorOf(caller.transaction.undoDelete({ undoId }));
    expect([error.code, error.message]).toEqual(['CONFLICT', UNDO_MESSAGES.conflict]);
    expect((await rowsOf(user.id, mainId)).map((row) => row.sourceId)).toEqual(['fitid:T1', 'fitid:T2']);
  });
});
