import { ACCOUNT_NAME_MAX, MAX_ACCOUNTS_PER_USER, type User } from '@finailytics/shared';
import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, transactions, transfers } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf, zodMessages } from '../../test/errors';
import { createUser } from '../../test/factories';
import { seededRandom } from '../../test/random';
import { MOVE_BATCH_SIZE } from './account.repository';
import { ACCOUNT_MESSAGES } from './account.service';

const database = useTestDatabase();

async function signedIn(overrides: { currency?: string; timezone?: string } = {}) {
  const user = await createUser(database.db, overrides);
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const { caller } = await createTestCaller({ database, user, clock });
  return { user, caller, clock };
}

type Caller = Awaited<ReturnType<typeof signedIn>>['caller'];

async function addTransaction(caller: Caller, type: 'INCOME' | 'EXPENSE', amount: number, date = '2026-03-01') {
  return caller.transaction.create({ title: `${type} ${amount}`, type, amount, category: 'Other', date });
}

const row = (type: 'INCOME' | 'EXPENSE', amount: number) => ({
  title: `${type} ${amount}`,
  type,
  amount,
  category: 'Other',
  date: '2026-03-01',
});

/** Each account's balance in cents. */
const cents = (list: Array<{ id: string; balance: number }>): Record<string, number> =>
  Object.fromEntries(list.map((account) => [account.id, Math.round(account.balance * 100)]));

/** The accounts a transfer's remaining legs are in. */
async function legsOf(transferId: string): Promise<string[]> {
  const legs = await database.db
    .select({ accountId: transactions.accountId })
    .from(transactions)
    .where(eq(transactions.transferId, transferId));
  return legs.map((leg) => leg.accountId);
}

async function accountOf(transactionId: string): Promise<string> {
  const [row] = await database.db
    .select({ accountId: transactions.accountId })
    .from(transactions)
    .where(eq(transactions.id, transactionId));
  if (!row) throw new Error('no transaction');
  return row.accountId;
}

async function insertInto(user: User, accountId: string, rows: number, amountCents = 100) {
  await database.db.insert(transactions).values(
    Array.from({ length: rows }, (_, index) => ({
      userId: user.id,
      accountId,
      title: `Row ${index}`,
      type: 'EXPENSE' as const,
      amountCents,
      category: 'Other',
      date: '2026-02-01',
    })),
  );
}

describe('account.list', () => {
  it('gives a new user one default account in their currency, at zero', async () => {
    const { caller } = await signedIn({ currency: 'EUR' });
    const list = await caller.account.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: 'Main account',
      kind: 'CHECKING',
      currency: 'EUR',
      balance: 0,
      openingBalance: 0,
      transactionCount: 0,
      isDefault: true,
      isArchived: false,
    });
  });

  it('answers each balance as the opening balance plus income less expenses', async () => {
    const { caller } = await signedIn();
    const created = await addTransaction(caller, 'INCOME', 1200.5);
    await addTransaction(caller, 'EXPENSE', 200.25);
    const card = await caller.account.create({ name: 'Visa', kind: 'CREDIT_CARD', openingBalance: -150.1 });
    const list = await caller.account.list();
    const main = list.find((account) => account.isDefault);
    expect(main).toMatchObject({ balance: 1000.25, transactionCount: 2 });
    expect(await accountOf(created.id)).toBe(main?.id);
    expect(list.find((account) => account.id === card.id)).toMatchObject({ balance: -150.1, transactionCount: 0 });
  });
});

