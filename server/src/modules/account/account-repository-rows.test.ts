import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { signedInWithAccounts } from '../../test/ledger-accounts';

/*
 * What the account repository writes, seen through the API: where a new account goes in the order,
 * and what a delete answers when every row it takes is a transfer to the account it moves into.
 */

const database = useTestDatabase();

describe('account.create position', () => {
  it('puts each new account after the last one, not among them by name', async () => {
    // Savings and then Card are created after the default account.
    const { caller, main, savings, card } = await signedInWithAccounts(database);
    expect((await caller.account.list()).map((account) => account.id)).toEqual([main.id, savings.id, card.id]);

    await caller.account.reorder({ ids: [card.id, main.id, savings.id] });
    const bills = await caller.account.create({ name: 'Bills', kind: 'CASH' });
    const listed = await caller.account.list();
    expect(listed.map((account) => account.id)).toEqual([card.id, main.id, savings.id, bills.id]);
    expect(listed.map((account) => account.position)).toEqual([0, 1, 2, 3]);
  });
});

describe('account.delete moving into another account', () => {
  it('moves nothing when every transaction is a transfer with that account', async () => {
    const { caller, main, savings } = await signedInWithAccounts(database);
    await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 50,
      date: '2026-03-02',
    });
    await caller.transaction.transfer({
      fromAccountId: savings.id,
      toAccountId: main.id,
      amount: 20,
      date: '2026-03-03',
    });

    expect(await caller.account.delete({ id: savings.id, moveTo: main.id })).toEqual({ moved: 0, transfersRemoved: 2 });
    expect((await caller.transaction.list({})).pagination.totalCount).toBe(0);
    const [left] = await caller.account.list();
    expect(left).toMatchObject({ id: main.id, balance: 0 });
  });
});
