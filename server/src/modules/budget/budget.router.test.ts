import { DEFAULT_CATEGORIES, MAX_BUDGETS } from '@finailytics/shared';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { budgets } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, income, insertTransactions } from '../../test/ledger';
import { insertMissingCategories } from '../category/category.repository';

const database = useTestDatabase();

async function signedIn(options: { timezone?: string; now?: string } = {}) {
  const clock = new ManualClock(options.now ?? '2026-03-18T12:00:00Z');
  const user = await createUser(database.db, { timezone: options.timezone, now: clock.now() });
  await insertMissingCategories(database.db, user.id, DEFAULT_CATEGORIES, clock.now());
  const { caller } = await createTestCaller({ database, user, clock });
  const categories = await caller.category.list();
  const categoryId = (name: string) => {
    const found = categories.find((category) => category.name === name);
    if (!found) throw new Error(`no category ${name}`);
    return found.id;
  };
  return { user, caller, clock, categoryId };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('budget.create', () => {
  it('creates a monthly category budget starting on the 1st of the current month', async () => {
    const { caller, categoryId } = await signedIn();
    const created = await caller.budget.create({
      categoryId: categoryId('Groceries'),
      period: 'MONTHLY',
      amount: 400.5,
    });
    expect(created).toMatchObject({
      categoryName: 'Groceries',
      period: 'MONTHLY',
      amount: 400.5,
      rollover: false,
      startsOn: '2026-03-01',
    });
    expect(await caller.budget.list()).toEqual([created]);
  });

  it('starts a weekly budget on the Monday of the week in the user’s zone', async () => {
    // Sunday 22 March 2026 at 20:00 UTC is already Monday 23 March in Auckland.
    const { caller } = await signedIn({ timezone: 'Pacific/Auckland', now: '2026-03-22T20:00:00Z' });
    const created = await caller.budget.create({ categoryId: null, period: 'WEEKLY', amount: 100 });
    expect(created.startsOn).toBe('2026-03-23');
  });

  it('refuses an income category, another user’s category, and a second budget for one category', async () => {
    const { caller, categoryId } = await signedIn();
    expect(
      (await refusal(caller.budget.create({ categoryId: categoryId('Salary'), period: 'MONTHLY', amount: 1 }))).message,
    ).toBe('Budgets can only be set for expense categories.');
    const other = await signedIn();
    expect(
      (await refusal(caller.budget.create({ categoryId: other.categoryId('Dining'), period: 'MONTHLY', amount: 1 })))
        .code,
    ).toBe('NOT_FOUND');
    await caller.budget.create({ categoryId: categoryId('Dining'), period: 'MONTHLY', amount: 1 });
    const duplicate = await refusal(
      caller.budget.create({ categoryId: categoryId('Dining'), period: 'WEEKLY', amount: 2 }),
    );
    expect(duplicate).toMatchObject({ code: 'CONFLICT', message: 'This category already has a budget.' });
  });

  it('allows one overall budget', async () => {
    const { caller } = await signedIn();
    await caller.budget.create({ categoryId: null, period: 'MONTHLY', amount: 2000 });
    const second = await refusal(caller.budget.create({ categoryId: null, period: 'WEEKLY', amount: 500 }));
    expect(second).toMatchObject({ code: 'CONFLICT', message: 'There is already an overall budget.' });
  });

  it('refuses amounts with more than two decimals, zero, and over the maximum', async () => {
    const { caller } = await signedIn();
    for (const amount of [10.005, 0, -5, 1_000_000_001]) {
      expect((await refusal(caller.budget.create({ categoryId: null, period: 'MONTHLY', amount }))).code).toBe(
        'BAD_REQUEST',
      );
    }
  });

  it(`refuses a budget beyond ${MAX_BUDGETS}`, async () => {
    const { user, caller } = await signedIn();
    const names = Array.from({ length: MAX_BUDGETS }, (_, index) => ({
      kind: 'EXPENSE' as const,
      name: `Budgeted ${index}`,
      colour: '#2563eb',
    }));
    await insertMissingCategories(database.db, user.id, names, new Date());
    const categories = await caller.category.list();
    const budgeted = categories.filter((category) => category.name.startsWith('Budgeted '));
    await database.db.insert(budgets).values(
      budgeted.map((category) => ({
        userId: user.id,
        categoryId: category.id,
        period: 'MONTHLY' as const,
        amountCents: 100,
        startsOn: '2026-03-01',
      })),
    );
    const refused = await refusal(caller.budget.create({ categoryId: null, period: 'MONTHLY', amount: 1 }));
    expect(refused.message).toBe(`A user can have at most ${MAX_BUDGETS} budgets.`);
  });
});

describe('budget.update and budget.delete', () => {
  it('changes amount, period and rollover, moving the start to its period’s first day', async () => {
    const { caller, categoryId } = await signedIn();
    const created = await caller.budget.create({ categoryId: categoryId('Transport'), period: 'MONTHLY', amount: 80 });
    const updated = await caller.budget.update({ id: created.id, period: 'WEEKLY', amount: 25, rollover: true });
    // 1 March 2026 is a Sunday: its week began on Monday 23 February.
    expect(updated).toMatchObject({ period: 'WEEKLY', amount: 25, rollover: true, startsOn: '2026-02-23' });
  });

  it('refuses another user’s budget, and deletes one’s own', async () => {
    const { caller, categoryId } = await signedIn();
    const created = await caller.budget.create({ categoryId: categoryId('Health'), period: 'MONTHLY', amount: 80 });
    const other = await signedIn();
    expect((await refusal(other.caller.budget.update({ id: created.id, amount: 1 }))).code).toBe('NOT_FOUND');
    expect((await refusal(other.caller.budget.delete({ id: created.id }))).code).toBe('NOT_FOUND');
    expect(await caller.budget.delete({ id: created.id })).toEqual({ id: created.id });
    expect(await caller.budget.list()).toEqual([]);
  });
});

describe('budget.status', () => {
  it('reports budgeted, spent, remaining, percent, projection and days left for the current month', async () => {
    const { user, caller, categoryId } = await signedIn({ now: '2026-03-10T12:00:00Z' });
    await insertTransactions(database.db, user.id, [
      expense(120, '2026-03-02', 'Groceries'),
      expense(30.25, '2026-03-10', 'groceries'),
      expense(999, '2026-02-28', 'Groceries'),
      expense(50, '2026-03-05', 'Dining'),
      income(3000, '2026-03-01'),
    ]);
    await caller.budget.create({ categoryId: categoryId('Groceries'), period: 'MONTHLY', amount: 300 });
    await caller.budget.create({ categoryId: null, period: 'MONTHLY', amount: 150 });
    const status = await caller.budget.status({});
    expect(status.date).toBe('2026-03-10');
    expect(status.items).toHaveLength(1);
    expect(status.items[0]).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-31',
      budgeted: 300,
      carriedOver: 0,
      spent: 150.25,
      remaining: 149.75,
      percent: 50.08,
      // 150.25 over 10 of 31 days → 465.775 at that pace.
      projected: 465.78,
      daysLeft: 22,
      overBudget: false,
    });
    expect(status.overall).toMatchObject({ spent: 200.25, remaining: -50.25, overBudget: true, percent: 133.5 });
  });

  it('answers a past period given a day inside it', async () => {
    const { user, caller, categoryId } = await signedIn({ now: '2026-03-10T12:00:00Z' });
    await insertTransactions(database.db, user.id, [expense(999, '2026-02-28', 'Groceries')]);
    await caller.budget.create({
      categoryId: categoryId('Groceries'),
      period: 'MONTHLY',
      amount: 300,
      startsOn: '2026-01-15',
    });
    const status = await caller.budget.status({ period: '2026-02-14' });
    expect(status.items[0]).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
      spent: 999,
      projected: 999,
      daysLeft: 0,
    });
  });
});
