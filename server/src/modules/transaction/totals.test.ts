import type { CreateTransactionInput } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { totalsFromDailyTotals, totalsFromLedger } from './totals.repository';
import { filterConditions } from './transaction.repository';

const database = useTestDatabase();

const entries: CreateTransactionInput[] = [
  {
    title: 'Salary',
    type: 'INCOME',
    amount: 3200.1,
    category: 'Salary',
    date: '2026-02-01',
    paymentMethod: 'BANK_TRANSFER',
  },
  { title: 'Refund', type: 'INCOME', amount: 0.2, category: 'Shopping', date: '2026-02-20', paymentMethod: 'CARD' },
  {
    title: 'Rent',
    type: 'EXPENSE',
    amount: 950,
    category: 'Housing',
    date: '2026-02-03',
    paymentMethod: 'BANK_TRANSFER',
  },
  {
    title: 'Coffee beans',
    type: 'EXPENSE',
    amount: 12.35,
    category: 'Groceries',
    date: '2026-02-10',
    paymentMethod: 'CARD',
  },
  { title: 'Market', type: 'EXPENSE', amount: 40.05, category: 'Groceries', date: '2026-03-02', paymentMethod: 'CASH' },
];

async function ledger() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock: new ManualClock('2026-03-15T12:00:00Z') });
  for (const entry of entries) await caller.transaction.create(entry);
  return { user, caller };
}

describe('transaction.totals', () => {
  it('adds up everything to the cent when nothing is filtered', async () => {
    const { caller } = await ledger();
    // Another user's ledger counts for nothing here.
    await ledger();
    expect(await caller.transaction.totals({})).toEqual({ count: 5, income: 3200.3, expenses: 1002.4, net: 2197.9 });
  });

  it('follows type, category and date range (answered from the rollup)', async () => {
    const { caller } = await ledger();
    expect(await caller.transaction.totals({ category: 'Groceries' })).toEqual({
      count: 2,
      income: 0,
      expenses: 52.4,
      net: -52.4,
    });
    expect(await caller.transaction.totals({ from: '2026-02-01', to: '2026-02-28', type: 'INCOME' })).toEqual({
      count: 2,
      income: 3200.3,
      expenses: 0,
      net: 3200.3,
    });
  });

  it('follows keyword and payment method (answered from the ledger)', async () => {
    const { caller } = await ledger();
    expect(await caller.transaction.totals({ keyword: 'coffee' })).toEqual({
      count: 1,
      income: 0,
      expenses: 12.35,
      net: -12.35,
    });
    expect(await caller.transaction.totals({ paymentMethod: 'CARD' })).toEqual({
      count: 2,
      income: 0.2,
      expenses: 12.35,
      net: -12.15,
    });
  });

  it('gives the same cents from the rollup as from the ledger for every filter the rollup answers', async () => {
    const { user } = await ledger();
    const filters = [
      {},
      { type: 'EXPENSE' as const },
      { category: 'Groceries' },
      { from: '2026-02-02', to: '2026-03-01' },
      { type: 'INCOME' as const, category: 'Shopping', from: '2026-02-20', to: '2026-02-20' },
      { category: 'Nothing here' },
    ];
    for (const filter of filters) {
      const fromRollup = await totalsFromDailyTotals(database.db, user.id, filter);
      const fromLedger = await totalsFromLedger(database.db, filterConditions(user.id, filter));
      expect(fromRollup, JSON.stringify(filter)).toEqual(fromLedger);
    }
  });

  it('refuses a range that ends before it starts', async () => {
    const { caller } = await ledger();
    await expect(caller.transaction.totals({ from: '2026-03-01', to: '2026-02-01' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
