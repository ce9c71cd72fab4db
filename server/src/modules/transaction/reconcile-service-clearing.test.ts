import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';

/*
 * What reconcile.service.ts answers beyond transfer.test.ts's walk through: which rows a tick or an
 * untick counts and touches, the refusal's count, and which rows the cleared balance sums.
 */

const database = useTestDatabase();

async function signedIn() {
  const user = await createUser(database.db);
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const { caller } = await createTestCaller({ database, user, clock });
  const savings = await caller.account.create({ name: 'Savings', kind: 'SAVINGS', openingBalance: 0 });
  const spend = (title: string, amount: number, accountId = savings.id) =>
    caller.transaction.create({ title, type: 'EXPENSE', amount, date: '2026-03-01', accountId });
  return { caller, clock, savings, spend };
}

describe('setCleared', () => {
  it('counts and touches only rows it changes; a row ticked again keeps its first time', async () => {
    const { caller, clock, spend } = await signedIn();
    const a = await spend('A', 1);
    const b = await spend('B', 2);
    expect(await caller.transaction.setCleared({ ids: [a.id, a.id], cleared: true })).toEqual({ updatedCount: 1 });

    clock.advanceSeconds(30);
    expect(await caller.transaction.setCleared({ ids: [a.id, b.id], cleared: true })).toEqual({ updatedCount: 1 });
    const [firstA, firstB] = [await caller.transaction.get({ id: a.id }), await caller.transaction.get({ id: b.id })];
    expect([firstA.clearedAt, firstA.updatedAt]).toEqual(['2026-03-10T12:00:00.000Z', '2026-03-10T12:00:00.000Z']);
    expect([firstB.clearedAt, firstB.updatedAt]).toEqual(['2026-03-10T12:00:30.000Z', '2026-03-10T12:00:30.000Z']);

    clock.advanceSeconds(30);
    const c = await spend('C', 3);
    expect(await caller.transaction.setCleared({ ids: [a.id, c.id], cleared: false })).toEqual({ updatedCount: 1 });
    const [nowA, nowC] = [await caller.transaction.get({ id: a.id }), await caller.transaction.get({ id: c.id })];
    expect([nowA.clearedAt, nowA.updatedAt]).toEqual([null, '2026-03-10T12:01:00.000Z']);
    expect([nowC.clearedAt, nowC.updatedAt]).toEqual([null, c.updatedAt]);
    expect(await caller.transaction.setCleared({ ids: [a.id, c.id], cleared: false })).toEqual({ updatedCount: 0 });
  });

  it('changes nothing when any id is not the caller’s, and says how many were missing', async () => {
    const { caller, spend } = await signedIn();
    const other = await signedIn();
    const mine = await spend('Mine', 1);
    const theirs = await other.spend('Theirs', 1);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const error = await errorOf(
      caller.transaction.setCleared({ ids: [mine.id, theirs.id, unknown, unknown], cleared: true }),
    );
    expect([error.code, error.message]).toEqual(['NOT_FOUND', '2 of the selected transactions were not found']);
    expect((await caller.transaction.get({ id: mine.id })).clearedAt).toBeNull();
    expect((await other.caller.transaction.get({ id: theirs.id })).clearedAt).toBeNull();
  });
});

describe('reconcileStatus', () => {
  it('sums the cleared rows of that account only, incomes up and expenses down', async () => {
    const { caller, savings, spend } = await signedIn();
    const [main] = await caller.account.list();
    if (!main) throw new Error('no default account');
    await caller.account.update({ id: savings.id, openingBalance: -5 });
    const rent = await spend('Rent', 40.1);
    const refund = await caller.transaction.create({
      title: 'Refund',
      type: 'INCOME',
      amount: 7.35,
      date: '2026-03-02',
      accountId: savings.id,
    });
    await spend('Open', 100);
    const elsewhere = await spend('Elsewhere', 1000, main.id);
    await caller.transaction.setCleared({ ids: [rent.id, refund.id, elsewhere.id], cleared: true });
    expect(await caller.account.reconcileStatus({ accountId: savings.id, statementBalance: -40 })).toEqual({
      accountId: savings.id,
      statementBalance: -40,
      clearedBalance: -37.75,
      difference: -2.25,
      clearedCount: 2,
      unclearedCount: 1,
    });
    expect(await caller.account.reconcileStatus({ accountId: main.id, statementBalance: 0 })).toEqual({
      accountId: main.id,
      statementBalance: 0,
      clearedBalance: -1000,
      difference: 1000,
      clearedCount: 1,
      unclearedCount: 0,
    });
  });

  it('answers the opening balance for an account without rows', async () => {
    const { caller } = await signedIn();
    const empty = await caller.account.create({ name: 'Empty', kind: 'CASH', openingBalance: 12.5 });
    expect(await caller.account.reconcileStatus({ accountId: empty.id, statementBalance: 12.5 })).toEqual({
      accountId: empty.id,
      statementBalance: 12.5,
      clearedBalance: 12.5,
      difference: 0,
      clearedCount: 0,
      unclearedCount: 0,
    });
    const error = await errorOf(
      caller.account.reconcileStatus({ accountId: '00000000-0000-4000-8000-000000000000', statementBalance: 0 }),
    );
    expect([error.code, error.message]).toEqual(['NOT_FOUND', 'Account not found']);
  });
});
