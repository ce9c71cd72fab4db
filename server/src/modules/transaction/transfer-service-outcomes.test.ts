import { TRANSFER_MESSAGES } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { signedInWithAccounts } from '../../test/ledger-accounts';

/*
 * What transfer.service.ts answers beyond the happy paths of transfer.test.ts: the legs' one-off
 * fields, edits of one field at a time, the archived-account rules of an edit, and each refusal of
 * convertToTransfer.
 */

const database = useTestDatabase();

const signedIn = () => signedInWithAccounts(database);

describe('createTransfer', () => {
  it('writes two one-off legs at the clock’s time, without a note when none is given', async () => {
    const { caller, main, savings } = await signedIn();
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 12,
      date: '2026-03-04',
    });
    for (const leg of [transfer.from, transfer.to]) {
      expect(leg).toMatchObject({
        description: null,
        amount: 12,
        date: '2026-03-04',
        isRecurring: false,
        recurringInterval: null,
        nextRecurringDate: null,
        recurringEndDate: null,
        templateId: null,
        clearedAt: null,
        createdAt: '2026-03-10T12:00:00.000Z',
        updatedAt: '2026-03-10T12:00:00.000Z',
      });
      const stored = await caller.transaction.get({ id: leg.id });
      expect([stored.isRecurring, stored.description, stored.transferId]).toEqual([false, null, transfer.id]);
    }
    expect([transfer.from.type, transfer.from.title]).toEqual(['EXPENSE', 'Transfer to Savings']);
    expect([transfer.to.type, transfer.to.title]).toEqual(['INCOME', 'Transfer from Main account']);
  });
});

describe('updateTransfer', () => {
  it('changes only the fields given, on both legs, at the clock’s time', async () => {
    const { caller, clock, main, savings } = await signedIn();
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 20,
      date: '2026-03-01',
      note: 'Holiday',
    });
    clock.advanceSeconds(60);
    const noted = await caller.transaction.updateTransfer({ transferId: transfer.id, note: 'Car' });
    for (const leg of [noted.from, noted.to]) {
      expect([leg.description, leg.amount, leg.date, leg.updatedAt]).toEqual([
        'Car',
        20,
        '2026-03-01',
        '2026-03-10T12:01:00.000Z',
      ]);
    }
    expect([noted.from.accountId, noted.to.accountId]).toEqual([main.id, savings.id]);
    expect([noted.from.title, noted.to.title]).toEqual(['Transfer to Savings', 'Transfer from Main account']);

    const dated = await caller.transaction.updateTransfer({ transferId: transfer.id, date: '2026-03-07' });
    for (const leg of [dated.from, dated.to]) {
      expect([leg.description, leg.amount, leg.date]).toEqual(['Car', 20, '2026-03-07']);
    }
    const stored = await caller.transaction.get({ id: transfer.to.id });
    expect([stored.description, stored.amount, stored.date]).toEqual(['Car', 20, '2026-03-07']);
  });

  it('moves the leaving side to another account and renames the other leg after it', async () => {
    const { caller, main, savings, card } = await signedIn();
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 8,
      date: '2026-03-01',
    });
    const moved = await caller.transaction.updateTransfer({ transferId: transfer.id, fromAccountId: card.id });
    expect([moved.from.accountId, moved.from.title]).toEqual([card.id, 'Transfer to Savings']);
    expect([moved.to.accountId, moved.to.title]).toEqual([savings.id, 'Transfer from Card']);
    const balances = Object.fromEntries((await caller.account.list()).map((account) => [account.id, account.balance]));
    expect([balances[main.id], balances[card.id], balances[savings.id]]).toEqual([0, -8, 8]);
  });

  it('refuses one account on both sides when only one side is named', async () => {
    const { caller, main, savings } = await signedIn();
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 8,
      date: '2026-03-01',
    });
    const toSame = await errorOf(caller.transaction.updateTransfer({ transferId: transfer.id, toAccountId: main.id }));
    expect([toSame.code, toSame.message]).toEqual(['BAD_REQUEST', TRANSFER_MESSAGES.sameAccount]);
    const fromSame = await errorOf(
      caller.transaction.updateTransfer({ transferId: transfer.id, fromAccountId: savings.id }),
    );
    expect([fromSame.code, fromSame.message]).toEqual(['BAD_REQUEST', TRANSFER_MESSAGES.sameAccount]);
    const stored = await caller.transaction.get({ id: transfer.from.id });
    expect(stored.accountId).toBe(main.id);
  });

  it('edits a transfer whose accounts were archived since, but moves no side into an archived account', async () => {
    const { caller, main, savings, card } = await signedIn();
    const transfer = await caller.transaction.transfer({
      fromAccountId: savings.id,
      toAccountId: card.id,
      amount: 8,
      date: '2026-03-01',
    });
    await caller.account.archive({ id: savings.id });
    await caller.account.archive({ id: card.id });
    const edited = await caller.transaction.updateTransfer({ transferId: transfer.id, amount: 9 });
    expect([edited.from.accountId, edited.from.amount, edited.to.accountId, edited.to.amount]).toEqual([
      savings.id,
      9,
      card.id,
      9,
    ]);
    // The accounts named again, unchanged, are still allowed.
    const named = await caller.transaction.updateTransfer({
      transferId: transfer.id,
      fromAccountId: savings.id,
      toAccountId: card.id,
      amount: 10,
    });
    expect([named.from.amount, named.to.amount]).toEqual([10, 10]);

    const other = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: (await caller.account.create({ name: 'Cash', kind: 'CASH', openingBalance: 0 })).id,
      amount: 3,
      date: '2026-03-01',
    });
    const intoArchived = await errorOf(
      caller.transaction.updateTransfer({ transferId: other.id, toAccountId: savings.id }),
    );
    expect(intoArchived.code).toBe('NOT_FOUND');
    const fromArchived = await errorOf(
      caller.transaction.updateTransfer({ transferId: other.id, fromAccountId: card.id }),
    );
    expect(fromArchived.code).toBe('NOT_FOUND');
    const stored = await caller.transaction.get({ id: other.from.id });
    expect(stored.accountId).toBe(main.id);
  });

  it('answers an unknown transfer, or a plain transaction’s id, as not found', async () => {
    const { caller, main } = await signedIn();
    const unknown = await errorOf(
      caller.transaction.updateTransfer({ transferId: '00000000-0000-4000-8000-000000000000', amount: 1 }),
    );
    expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', TRANSFER_MESSAGES.notFound]);
    const plain = await caller.transaction.create({ title: 'Tea', type: 'EXPENSE', amount: 2, date: '2026-03-01' });
    const notTransfer = await errorOf(caller.transaction.updateTransfer({ transferId: plain.id, amount: 1 }));
    expect([notTransfer.code, notTransfer.message]).toEqual(['NOT_FOUND', TRANSFER_MESSAGES.notFound]);
    expect((await caller.transaction.get({ id: plain.id })).accountId).toBe(main.id);
  });
});

