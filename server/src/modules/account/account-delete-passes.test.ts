import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client';
import { accounts, transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { MOVE_BATCH_SIZE, moveDefaultFlag, moveTransactionBatch } from './account.repository';
import { ACCOUNT_MESSAGES } from './account.service';

// The move's batches are what this file checks: the real step, recorded, and run beside other writes.
vi.mock('./account.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./account.repository')>();
  return { ...actual, moveTransactionBatch: vi.fn(actual.moveTransactionBatch) };
});

const realBatch = (await vi.importActual<typeof import('./account.repository')>('./account.repository'))
  .moveTransactionBatch;

const database = useTestDatabase();
afterEach(() => {
  vi.mocked(moveTransactionBatch).mockReset();
  vi.mocked(moveTransactionBatch).mockImplementation(realBatch);
});

async function withTwoAccounts(rows: number) {
  const user = await createUser(database.db);
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const { caller } = await createTestCaller({ database, user, clock });
  const [main] = await caller.account.list();
  if (!main) throw new Error('no default account');
  const card = await caller.account.create({ name: 'Card', kind: 'CREDIT_CARD' });
  if (rows > 0)
    await database.db.insert(transactions).values(Array.from({ length: rows }, () => row(user.id, card.id)));
  return { user, caller, main, card };
}

function row(userId: string, accountId: string) {
  return {
    userId,
    accountId,
    title: 'Coffee',
    type: 'EXPENSE' as const,
    amountCents: 350,
    category: 'Dining',
    date: '2026-03-01',
  };
}

async function rowsIn(accountId: string): Promise<number> {
  const [counted] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(transactions)
    .where(eq(transactions.accountId, accountId));
  return counted?.n ?? 0;
}

async function accountExists(userId: string, id: string): Promise<boolean> {
  const found = await database.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.id, id)));
  return found.length === 1;
}

/** The move's step, then `meanwhile` in the same database transaction: another request's write between the last step and the delete. */
function afterTheStep(meanwhile: (tx: Db, userId: string, fromId: string, toId: string) => Promise<void>) {
  vi.mocked(moveTransactionBatch).mockImplementationOnce(async (tx, userId, fromId, toId) => {
    const result = await realBatch(tx, userId, fromId, toId);
    await meanwhile(tx, userId, fromId, toId);
    return result;
  });
}

describe('deleting an account into another, step by step', () => {
  it('stops after a step that takes less than a full batch', async () => {
    const { caller, main, card } = await withTwoAccounts(3);
    expect(await caller.account.delete({ id: card.id, moveTo: main.id })).toEqual({ moved: 3, transfersRemoved: 0 });
    expect(vi.mocked(moveTransactionBatch)).toHaveBeenCalledTimes(1);
    expect(await rowsIn(main.id)).toBe(3);
  });

  it('takes at most ten steps more than the rows it counted need, however many keep arriving', async () => {
    const { user, caller, main, card } = await withTwoAccounts(1);
    // Every step looks full, as if a writer filled the account again as fast as it empties.
    vi.mocked(moveTransactionBatch).mockImplementation(async (tx, userId, fromId, toId) => ({
      ...(await realBatch(tx, userId, fromId, toId)),
      taken: MOVE_BATCH_SIZE,
    }));
    expect(await caller.account.delete({ id: card.id, moveTo: main.id })).toEqual({ moved: 1, transfersRemoved: 0 });
    expect(vi.mocked(moveTransactionBatch)).toHaveBeenCalledTimes(Math.ceil(1 / MOVE_BATCH_SIZE) + 10);
    expect(await accountExists(user.id, card.id)).toBe(false);
  });
});

describe('deleting an account that changed after its transactions moved', () => {
  it('refuses when a transaction was written into it meanwhile, and says how many it holds', async () => {
    const { user, caller, main, card } = await withTwoAccounts(2);
    afterTheStep(async (tx, userId, fromId) => {
      await tx.insert(transactions).values(row(userId, fromId));
    });
    const error = await errorOf(caller.account.delete({ id: card.id, moveTo: main.id }));
    expect([error.code, error.message]).toEqual(['CONFLICT', ACCOUNT_MESSAGES.notEmpty(1)]);
    expect(await accountExists(user.id, card.id)).toBe(true);
    expect([await rowsIn(card.id), await rowsIn(main.id)]).toEqual([1, 2]);
  });

  it('answers not found when another request deleted it meanwhile', async () => {
    const { user, caller, main, card } = await withTwoAccounts(2);
    afterTheStep(async (tx, userId, fromId) => {
      await tx.delete(accounts).where(and(eq(accounts.userId, userId), eq(accounts.id, fromId)));
    });
    const error = await errorOf(caller.account.delete({ id: card.id, moveTo: main.id }));
    expect([error.code, error.message]).toEqual(['NOT_FOUND', ACCOUNT_MESSAGES.notFound]);
    expect(await accountExists(user.id, card.id)).toBe(false);
    expect(await rowsIn(main.id)).toBe(2);
  });

  it('refuses when it was made the default meanwhile, and keeps it', async () => {
    const { user, caller, main, card } = await withTwoAccounts(2);
    afterTheStep(async (tx, userId, fromId) => {
      await moveDefaultFlag(tx, userId, fromId, new Date('2026-03-10T12:00:00.000Z'));
    });
    const error = await errorOf(caller.account.delete({ id: card.id, moveTo: main.id }));
    expect([error.code, error.message]).toEqual(['BAD_REQUEST', ACCOUNT_MESSAGES.defaultNotDeletable]);
    const defaults = (await caller.account.list()).filter((account) => account.isDefault).map((account) => account.id);
    expect(defaults).toEqual([card.id]);
    expect(await accountExists(user.id, card.id)).toBe(true);
  });
});
