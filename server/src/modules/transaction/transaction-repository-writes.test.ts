import { TRANSACTION_LIMITS } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import {
  filterConditions,
  findDefaultAccountId,
  findKnownSourceIds,
  findTransactionPage,
  insertOneOffTransactions,
  type NewTransaction,
  orderFor,
  updateOccurrencesAfter,
} from './transaction.repository';

/*
 * The import's two queries called directly: every column of an imported row is stored, and the
 * source-id look-up takes an import's worth of ids and no more.
 */

const database = useTestDatabase();
const NOW = new Date('2026-03-15T12:00:00.000Z');

function row(userId: string, overrides: Partial<NewTransaction> = {}): NewTransaction {
  return {
    userId,
    title: 'Bakery',
    description: 'Sourdough and rolls',
    type: 'EXPENSE',
    amountCents: 1234,
    category: 'Food',
    date: '2026-03-02',
    paymentMethod: 'CARD',
    isRecurring: false,
    recurringInterval: null,
    nextRecurringDate: null,
    recurringEndDate: null,
    ...overrides,
  };
}

describe('insertOneOffTransactions', () => {
  it('stores every column of each row', async () => {
    const user = await createUser(database.db);
    const stored = await insertOneOffTransactions(
      database.db,
      [row(user.id, { sourceId: 'stmt-1' }), row(user.id, { description: null, type: 'INCOME', title: 'Pay' })],
      NOW,
    );
    expect(stored).toBe(2);
    const rows = await findTransactionPage(database.db, filterConditions(user.id, {}), orderFor('title', 'asc'), {
      limit: 10,
      offset: 0,
    });
    const accountId = await findDefaultAccountId(database.db, user.id);
    expect(
      rows.map((r) => [r.title, r.description, r.type, r.amountCents, r.category, r.date, r.paymentMethod, r.sourceId]),
    ).toEqual([
      ['Bakery', 'Sourdough and rolls', 'EXPENSE', 1234, 'Food', '2026-03-02', 'CARD', 'stmt-1'],
      ['Pay', null, 'INCOME', 1234, 'Food', '2026-03-02', 'CARD', null],
    ]);
    expect(rows.map((r) => [r.accountId, r.isRecurring, r.createdAt, r.updatedAt])).toEqual([
      [accountId, false, NOW, NOW],
      [accountId, false, NOW, NOW],
    ]);
  });
});

describe('findKnownSourceIds', () => {
  it('answers an import’s worth of ids, and refuses one more', async () => {
    const user = await createUser(database.db);
    await insertOneOffTransactions(database.db, [row(user.id, { sourceId: 'id-7' })], NOW);
    const accountId = await findDefaultAccountId(database.db, user.id);
    if (!accountId) throw new Error('no default account');
    const ids = Array.from({ length: TRANSACTION_LIMITS.importRowsMax }, (_, index) => `id-${index}`);
    expect(await findKnownSourceIds(database.db, user.id, accountId, ids)).toEqual(new Set(['id-7']));
    await expect(findKnownSourceIds(database.db, user.id, accountId, [...ids, 'one-more'])).rejects.toThrow(
      'Too many source ids for one query',
    );
  });
});

describe('updateOccurrencesAfter', () => {
  it('answers the latest date it rewrote, where the next call goes on', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user, clock: new ManualClock('2026-04-15T12:00:00.000Z') });
    const template = await caller.transaction.create({
      title: 'Rent',
      type: 'EXPENSE',
      amount: 500,
      date: '2026-01-01',
      isRecurring: true,
      recurringInterval: 'MONTHLY',
    });
    const target = { userId: user.id, templateId: template.id };
    const rewrite = (after: string | null, limit: number) =>
      updateOccurrencesAfter(database.db, { ...target, after }, { title: 'Flat' }, NOW, limit);
    expect(await rewrite(null, 2)).toBe('2026-03-01');
    expect(await rewrite('2026-03-01', 5)).toBe('2026-04-01');
    expect(await rewrite('2026-04-01', 5)).toBeNull();
  });
});