describe('account.create', () => {
  it("stores the account in the user's currency, opened today in their time zone by default", async () => {
    const { caller } = await signedIn({ currency: 'GBP', timezone: 'Pacific/Kiritimati' });
    const savings = await caller.account.create({ name: '  Rainy day  ', kind: 'SAVINGS', openingBalance: 2500 });
    // 12:00 UTC on 10 March is already 11 March at UTC+14.
    expect(savings).toMatchObject({
      name: 'Rainy day',
      kind: 'SAVINGS',
      currency: 'GBP',
      openingBalance: 2500,
      openingDate: '2026-03-11',
      balance: 2500,
      isDefault: false,
    });
    const list = await caller.account.list();
    expect(list.map((account) => account.name)).toEqual(['Main account', 'Rainy day']);
  });

  it('refuses a second account whose name differs only in case', async () => {
    const { caller } = await signedIn();
    await caller.account.create({ name: 'Wallet', kind: 'CASH' });
    const error = await errorOf(caller.account.create({ name: 'WALLET', kind: 'CASH' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(ACCOUNT_MESSAGES.nameTaken('WALLET'));
  });

  it('refuses names over the limit and amounts with fractions of a cent', async () => {
    const { caller } = await signedIn();
    const long = await errorOf(caller.account.create({ name: 'x'.repeat(ACCOUNT_NAME_MAX + 1), kind: 'CASH' }));
    expect(zodMessages(long)).toEqual([`Name must be at most ${ACCOUNT_NAME_MAX} characters`]);
    const fraction = await errorOf(caller.account.create({ name: 'Odd', kind: 'CASH', openingBalance: 1.005 }));
    expect(zodMessages(fraction)).toEqual(['Opening balance can have at most 2 decimals']);
  });

  it(`stops at ${MAX_ACCOUNTS_PER_USER} accounts`, async () => {
    const { caller, user } = await signedIn();
    await caller.account.list();
    await database.db.insert(accounts).values(
      Array.from({ length: MAX_ACCOUNTS_PER_USER - 1 }, (_, index) => ({
        userId: user.id,
        name: `Account ${index}`,
        kind: 'CASH' as const,
        currency: 'USD',
        openingDate: '2026-01-01',
      })),
    );
    const error = await errorOf(caller.account.create({ name: 'One too many', kind: 'CASH' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(ACCOUNT_MESSAGES.tooMany);
    expect(await caller.account.list()).toHaveLength(MAX_ACCOUNTS_PER_USER);
  });
});

describe('account ownership', () => {
  it("treats another user's account as not found everywhere", async () => {
    const owner = await signedIn();
    const intruder = await signedIn();
    const account = await owner.caller.account.create({ name: 'Private', kind: 'SAVINGS' });
    const intruderSpare = await intruder.caller.account.create({ name: 'Spare', kind: 'CASH' });
    // One at a time: each call starts only when awaited, so none is refused before anything handles it.
    const attempts = [
      () => intruder.caller.account.update({ id: account.id, name: 'Mine now' }),
      () => intruder.caller.account.archive({ id: account.id }),
      () => intruder.caller.account.setDefault({ id: account.id }),
      () => intruder.caller.account.delete({ id: account.id }),
      () => intruder.caller.account.delete({ id: intruderSpare.id, moveTo: account.id }),
    ];
    for (const attempt of attempts) expect((await errorOf(attempt())).code).toBe('NOT_FOUND');
    const reorder = await errorOf(intruder.caller.account.reorder({ ids: [intruderSpare.id, account.id] }));
    expect(reorder.code).toBe('BAD_REQUEST');
    const [unchanged] = await owner.caller.account.list().then((list) => list.filter((a) => a.id === account.id));
    expect(unchanged).toMatchObject({ name: 'Private', isArchived: false, isDefault: false });
  });

  it("cannot put a transaction in another user's account, even writing the table directly", async () => {
    const owner = await signedIn();
    const intruder = await signedIn();
    const account = await owner.caller.account.create({ name: 'Private', kind: 'SAVINGS' });
    await expect(insertInto(intruder.user, account.id, 1)).rejects.toThrow();
    const [balance] = await owner.caller.account.list().then((list) => list.filter((a) => a.id === account.id));
    expect(balance?.transactionCount).toBe(0);
  });
});

describe('account.setDefault', () => {
  it('moves the one default, and new transactions follow it', async () => {
    const { caller } = await signedIn();
    const wallet = await caller.account.create({ name: 'Wallet', kind: 'CASH' });
    await caller.account.setDefault({ id: wallet.id });
    const list = await caller.account.list();
    expect(list.filter((account) => account.isDefault).map((account) => account.id)).toEqual([wallet.id]);
    const created = await addTransaction(caller, 'EXPENSE', 12);
    expect(await accountOf(created.id)).toBe(wallet.id);
  });

  it('refuses an archived account', async () => {
    const { caller } = await signedIn();
    const old = await caller.account.create({ name: 'Old', kind: 'CASH' });
    await caller.account.archive({ id: old.id });
    const error = await errorOf(caller.account.setDefault({ id: old.id }));
    expect(error.message).toBe(ACCOUNT_MESSAGES.archivedNotDefault);
  });
});

describe('account.archive', () => {
  it('archives and restores an account, but never the default', async () => {
    const { caller } = await signedIn();
    const [main] = await caller.account.list();
    const old = await caller.account.create({ name: 'Old card', kind: 'CREDIT_CARD' });
    expect(await caller.account.archive({ id: old.id })).toMatchObject({ isArchived: true });
    expect(await caller.account.archive({ id: old.id, archived: false })).toMatchObject({ isArchived: false });
    const error = await errorOf(caller.account.archive({ id: main?.id ?? '' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(ACCOUNT_MESSAGES.defaultNotArchivable);
  });
});

describe('account.update', () => {
  it('renames, changes kind and opening balance, and refuses a taken name', async () => {
    const { caller } = await signedIn();
    await caller.account.create({ name: 'Savings', kind: 'SAVINGS' });
    const card = await caller.account.create({ name: 'Card', kind: 'CHECKING' });
    const updated = await caller.account.update({
      id: card.id,
      name: 'Amex',
      kind: 'CREDIT_CARD',
      openingBalance: -20,
    });
    expect(updated).toMatchObject({ name: 'Amex', kind: 'CREDIT_CARD', openingBalance: -20, balance: -20 });
    const error = await errorOf(caller.account.update({ id: card.id, name: 'savings' }));
    expect(error.code).toBe('CONFLICT');
  });
});

describe('account.reorder', () => {
  it('stores the new order and refuses one that leaves an account out', async () => {
    const { caller } = await signedIn();
    const [main] = await caller.account.list();
    const a = await caller.account.create({ name: 'A', kind: 'CASH' });
    const b = await caller.account.create({ name: 'B', kind: 'CASH' });
    const ids = [b.id, main?.id ?? '', a.id];
    const reordered = await caller.account.reorder({ ids });
    expect(reordered.map((account) => account.id)).toEqual(ids);
    const error = await errorOf(caller.account.reorder({ ids: [a.id, b.id] }));
    expect(error.message).toBe(ACCOUNT_MESSAGES.reorderMismatch);
  });
});

describe('account.delete', () => {
  it('deletes an empty account and refuses the default', async () => {
    const { caller } = await signedIn();
    const [main] = await caller.account.list();
    const spare = await caller.account.create({ name: 'Spare', kind: 'CASH' });
    expect(await caller.account.delete({ id: spare.id })).toEqual({ moved: 0, transfersRemoved: 0 });
    expect((await caller.account.list()).map((account) => account.id)).toEqual([main?.id]);
    const error = await errorOf(caller.account.delete({ id: main?.id ?? '' }));
    expect(error.message).toBe(ACCOUNT_MESSAGES.defaultNotDeletable);
  });

  it('refuses an account with transactions unless told where to move them', async () => {
    const { caller, user } = await signedIn();
    const card = await caller.account.create({ name: 'Card', kind: 'CREDIT_CARD' });
    await insertInto(user, card.id, 3);
    const error = await errorOf(caller.account.delete({ id: card.id }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(ACCOUNT_MESSAGES.notEmpty(3));
  });

  it('moves every transaction, in batches, and keeps the total', async () => {
    const { caller, user } = await signedIn();
    const [main] = await caller.account.list();
    const card = await caller.account.create({ name: 'Card', kind: 'CREDIT_CARD', openingBalance: -5 });
    await insertInto(user, card.id, 1203, 250);
    await addTransaction(caller, 'INCOME', 100);
    expect(await caller.account.delete({ id: card.id, moveTo: main?.id ?? '' })).toEqual({
      moved: 1203,
      transfersRemoved: 0,
    });
    const list = await caller.account.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: main?.id, balance: 100 - 1203 * 2.5, transactionCount: 1204 });
    const [left] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(transactions)
      .where(and(eq(transactions.userId, user.id), eq(transactions.accountId, card.id)));
    expect(left?.n).toBe(0);
  });

  it('deletes the transfers between the two accounts, both legs, and moves the rest; balances to the cent', async () => {
    const { caller } = await signedIn();
    const [main] = await caller.account.list();
    if (!main) throw new Error('no default account');
    const savings = await caller.account.create({ name: 'Savings', kind: 'SAVINGS' });
    const cash = await caller.account.create({ name: 'Cash', kind: 'CASH' });
    await caller.transaction.create({ ...row('INCOME', 1000.1), accountId: savings.id });
    await caller.transaction.create({ ...row('EXPENSE', 12.34), accountId: savings.id });
    await caller.transaction.create({ ...row('INCOME', 500.55), accountId: main.id });
    const transfer = (from: string, to: string, amount: number) =>
      caller.transaction.transfer({ fromAccountId: from, toAccountId: to, amount, date: '2026-03-02' });
    const inward = await transfer(main.id, savings.id, 200.01);
    const outward = await transfer(savings.id, main.id, 50.05);
    const kept = await transfer(savings.id, cash.id, 30.3);
    await transfer(main.id, cash.id, 7.77);
    const before = cents(await caller.account.list());
    expect(before).toEqual({
      [main.id]: 50055 - 20001 + 5005 - 777,
      [savings.id]: 100010 - 1234 + 20001 - 5005 - 3030,
      [cash.id]: 3030 + 777,
    });

    expect(await caller.account.delete({ id: savings.id, moveTo: main.id })).toEqual({ moved: 3, transfersRemoved: 2 });
    const after = await caller.account.list();
    expect(cents(after)).toEqual({
      [main.id]: (before[main.id] ?? 0) + (before[savings.id] ?? 0),
      [cash.id]: before[cash.id],
    });
    // Its own income and leg to Cash, and the three moved.
    expect(after.find((account) => account.id === main.id)?.transactionCount).toBe(2 + 3);
    for (const gone of [inward, outward]) {
      expect(await legsOf(gone.id)).toEqual([]);
      const [row] = await database.db.select({ n: count() }).from(transfers).where(eq(transfers.id, gone.id));
      expect(row?.n).toBe(0);
    }
    // A transfer to a third account keeps both legs; the moved one now leaves the account moved to.
    expect((await legsOf(kept.id)).sort()).toEqual([cash.id, main.id].sort());
    const worth = await caller.account.netWorth({ from: '2026-03-01', to: '2026-03-10' });
    expect(Math.round((worth.at(-1)?.netWorth ?? 0) * 100)).toBe(
      Object.values(before).reduce((sum, value) => sum + value, 0),
    );
  });

  it('keeps every balance to the cent on a random ledger moved in several batches', async () => {
    for (const seed of [11, 2026]) {
      const rng = seededRandom(seed);
      const { caller, user } = await signedIn();
      const [main] = await caller.account.list();
      if (!main) throw new Error('no default account');
      const gone = await caller.account.create({ name: 'Old card', kind: 'CREDIT_CARD', openingBalance: -25.5 });
      const other = await caller.account.create({ name: 'Other', kind: 'SAVINGS', openingBalance: 10 });
      const ids = [main.id, gone.id, other.id];
      // More rows than one batch, so the move takes several steps.
      await insertInto(user, gone.id, MOVE_BATCH_SIZE + 137, 1 + rng.below(10_000));
      let between = 0;
      for (let step = 0; step < 40; step++) {
        const from = rng.pick(ids);
        const to = rng.pick(ids.filter((id) => id !== from));
        const amount = (1 + rng.below(100_000)) / 100;
        if (rng.below(2) === 0) {
          await caller.transaction.transfer({ fromAccountId: from, toAccountId: to, amount, date: '2026-03-03' });
          if ([from, to].includes(gone.id) && [from, to].includes(main.id)) between++;
        } else {
          await caller.transaction.create({
            ...row(rng.pick(['INCOME', 'EXPENSE'] as const), amount),
            accountId: from,
          });
        }
      }
      expect(between, `seed ${seed}`).toBeGreaterThan(0);
      const listed = await caller.account.list();
      const before = cents(listed);
      const held = listed.find((account) => account.id === gone.id)?.transactionCount ?? 0;
      const result = await caller.account.delete({ id: gone.id, moveTo: main.id });
      expect(result, `seed ${seed}`).toEqual({ moved: held - between, transfersRemoved: between });
      // The deleted account's opening balance goes with it.
      expect(cents(await caller.account.list()), `seed ${seed}`).toEqual({
        [main.id]: (before[main.id] ?? 0) + (before[gone.id] ?? 0) + 2550,
        [other.id]: before[other.id],
      });
    }
  }, 60_000);

  it('refuses to move transactions into the account being deleted', async () => {
    const { caller } = await signedIn();
    const card = await caller.account.create({ name: 'Card', kind: 'CREDIT_CARD' });
    const error = await errorOf(caller.account.delete({ id: card.id, moveTo: card.id }));
    expect(error.message).toBe(ACCOUNT_MESSAGES.moveToSelf);
  });
});

describe('account.netWorth', () => {
  it('adds assets and subtracts what liabilities owe, day by day', async () => {
    const { caller, user } = await signedIn();
    const [main] = await caller.account.list();
    const card = await caller.account.create({
      name: 'Card',
      kind: 'CREDIT_CARD',
      openingBalance: -100,
      openingDate: '2026-01-02',
    });
    await addTransaction(caller, 'INCOME', 1000, '2026-01-01');
    await addTransaction(caller, 'EXPENSE', 50, '2026-01-03');
    await database.db.insert(transactions).values({
      userId: user.id,
      accountId: card.id,
      title: 'Dinner on the card',
      type: 'EXPENSE',
      amountCents: 4000,
      category: 'Dining',
      date: '2026-01-03',
    });
    expect(main?.isDefault).toBe(true);
    const points = await caller.account.netWorth({ from: '2026-01-01', to: '2026-01-04' });
    expect(points).toEqual([
      { date: '2026-01-01', assets: 1000, liabilities: 0, netWorth: 1000 },
      { date: '2026-01-02', assets: 1000, liabilities: 100, netWorth: 900 },
      { date: '2026-01-03', assets: 950, liabilities: 140, netWorth: 810 },
      { date: '2026-01-04', assets: 950, liabilities: 140, netWorth: 810 },
    ]);
  });

  it('keeps a long range to at most 200 points, carrying earlier history in', async () => {
    const { caller } = await signedIn();
    await addTransaction(caller, 'INCOME', 10, '1999-12-31');
    await addTransaction(caller, 'INCOME', 5, '2010-06-15');
    const points = await caller.account.netWorth({ from: '2000-01-01', to: '2025-12-31' });
    expect(points.length).toBeLessThanOrEqual(200);
    expect(points.length).toBeGreaterThan(150);
    expect(points[0]?.netWorth).toBe(10);
    expect(points.at(-1)).toEqual({ date: '2025-12-31', assets: 15, liabilities: 0, netWorth: 15 });
  });
});
