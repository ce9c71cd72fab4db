import { MAX_ACCOUNTS_PER_USER } from '@finailytics/shared';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { concurrentDatabases, settled, untilSomethingWaitsForALock } from '../../test/lock-wait';
import { moveDefaultFlag } from './account.repository';
import { ACCOUNT_MESSAGES } from './account.service';

/* What each account call answers at its edges: the words and codes of its refusals, and what it changes. */

const database = useTestDatabase();

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

async function signedIn() {
  const user = await createUser(database.db);
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const { caller } = await createTestCaller({ database, user, clock });
  const [main] = await caller.account.list();
  if (!main) throw new Error('no default account');
  return { user, caller, main };
}

async function rowsIn(accountId: string): Promise<number> {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(transactions)
    .where(eq(transactions.accountId, accountId));
  return row?.n ?? 0;
}

describe('refusals', () => {
  it('answers "Account not found" for an id that is no account of the caller, whatever the call', async () => {
    const { caller } = await signedIn();
    const spare = await caller.account.create({ name: 'Spare', kind: 'CASH' });
    // One at a time: each call starts only when awaited.
    const attempts = [
      () => caller.account.update({ id: UNKNOWN_ID, name: 'Renamed' }),
      () => caller.account.archive({ id: UNKNOWN_ID }),
      () => caller.account.setDefault({ id: UNKNOWN_ID }),
      () => caller.account.delete({ id: UNKNOWN_ID }),
      () => caller.account.delete({ id: spare.id, moveTo: UNKNOWN_ID }),
    ];
    for (const attempt of attempts) {
      const error = await errorOf(attempt());
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toBe(ACCOUNT_MESSAGES.notFound);
    }
  });

  it('refuses an archived default, a default account deleted, and a move into itself as bad requests', async () => {
    const { caller, main } = await signedIn();
    const old = await caller.account.create({ name: 'Old', kind: 'CASH' });
    await caller.account.archive({ id: old.id });
    const archived = await errorOf(caller.account.setDefault({ id: old.id }));
    expect([archived.code, archived.message]).toEqual(['BAD_REQUEST', ACCOUNT_MESSAGES.archivedNotDefault]);
    const deleted = await errorOf(caller.account.delete({ id: main.id }));
    expect([deleted.code, deleted.message]).toEqual(['BAD_REQUEST', ACCOUNT_MESSAGES.defaultNotDeletable]);
    const intoItself = await errorOf(caller.account.delete({ id: old.id, moveTo: old.id }));
    expect([intoItself.code, intoItself.message]).toEqual(['BAD_REQUEST', ACCOUNT_MESSAGES.moveToSelf]);
  });

  it('refuses to delete the default account even when told where to move its transactions, and moves none', async () => {
    const { caller, main } = await signedIn();
    const spare = await caller.account.create({ name: 'Spare', kind: 'CASH' });
    await caller.transaction.create({
      title: 'Rent',
      type: 'EXPENSE',
      amount: 900,
      category: 'Housing',
      date: '2026-03-01',
    });
    await caller.transaction.create({
      title: 'Pay',
      type: 'INCOME',
      amount: 2000,
      category: 'Salary',
      date: '2026-03-02',
    });
    const error = await errorOf(caller.account.delete({ id: main.id, moveTo: spare.id }));
    expect([error.code, error.message]).toEqual(['BAD_REQUEST', ACCOUNT_MESSAGES.defaultNotDeletable]);
    expect(await rowsIn(main.id)).toBe(2);
    expect(await rowsIn(spare.id)).toBe(0);
  });

  it('names the new name when a rename takes another account’s', async () => {
    const { caller } = await signedIn();
    await caller.account.create({ name: 'Savings', kind: 'SAVINGS' });
    const card = await caller.account.create({ name: 'Card', kind: 'CREDIT_CARD' });
    const error = await errorOf(caller.account.update({ id: card.id, name: 'SAVINGS' }));
    expect([error.code, error.message]).toEqual(['CONFLICT', ACCOUNT_MESSAGES.nameTaken('SAVINGS')]);
  });
});