describe('convertToTransfer', () => {
  async function pair() {
    const owner = await signedIn();
    const expense = await owner.caller.transaction.create({
      title: 'Out',
      type: 'EXPENSE',
      amount: 30,
      date: '2026-03-01',
    });
    const income = await owner.caller.transaction.create({
      title: 'In',
      type: 'INCOME',
      amount: 30,
      date: '2026-03-02',
      accountId: owner.savings.id,
    });
    return { ...owner, expense, income };
  }

  it('keeps each row’s own fields and stamps the clock’s time', async () => {
    const { caller, clock, expense, income } = await pair();
    clock.advanceSeconds(5);
    const transfer = await caller.transaction.convertToTransfer({ expenseId: expense.id, incomeId: income.id });
    expect([transfer.from.id, transfer.from.title, transfer.from.date, transfer.from.transferId]).toEqual([
      expense.id,
      'Out',
      '2026-03-01',
      transfer.id,
    ]);
    expect([transfer.to.id, transfer.to.title, transfer.to.date, transfer.to.transferId]).toEqual([
      income.id,
      'In',
      '2026-03-02',
      transfer.id,
    ]);
    expect([transfer.from.updatedAt, transfer.to.updatedAt]).toEqual([
      '2026-03-10T12:00:05.000Z',
      '2026-03-10T12:00:05.000Z',
    ]);
  });

  it('answers not found for an unknown row, another user’s row, or the two types swapped', async () => {
    const { caller, expense, income } = await pair();
    const other = await pair();
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases = [
      () => caller.transaction.convertToTransfer({ expenseId: unknown, incomeId: income.id }),
      () => caller.transaction.convertToTransfer({ expenseId: expense.id, incomeId: unknown }),
      () => caller.transaction.convertToTransfer({ expenseId: other.expense.id, incomeId: income.id }),
      () => caller.transaction.convertToTransfer({ expenseId: expense.id, incomeId: other.income.id }),
      () => caller.transaction.convertToTransfer({ expenseId: income.id, incomeId: expense.id }),
      () => caller.transaction.convertToTransfer({ expenseId: expense.id, incomeId: expense.id }),
      () => caller.transaction.convertToTransfer({ expenseId: income.id, incomeId: income.id }),
    ];
    for (const attempt of cases) {
      const error = await errorOf(attempt());
      expect([error.code, error.message]).toEqual(['NOT_FOUND', 'Transaction not found']);
    }
    expect((await caller.transaction.get({ id: expense.id })).transferId).toBeNull();
    expect((await caller.transaction.get({ id: income.id })).transferId).toBeNull();
  });

  it('refuses a row that is already a transfer leg, on either side', async () => {
    const { caller, main, savings, card, expense, income } = await pair();
    const transfer = await caller.transaction.transfer({
      fromAccountId: card.id,
      toAccountId: savings.id,
      amount: 30,
      date: '2026-03-01',
    });
    const expenseLeg = await errorOf(
      caller.transaction.convertToTransfer({ expenseId: transfer.from.id, incomeId: income.id }),
    );
    expect([expenseLeg.code, expenseLeg.message]).toEqual(['CONFLICT', TRANSFER_MESSAGES.convertAlready]);
    const incomeLeg = await errorOf(
      caller.transaction.convertToTransfer({ expenseId: expense.id, incomeId: transfer.to.id }),
    );
    expect([incomeLeg.code, incomeLeg.message]).toEqual(['CONFLICT', TRANSFER_MESSAGES.convertAlready]);
    expect((await caller.transaction.get({ id: expense.id })).accountId).toBe(main.id);
  });

  it('refuses a recurring template on either side', async () => {
    const { caller, clock, savings, expense, income } = await pair();
    clock.set('2026-03-01T12:00:00.000Z');
    const series = { amount: 30, isRecurring: true, recurringInterval: 'MONTHLY', date: '2026-03-01' } as const;
    const rent = await caller.transaction.create({ ...series, title: 'Rent', type: 'EXPENSE' });
    const wage = await caller.transaction.create({ ...series, title: 'Wage', type: 'INCOME', accountId: savings.id });
    for (const input of [
      { expenseId: rent.id, incomeId: income.id },
      { expenseId: expense.id, incomeId: wage.id },
    ]) {
      const error = await errorOf(caller.transaction.convertToTransfer(input));
      expect([error.code, error.message]).toEqual(['BAD_REQUEST', TRANSFER_MESSAGES.convertRecurring]);
    }
    expect((await caller.transaction.get({ id: rent.id })).transferId).toBeNull();
  });
});
