import { randomUUID } from 'node:crypto';
import { TRANSFER_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { signedInWithAccounts } from '../../test/ledger-accounts';
import { concurrentDatabases, settled, untilSomethingWaitsForALock } from '../../test/lock-wait';

/*
 * A transfer's legs are read in id order, and ids are random: which leg comes first differs from one
 * transfer to the next. Here the ids are chosen, so each order is tested every time: an edit finds
 * the leaving leg by its type, never by its place. And the codes of the two refusals of a pair whose
 * amounts or accounts do not make a transfer.
 */

const database = useTestDatabase();

/** An expense in the default account and an income in savings, of the same amount, with ids in the given order. */
async function pair(expenseFirst: boolean) {
  const owner = await signedInWithAccounts(database);
  const { caller, savings } = owner;
  const created = await Promise.all([
    caller.transaction.create({ title: 'Out', type: 'EXPENSE', amount: 30, date: '2026-03-01' }),
    caller.transaction.create({ title: 'In', type: 'INCOME', amount: 30, date: '2026-03-02', accountId: savings.id }),
  ]);
  const tail = randomUUID().slice(1);
  const [expenseId, incomeId] = expenseFirst ? [`0${tail}`, `f${tail}`] : [`f${tail}`, `0${tail}`];
  for (const [row, id] of [
    [created[0], expenseId],
    [created[1], incomeId],
  ] as const) {
    await database.db.update(transactions).set({ id }).where(eq(transactions.id, row.id));
  }
  return { ...owner, expenseId, incomeId };
}

describe('updateTransfer finds each leg by its type', () => {
  for (const expenseFirst of [true, false]) {
    it(`edits the right legs when the ${expenseFirst ? 'expense' : 'income'}’s id sorts first`, async () => {
      const { caller, main, savings, card, expenseId, incomeId } = await pair(expenseFirst);
      const transfer = await caller.transaction.convertToTransfer({ expenseId, incomeId });
      const edited = await caller.transaction.updateTransfer({
        transferId: transfer.id,
        toAccountId: card.id,
        amount: 31,
      });
      expect([edited.from.id, edited.from.type, edited.from.accountId, edited.from.title, edited.from.amount]).toEqual([
        expenseId,
        'EXPENSE',
        main.id,
        'Transfer to Card',
        31,
      ]);
      expect([edited.to.id, edited.to.type, edited.to.accountId, edited.to.title, edited.to.amount]).toEqual([
        incomeId,
        'INCOME',
        card.id,
        'Transfer from Main account',
        31,
      ]);
      const [listed] = await caller.transaction.transfers({ ids: [transfer.id] });
      expect([listed?.from.id, listed?.to.id]).toEqual([expenseId, incomeId]);
      const balances = Object.fromEntries(
        (await caller.account.list()).map((account) => [account.id, account.balance]),
      );
      expect([balances[main.id], balances[savings.id], balances[card.id]]).toEqual([-31, 0, 31]);
    });
  }
});

describe('convertToTransfer refusals', () => {
  it('refuses different amounts and one account on both sides as bad requests', async () => {
    const { caller, main, savings } = await signedInWithAccounts(database);
    const out = await caller.transaction.create({ title: 'Out', type: 'EXPENSE', amount: 5, date: '2026-03-01' });
    const more = await caller.transaction.create({
      title: 'More',
      type: 'INCOME',
      amount: 6,
      date: '2026-03-01',
      accountId: savings.id,
    });
    const same = await caller.transaction.create({
      title: 'Same',
      type: 'INCOME',
      amount: 5,
      date: '2026-03-01',
      accountId: main.id,
    });
    const amounts = await errorOf(caller.transaction.convertToTransfer({ expenseId: out.id, incomeId: more.id }));
    expect([amounts.code, amounts.message]).toEqual(['BAD_REQUEST', TRANSFER_MESSAGES.convertAmounts]);
    const accounts = await errorOf(caller.transaction.convertToTransfer({ expenseId: out.id, incomeId: same.id }));
    expect([accounts.code, accounts.message]).toEqual(['BAD_REQUEST', TRANSFER_MESSAGES.convertAccounts]);
    expect((await caller.transaction.get({ id: out.id })).transferId).toBeNull();
  });
});

/*
 * convertToTransfer reads both rows under a row lock, so it decides from the rows as they will be
 * written over. On a PostgreSQL server another pooled connection changes one row's amount and keeps
 * its transaction open while the conversion starts; the embedded database runs one transaction at a
 * time, so these run with DATABASE_URL only.
 */

const servers = concurrentDatabases();

describe.each(servers)('convertToTransfer while another request changes one of the rows', () => {
  for (const side of ['expense', 'income'] as const) {
    it(`decides from the committed ${side}: an amount changed meanwhile is refused`, async () => {
      const { caller, savings } = await signedInWithAccounts(database);
      const expense = await caller.transaction.create({
        title: 'Out',
        type: 'EXPENSE',
        amount: 30,
        date: '2026-03-01',
      });
      const income = await caller.transaction.create({
        title: 'In',
        type: 'INCOME',
        amount: 30,
        date: '2026-03-01',
        accountId: savings.id,
      });
      const changed = side === 'expense' ? expense : income;
      const { conversion } = await database.db.transaction(async (holder) => {
        await holder.update(transactions).set({ amountCents: 3100 }).where(eq(transactions.id, changed.id));
        const conversion = settled(
          caller.transaction.convertToTransfer({ expenseId: expense.id, incomeId: income.id }),
        );
        await untilSomethingWaitsForALock(database.db, 'the conversion');
        // Returned, so this transaction commits before anything waits on the conversion.
        return { conversion };
      });
      const outcome = await conversion;
      expect(outcome).toMatchObject({ error: { code: 'BAD_REQUEST', message: TRANSFER_MESSAGES.convertAmounts } });
      const rows = await Promise.all([expense, income].map(({ id }) => caller.transaction.get({ id })));
      expect(rows.map((row) => [row.transferId, row.amount])).toEqual([
        [null, side === 'expense' ? 31 : 30],
        [null, side === 'income' ? 31 : 30],
      ]);
    });
  }
});