describe('account.update', () => {
  it('moves the opening date, and the opening balance counts from the new date', async () => {
    const { caller } = await signedIn();
    const savings = await caller.account.create({
      name: 'Savings',
      kind: 'SAVINGS',
      openingBalance: 300,
      openingDate: '2026-01-05',
    });
    const moved = await caller.account.update({ id: savings.id, openingDate: '2026-01-20' });
    expect(moved).toMatchObject({ name: 'Savings', openingBalance: 300, openingDate: '2026-01-20' });
    const [stored] = await database.db
      .select({ openingDate: accounts.openingDate })
      .from(accounts)
      .where(eq(accounts.id, savings.id));
    expect(stored?.openingDate).toBe('2026-01-20');
    const worth = await caller.account.netWorth({ from: '2026-01-10', to: '2026-01-20' });
    expect(worth.at(0)).toMatchObject({ date: '2026-01-10', netWorth: 0 });
    expect(worth.at(-1)).toMatchObject({ date: '2026-01-20', netWorth: 300 });
  });
});

/*
 * Two requests at once. On a PostgreSQL server another pooled connection holds a row lock while the
 * call starts; the embedded database has one connection and runs one transaction at a time, so these
 * run with DATABASE_URL only.
 */

const servers = concurrentDatabases();

describe.each(servers)('while another request holds the default account', () => {
  it(`a creation waits for one that takes the ${MAX_ACCOUNTS_PER_USER}th place, then is refused`, async () => {
    const { user, caller, main } = await signedIn();
    await database.db.insert(accounts).values(
      Array.from({ length: MAX_ACCOUNTS_PER_USER - 2 }, (_, index) => ({
        userId: user.id,
        name: `Account ${index}`,
        kind: 'CASH' as const,
        currency: 'USD',
        openingDate: '2026-01-01',
        position: index + 1,
      })),
    );
    const { creation } = await database.db.transaction(async (holder) => {
      // Another creation: it holds the default account's row and adds the last account allowed.
      await holder.execute(sql`select id from accounts where id = ${main.id} for update`);
      await holder.insert(accounts).values({
        userId: user.id,
        name: 'The last one',
        kind: 'CASH',
        currency: 'USD',
        openingDate: '2026-01-01',
        position: MAX_ACCOUNTS_PER_USER,
      });
      const creation = settled(caller.account.create({ name: 'One too many', kind: 'CASH' }));
      await untilSomethingWaitsForALock(database.db, 'the call');
      // Wrapped, so this transaction commits before anything waits on the creation.
      return { creation };
    });
    const outcome = await creation;
    expect(outcome).toMatchObject({ error: { code: 'BAD_REQUEST', message: ACCOUNT_MESSAGES.tooMany } });
    const names = (await caller.account.list()).map((account) => account.name);
    expect(names).toHaveLength(MAX_ACCOUNTS_PER_USER);
    expect(names).not.toContain('One too many');
  });

  it('a change of default that loses to another one at the same moment is refused as a conflict', async () => {
    const { user, caller, main } = await signedIn();
    const wallet = await caller.account.create({ name: 'Wallet', kind: 'CASH' });
    const card = await caller.account.create({ name: 'Card', kind: 'CREDIT_CARD' });
    const { change } = await database.db.transaction(async (holder) => {
      await moveDefaultFlag(holder, user.id, wallet.id, new Date('2026-03-10T12:00:00.000Z'));
      const change = settled(caller.account.setDefault({ id: card.id }));
      await untilSomethingWaitsForALock(database.db, 'the call');
      return { change };
    });
    const outcome = await change;
    expect(outcome).toMatchObject({ error: { code: 'CONFLICT', message: ACCOUNT_MESSAGES.defaultChanging } });
    const defaults = (await caller.account.list()).filter((account) => account.isDefault).map((account) => account.id);
    expect(defaults).toEqual([wallet.id]);
    expect(defaults).not.toContain(main.id);
  });
});
