import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { signedInWithAccounts } from '../../test/ledger-accounts';

const database = useTestDatabase();

const signedIn = () => signedInWithAccounts(database);

describe('transaction.transfers', () => {
  it('answers each named transfer with both legs, in the order asked, leaving out what is not the caller’s', async () => {
    const { caller, main, savings } = await signedIn();
    const first = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 250,
      date: '2026-03-05',
      note: 'Rainy day',
    });
    const second = await caller.transaction.transfer({
      fromAccountId: savings.id,
      toAccountId: main.id,
      amount: 40.5,
      date: '2026-03-06',
    });
    const other = await signedIn();
    const foreign = await other.caller.transaction.transfer({
      fromAccountId: other.main.id,
      toAccountId: other.savings.id,
      amount: 1,
      date: '2026-03-05',
    });

    const answer = await caller.transaction.transfers({ ids: [second.id, foreign.id, first.id, second.id] });
    expect(answer.map((transfer) => transfer.id)).toEqual([second.id, first.id]);
    const [back, out] = answer;
    expect([out?.from.id, out?.from.accountId, out?.to.id, out?.to.accountId]).toEqual([
      first.from.id,
      main.id,
      first.to.id,
      savings.id,
    ]);
    expect([out?.from.amount, out?.from.date, out?.from.description]).toEqual([250, '2026-03-05', 'Rainy day']);
    expect([back?.from.accountId, back?.to.accountId, back?.to.amount]).toEqual([savings.id, main.id, 40.5]);

    // A deleted transfer is simply not there any more.
    await caller.transaction.delete({ id: first.to.id });
    expect((await caller.transaction.transfers({ ids: [first.id] })).map((transfer) => transfer.id)).toEqual([]);
  });

  it('answers a converted pair, and refuses more ids than a page holds', async () => {
    const { caller, main, savings } = await signedIn();
    const expense = await caller.transaction.create({
      title: 'To savings',
      type: 'EXPENSE',
      amount: 80,
      category: 'Other',
      date: '2026-03-01',
    });
    const income = await caller.transaction.create({
      title: 'From current',
      type: 'INCOME',
      amount: 80,
      category: 'Other',
      date: '2026-03-02',
      accountId: savings.id,
    });
    const converted = await caller.transaction.convertToTransfer({ expenseId: expense.id, incomeId: income.id });
    const [read] = await caller.transaction.transfers({ ids: [converted.id] });
    expect([read?.from.id, read?.from.accountId, read?.from.date]).toEqual([expense.id, main.id, '2026-03-01']);
    expect([read?.to.id, read?.to.accountId, read?.to.date]).toEqual([income.id, savings.id, '2026-03-02']);

    const tooMany = Array.from({ length: 101 }, () => converted.id);
    expect((await errorOf(caller.transaction.transfers({ ids: tooMany }))).code).toBe('BAD_REQUEST');
  });
});
