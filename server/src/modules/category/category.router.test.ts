import { CATEGORY_LIMITS, DEFAULT_CATEGORIES, type User } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { budgets, categories, rules, transactions, users } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf, zodMessages } from '../../test/errors';
import { createUser } from '../../test/factories';
import { expense, income, insertTransactions, readDailyTotals } from '../../test/ledger';
import { insertMissingCategories } from './category.repository';
import { RENAME_BATCH_ROWS } from './category.service';

const database = useTestDatabase();
const NOW = '2026-03-15T12:00:00Z';

async function signedIn(timezone = 'UTC') {
  const clock = new ManualClock(NOW);
  const user: User = await createUser(database.db, { timezone, now: clock.now() });
  const { caller } = await createTestCaller({ database, user, clock });
  return { caller, user, clock };
}

async function transactionNames(userId: string) {
  const rows = await database.db
    .select({ category: transactions.category })
    .from(transactions)
    .where(eq(transactions.userId, userId));
  return rows.map((row) => row.category).sort();
}

async function categoryId(caller: Awaited<ReturnType<typeof signedIn>>['caller'], kind: string, name: string) {
  const found = (await caller.category.list()).find((row) => row.kind === kind && row.name === name);
  if (!found) throw new Error(`no category ${kind} ${name}`);
  return found.id;
}

async function insertRule(userId: string, categoryId: string, position = 1) {
  await database.db
    .insert(rules)
    .values({ userId, position, field: 'TITLE', operator: 'CONTAINS', pattern: `p${position}`, categoryId });
}

async function insertBudget(userId: string, categoryId: string, amountCents: number) {
  const [row] = await database.db
    .insert(budgets)
    .values({ userId, categoryId, period: 'MONTHLY', amountCents, startsOn: '2026-03-01' })
    .returning({ id: budgets.id });
  if (!row) throw new Error('no budget');
  return row.id;
}

describe('category.list', () => {
  it('answers each category with its transaction count and this month’s total in the user’s zone', async () => {
    // 02:00 UTC on 1 April is still 31 March in New York: March is the user's month.
    const clock = new ManualClock('2026-04-01T02:00:00Z');
    const user = await createUser(database.db, { timezone: 'America/New_York', now: clock.now() });
    const { caller } = await createTestCaller({ database, user, clock });
    await caller.transaction.create({
      title: 'Shop',
      type: 'EXPENSE',
      amount: 12.5,
      category: 'Groceries',
      date: '2026-03-31',
      paymentMethod: 'CARD',
    });
    await insertTransactions(database.db, user.id, [
      expense(7.25, '2026-03-01', 'Groceries'),
      expense(100, '2026-02-28', 'Groceries'),
      expense(3, '2026-04-01', 'Groceries'),
      income(2000, '2026-03-05', 'Salary'),
    ]);
    await insertMissingCategories(
      database.db,
      user.id,
      [{ kind: 'INCOME', name: 'Salary', colour: '#16a34a' }],
      clock.now(),
    );

    const list = await caller.category.list();
    expect(
      list.map(({ kind, name, transactionCount, monthTotal }) => ({ kind, name, transactionCount, monthTotal })),
    ).toEqual([
      { kind: 'INCOME', name: 'Salary', transactionCount: 1, monthTotal: 2000 },
      { kind: 'EXPENSE', name: 'Groceries', transactionCount: 4, monthTotal: 19.75 },
    ]);
  });
});

describe('category.create', () => {
  it('creates a category with the next palette colour, or the one given', async () => {
    const { caller } = await signedIn();
    const first = await caller.category.create({ kind: 'EXPENSE', name: '  Pet   care ' });
    expect(first).toMatchObject({ kind: 'EXPENSE', name: 'Pet care', colour: '#2563eb', icon: null });
    const second = await caller.category.create({ kind: 'EXPENSE', name: 'Garden', colour: '#ABCDEF', icon: '🌱' });
    expect(second).toMatchObject({ name: 'Garden', colour: '#abcdef', icon: '🌱' });
  });

  it('refuses a name the kind already has in any case or spacing, but allows it for the other kind', async () => {
    const { caller } = await signedIn();
    await caller.category.create({ kind: 'EXPENSE', name: 'Gifts' });
    const error = await errorOf(caller.category.create({ kind: 'EXPENSE', name: ' gifts' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('There is already an expense category called “gifts”');
    await expect(caller.category.create({ kind: 'INCOME', name: 'gifts' })).resolves.toMatchObject({ kind: 'INCOME' });
  });

  it('refuses a bad colour and an overlong name', async () => {
    const { caller } = await signedIn();
    expect(zodMessages(await errorOf(caller.category.create({ kind: 'EXPENSE', name: 'A', colour: 'red' })))).toEqual([
      'Colour must be #rrggbb',
    ]);
    expect(zodMessages(await errorOf(caller.category.create({ kind: 'EXPENSE', name: 'x'.repeat(51) })))).toEqual([
      'Category must be at most 50 characters',
    ]);
  });

  it('refuses an icon with a NUL character, on create and on update, before the database sees it', async () => {
    const { caller } = await signedIn();
    expect(
      zodMessages(await errorOf(caller.category.create({ kind: 'EXPENSE', name: 'Pets', icon: 'paw\u0000' }))),
    ).toEqual(['Icon must not contain NUL characters']);
    const pets = await caller.category.create({ kind: 'EXPENSE', name: 'Pets', icon: 'paw' });
    expect(zodMessages(await errorOf(caller.category.update({ id: pets.id, icon: 'a\u0000b' })))).toEqual([
      'Icon must not contain NUL characters',
    ]);
    expect((await caller.category.list()).find((category) => category.id === pets.id)?.icon).toBe('paw');
  });

  it(`stops at ${CATEGORY_LIMITS.perUserMax} categories, for create and for first use alike`, async () => {
    const { caller, user, clock } = await signedIn();
    await insertMissingCategories(
      database.db,
      user.id,
      Array.from({ length: CATEGORY_LIMITS.perUserMax }, (_, index) => ({
        kind: 'EXPENSE' as const,
        name: `Category ${index}`,
        colour: '#2563eb',
      })),
      clock.now(),
    );
    const created = await errorOf(caller.category.create({ kind: 'INCOME', name: 'One more' }));
    expect(created.code).toBe('BAD_REQUEST');
    expect(created.message).toBe('You have 200 categories, the most one account can have; merge or delete some first');
    const firstUse = await errorOf(
      caller.transaction.create({
        title: 'x',
        type: 'EXPENSE',
        amount: 1,
        category: 'Brand new',
        date: '2026-03-01',
        paymentMethod: 'CASH',
      }),
    );
    expect(firstUse.message).toBe(created.message);
    // An existing name is still fine.
    await expect(
      caller.transaction.create({
        title: 'x',
        type: 'EXPENSE',
        amount: 1,
        category: 'category 7',
        date: '2026-03-01',
        paymentMethod: 'CASH',
      }),
    ).resolves.toMatchObject({ category: 'Category 7' });
  });
});

describe('category.update', () => {
  it(`renames every transaction of the category, across more than one batch of ${RENAME_BATCH_ROWS}`, async () => {
    const { caller, user } = await signedIn();
    await insertMissingCategories(
      database.db,
      user.id,
      [{ kind: 'EXPENSE', name: 'Food', colour: '#16a34a' }],
      new Date(),
    );
    const count = RENAME_BATCH_ROWS * 2 + 7;
    await insertTransactions(
      database.db,
      user.id,
      Array.from({ length: count }, (_, index) => expense(1 + index, `2026-0${1 + (index % 3)}-1${index % 9}`, 'Food')),
    );
    // An income category of the same name is another category and keeps its name.
    await insertTransactions(database.db, user.id, [income(5, '2026-03-01', 'Food')]);
    const before = await readDailyTotals(database.db, [user.id]);

    const id = await categoryId(caller, 'EXPENSE', 'Food');
    const renamed = await caller.category.update({ id, name: ' Groceries  and food ', colour: '#123456' });
    expect(renamed).toMatchObject({ name: 'Groceries and food', colour: '#123456' });

    const names = await transactionNames(user.id);
    expect(names.filter((name) => name === 'Groceries and food')).toHaveLength(count);
    expect(names.filter((name) => name === 'Food')).toHaveLength(1);
    const after = await readDailyTotals(database.db, [user.id]);
    const rekeyed = before.map((row) =>
      row.type === 'EXPENSE' && row.category === 'Food' ? { ...row, category: 'Groceries and food' } : row,
    );
    expect(after).toEqual(
      rekeyed.sort((a, b) => `${a.date}|${a.type}|${a.category}`.localeCompare(`${b.date}|${b.type}|${b.category}`)),
    );
  });

  it('changes the spelling of a name alone, and the transactions follow', async () => {
    const { caller, user } = await signedIn();
    await caller.transaction.create({
      title: 'a',
      type: 'EXPENSE',
      amount: 2,
      category: 'dining',
      date: '2026-03-01',
      paymentMethod: 'CASH',
    });
    const id = await categoryId(caller, 'EXPENSE', 'dining');
    await caller.category.update({ id, name: 'Dining' });
    expect(await transactionNames(user.id)).toEqual(['Dining']);
  });

  it('refuses a name another category of the kind has, and says to merge instead', async () => {
    const { caller, user } = await signedIn();
    await insertMissingCategories(
      database.db,
      user.id,
      [
        { kind: 'EXPENSE', name: 'Cafe', colour: '#16a34a' },
        { kind: 'EXPENSE', name: 'Coffee', colour: '#16a34a' },
      ],
      new Date(),
    );
    const id = await categoryId(caller, 'EXPENSE', 'Cafe');
    const error = await errorOf(caller.category.update({ id, name: 'COFFEE' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('There is already a category called “Coffee”; merge “Cafe” into it instead');
  });

  it('leaves every transaction saved while a rename runs under a category', async () => {
    const { caller, user } = await signedIn();
    const category = await caller.category.create({ kind: 'EXPENSE', name: 'Old name' });
    await insertTransactions(
      database.db,
      user.id,
      Array.from({ length: RENAME_BATCH_ROWS * 3 }, (_, index) =>
        expense(1, `2026-01-${String(1 + (index % 28)).padStart(2, '0')}`, 'Old name'),
      ),
    );
    const saving = Array.from({ length: 5 }, (_, index) =>
      caller.transaction.create({
        title: `During ${index}`,
        type: 'EXPENSE',
        amount: 1,
        category: 'old name',
        date: '2026-02-01',
        paymentMethod: 'CASH',
      }),
    );
    await Promise.all([caller.category.update({ id: category.id, name: 'New name' }), ...saving]);
    const categoryNames = new Set((await caller.category.list()).map((row) => row.name));
    const orphans = (await transactionNames(user.id)).filter((name) => !categoryNames.has(name));
    expect(orphans).toEqual([]);
  });

  it('refuses another user’s category', async () => {
    const { caller } = await signedIn();
    const other = await signedIn();
    const theirs = await other.caller.category.create({ kind: 'EXPENSE', name: 'Theirs' });
    const error = await errorOf(caller.category.update({ id: theirs.id, name: 'Mine' }));
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('category.merge', () => {
  it('moves transactions, rules and budgets into the target, keeping the target’s budget', async () => {
    const { caller, user } = await signedIn();
    const into = await caller.category.create({ kind: 'EXPENSE', name: 'Food' });
    const a = await caller.category.create({ kind: 'EXPENSE', name: 'Snacks' });
    const b = await caller.category.create({ kind: 'EXPENSE', name: 'Takeaway' });
    await insertTransactions(database.db, user.id, [
      expense(1, '2026-03-01', 'Snacks'),
      expense(2, '2026-03-02', 'Snacks'),
      expense(3, '2026-03-03', 'Takeaway'),
      expense(4, '2026-03-04', 'Food'),
    ]);
    await insertRule(user.id, a.id, 1);
    await insertRule(user.id, b.id, 2);
    const kept = await insertBudget(user.id, into.id, 10_000);
    await insertBudget(user.id, a.id, 5_000);

    const input = { from: [a.id, b.id], into: into.id };
    expect(await caller.category.mergePreview(input)).toEqual({
      transactions: 3,
      rules: 2,
      budgets: 0,
      budgetsDropped: 1,
    });
    const merged = await caller.category.merge(input);
    expect(merged).toMatchObject({ transactions: 3, rules: 2, into: { id: into.id, name: 'Food' } });

    expect(await transactionNames(user.id)).toEqual(['Food', 'Food', 'Food', 'Food']);
    const ruleTargets = await database.db.select({ id: rules.categoryId }).from(rules).where(eq(rules.userId, user.id));
    expect(ruleTargets).toEqual([{ id: into.id }, { id: into.id }]);
    const budgetRows = await database.db
      .select({ id: budgets.id, categoryId: budgets.categoryId })
      .from(budgets)
      .where(eq(budgets.userId, user.id));
    expect(budgetRows).toEqual([{ id: kept, categoryId: into.id }]);
    expect((await caller.category.list()).map((row) => row.name)).toEqual(['Food']);
  });

  it('gives the target the oldest merged budget when it has none', async () => {
    const { caller, user } = await signedIn();
    const into = await caller.category.create({ kind: 'EXPENSE', name: 'Home' });
    const a = await caller.category.create({ kind: 'EXPENSE', name: 'Rent' });
    const moving = await insertBudget(user.id, a.id, 90_000);
    expect(await caller.category.mergePreview({ from: [a.id], into: into.id })).toEqual({
      transactions: 0,
      rules: 0,
      budgets: 1,
      budgetsDropped: 0,
    });
    await caller.category.merge({ from: [a.id], into: into.id });
    const rows = await database.db
      .select({ id: budgets.id, categoryId: budgets.categoryId })
      .from(budgets)
      .where(eq(budgets.userId, user.id));
    expect(rows).toEqual([{ id: moving, categoryId: into.id }]);
  });

  it('refuses categories of the other kind, another user’s, and the target itself', async () => {
    const { caller } = await signedIn();
    const other = await signedIn();
    const into = await caller.category.create({ kind: 'EXPENSE', name: 'Food' });
    const incomeCategory = await caller.category.create({ kind: 'INCOME', name: 'Bonus' });
    const theirs = await other.caller.category.create({ kind: 'EXPENSE', name: 'Theirs' });

    const kind = await errorOf(caller.category.merge({ from: [incomeCategory.id], into: into.id }));
    expect(kind.code).toBe('BAD_REQUEST');
    expect(kind.message).toBe(
      '“Bonus” is an income category and “Food” is not; only categories of one kind can be merged',
    );
    expect((await errorOf(caller.category.merge({ from: [theirs.id], into: into.id }))).code).toBe('NOT_FOUND');
    expect(zodMessages(await errorOf(caller.category.merge({ from: [into.id], into: into.id })))).toEqual([
      'A category cannot be merged into itself',
    ]);
    // Nothing moved: the other user's category is still theirs.
    expect((await other.caller.category.list()).map((row) => row.id)).toEqual([theirs.id]);
  });

  it('keeps every analytics figure of a random ledger the same', async () => {
    const { caller, user } = await signedIn();
    let seed = 20260315;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const names = ['Food', 'Snacks', 'Takeaway', 'Rent', 'Fuel', 'Books', 'Games'];
    const seeds = Array.from({ length: 400 }, () => {
      const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
      const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
      const amount = Math.round(random() * 50_000) / 100 + 0.01;
      return random() < 0.2
        ? income(amount, `2025-${month}-${day}`, 'Salary')
        : expense(amount, `2025-${month}-${day}`, names[Math.floor(random() * names.length)] ?? 'Food');
    });
    await insertTransactions(database.db, user.id, seeds);
    await insertMissingCategories(
      database.db,
      user.id,
      [
        ...names.map((name) => ({ kind: 'EXPENSE' as const, name, colour: '#2563eb' })),
        { kind: 'INCOME', name: 'Salary', colour: '#16a34a' },
      ],
      new Date(),
    );
    const ranges = [
      { preset: 'lastYear' as const },
      { from: '2025-03-10', to: '2025-08-20' },
      { preset: 'allTime' as const },
    ];
    const figures = async () =>
      Promise.all(
        ranges.map(async (range) => ({
          summary: await caller.analytics.summary(range),
          chart: await caller.analytics.chart(range),
          breakdown: await caller.analytics.expenseBreakdown(range),
        })),
      );
    /** Cents per category name across the breakdown's items and what Others folds. */
    const perCategory = (
      breakdown: Awaited<ReturnType<typeof caller.analytics.expenseBreakdown>>,
      rename: (name: string) => string,
    ) => {
      const sums = new Map<string, number>();
      for (const item of breakdown.breakdown.flatMap((entry) =>
        entry.folded ? entry.folded.categories : [{ name: entry.name, value: entry.value }],
      )) {
        const name = rename(item.name);
        sums.set(name, (sums.get(name) ?? 0) + Math.round(item.value * 100));
      }
      return Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)));
    };

    const before = await figures();
    const from = [await categoryId(caller, 'EXPENSE', 'Snacks'), await categoryId(caller, 'EXPENSE', 'Takeaway')];
    await caller.category.merge({ from, into: await categoryId(caller, 'EXPENSE', 'Food') });
    const after = await figures();

    const merged = (name: string) => (name === 'Snacks' || name === 'Takeaway' ? 'Food' : name);
    for (const [index, figure] of after.entries()) {
      const earlier = before[index];
      if (!earlier) throw new Error('no earlier figures');
      expect(figure.summary).toEqual(earlier.summary);
      expect(figure.chart).toEqual(earlier.chart);
      expect(figure.breakdown.totalSpent).toBe(earlier.breakdown.totalSpent);
      expect(perCategory(figure.breakdown, merged)).toEqual(perCategory(earlier.breakdown, merged));
      expect(figure.breakdown.breakdown.map((item) => item.name)).not.toContain('Snacks');
    }
  });
});

describe('category.delete', () => {
  it('deletes an unused category', async () => {
    const { caller } = await signedIn();
    const unused = await caller.category.create({ kind: 'EXPENSE', name: 'Unused' });
    await caller.category.delete({ id: unused.id });
    expect(await caller.category.list()).toEqual([]);
  });

  it('refuses while transactions, rules or budgets use it, saying how many', async () => {
    const { caller, user } = await signedIn();
    const used = await caller.category.create({ kind: 'EXPENSE', name: 'Used' });
    await insertTransactions(database.db, user.id, [
      expense(1, '2026-03-01', 'Used'),
      expense(2, '2026-03-02', 'Used'),
    ]);
    await insertRule(user.id, used.id);
    await insertBudget(user.id, used.id, 100);
    const error = await errorOf(caller.category.delete({ id: used.id }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      '“Used” is used by 2 transactions, 1 rule and 1 budget; choose a category to move them to',
    );
    expect((await caller.category.list()).map((row) => row.name)).toEqual(['Used']);
  });

  it('moves everything to the category given, as a merge does', async () => {
    const { caller, user } = await signedIn();
    const used = await caller.category.create({ kind: 'EXPENSE', name: 'Used' });
    const target = await caller.category.create({ kind: 'EXPENSE', name: 'Target' });
    await insertTransactions(database.db, user.id, [expense(1, '2026-03-01', 'Used')]);
    await insertRule(user.id, used.id);
    const answer = await caller.category.delete({ id: used.id, reassignTo: target.id });
    expect(answer).toEqual({ id: used.id, transactions: 1, rules: 1, budgets: 0, budgetsDropped: 0 });
    expect(await transactionNames(user.id)).toEqual(['Target']);
    const ruleRows = await database.db.select({ id: rules.categoryId }).from(rules).where(eq(rules.userId, user.id));
    expect(ruleRows).toEqual([{ id: target.id }]);
  });

  it('refuses to reassign to itself or to another user’s category', async () => {
    const { caller } = await signedIn();
    const other = await signedIn();
    const mine = await caller.category.create({ kind: 'EXPENSE', name: 'Mine' });
    const theirs = await other.caller.category.create({ kind: 'EXPENSE', name: 'Theirs' });
    expect((await errorOf(caller.category.delete({ id: mine.id, reassignTo: mine.id }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(caller.category.delete({ id: mine.id, reassignTo: theirs.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.category.delete({ id: theirs.id }))).code).toBe('NOT_FOUND');
  });
});

describe('category.assign', () => {
  it('re-categorises the caller’s transactions of the category’s kind', async () => {
    const { caller, user } = await signedIn();
    const target = await caller.category.create({ kind: 'EXPENSE', name: 'Travel' });
    const rows = await insertTransactions(database.db, user.id, [
      expense(1, '2026-03-01', 'Misc'),
      expense(2, '2026-03-02', 'Other'),
    ]);
    const answer = await caller.category.assign({ transactionIds: rows.map((row) => row.id), categoryId: target.id });
    expect(answer.updatedCount).toBe(2);
    expect(await transactionNames(user.id)).toEqual(['Travel', 'Travel']);
  });

  it('refuses a transaction of the other kind, and changes nothing', async () => {
    const { caller, user } = await signedIn();
    const target = await caller.category.create({ kind: 'EXPENSE', name: 'Travel' });
    const rows = await insertTransactions(database.db, user.id, [
      expense(1, '2026-03-01', 'Misc'),
      income(2, '2026-03-02', 'Pay'),
    ]);
    const error = await errorOf(
      caller.category.assign({ transactionIds: rows.map((row) => row.id), categoryId: target.id }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('1 of the selected transactions are income; “Travel” is an expense category');
    expect(await transactionNames(user.id)).toEqual(['Misc', 'Pay']);
  });

  it('refuses another user’s transaction and another user’s category', async () => {
    const { caller, user } = await signedIn();
    const other = await signedIn();
    const mine = await caller.category.create({ kind: 'EXPENSE', name: 'Mine' });
    const theirs = await other.caller.category.create({ kind: 'EXPENSE', name: 'Theirs' });
    const [own] = await insertTransactions(database.db, user.id, [expense(1, '2026-03-01', 'Misc')]);
    const [foreign] = await insertTransactions(database.db, other.user.id, [expense(1, '2026-03-01', 'Kept')]);
    if (!own || !foreign) throw new Error('no rows');
    const error = await errorOf(caller.category.assign({ transactionIds: [own.id, foreign.id], categoryId: mine.id }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('1 of the selected transactions were not found; nothing was changed');
    expect(await transactionNames(other.user.id)).toEqual(['Kept']);
    expect((await errorOf(caller.category.assign({ transactionIds: [own.id], categoryId: theirs.id }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it(`refuses more than ${CATEGORY_LIMITS.assignMax} transactions at once`, async () => {
    const { caller } = await signedIn();
    const ids = Array.from({ length: CATEGORY_LIMITS.assignMax + 1 }, () => crypto.randomUUID());
    expect(
      zodMessages(await errorOf(caller.category.assign({ transactionIds: ids, categoryId: crypto.randomUUID() }))),
    ).toEqual(['At most 500 transactions can be re-categorised at once']);
  });
});

describe('categories created on first use', () => {
  it('stores the category’s own spelling for create, update and import', async () => {
    const { caller, user } = await signedIn();
    await insertMissingCategories(
      database.db,
      user.id,
      [{ kind: 'EXPENSE', name: 'Groceries', colour: '#16a34a' }],
      new Date(),
    );
    const created = await caller.transaction.create({
      title: 'Shop',
      type: 'EXPENSE',
      amount: 3,
      category: 'groceries ',
      date: '2026-03-01',
      paymentMethod: 'CARD',
    });
    expect(created.category).toBe('Groceries');
    const updated = await caller.transaction.update({ id: created.id, category: 'Pet  Food' });
    expect(updated.category).toBe('Pet Food');
    await caller.transaction.import({
      rows: [
        { title: 'a', type: 'EXPENSE', amount: 1, category: 'GROCERIES', date: '2026-03-02', paymentMethod: 'CARD' },
        { title: 'b', type: 'INCOME', amount: 1, category: 'groceries', date: '2026-03-02', paymentMethod: 'CARD' },
      ],
    });
    expect(await transactionNames(user.id)).toEqual(['Groceries', 'Pet Food', 'groceries']);
    const list = await caller.category.list();
    expect(list.map((row) => `${row.kind} ${row.name}`)).toEqual([
      'INCOME groceries',
      'EXPENSE Groceries',
      'EXPENSE Pet Food',
    ]);
  });

  it('finds a name with letters beyond ASCII and unusual spaces again, whatever the database’s locale', async () => {
    const { caller } = await signedIn();
    const write = (category: string) =>
      caller.transaction.create({
        title: 'x',
        type: 'EXPENSE',
        amount: 1,
        category,
        date: '2026-03-01',
        paymentMethod: 'CASH',
      });
    expect((await write('Café\u00a0Ünïcode')).category).toBe('Café Ünïcode');
    expect((await write(' Café  Ünïcode')).category).toBe('Café Ünïcode');
    expect((await write('CAFÉ ÜNÏCODE')).category).toMatch(/^(Café Ünïcode|CAFÉ ÜNÏCODE)$/);
    const names = (await caller.category.list()).map((row) => row.name);
    expect(names.filter((name) => name === 'Café Ünïcode')).toHaveLength(1);
  });

  it('moves a transaction to the category of its new type when only the type changes', async () => {
    const { caller } = await signedIn();
    const created = await caller.transaction.create({
      title: 'Refund',
      type: 'EXPENSE',
      amount: 3,
      category: 'Returns',
      date: '2026-03-01',
      paymentMethod: 'CARD',
    });
    await caller.transaction.update({ id: created.id, type: 'INCOME' });
    const list = await caller.category.list();
    expect(list.map((row) => `${row.kind} ${row.name}`)).toEqual(['INCOME Returns', 'EXPENSE Returns']);
  });

  it('finds or makes the category again when a deleted transaction is restored', async () => {
    const { caller, user } = await signedIn();
    const created = await caller.transaction.create({
      title: 'Gone',
      type: 'EXPENSE',
      amount: 3,
      category: 'Hobby',
      date: '2026-03-01',
      paymentMethod: 'CARD',
    });
    const { undoId } = await caller.transaction.delete({ id: created.id });
    await caller.category.delete({ id: await categoryId(caller, 'EXPENSE', 'Hobby') });
    await caller.transaction.undoDelete({ undoId });
    expect(await transactionNames(user.id)).toEqual(['Hobby']);
    expect((await caller.category.list()).map((row) => row.name)).toEqual(['Hobby']);
  });
});

describe('analytics.expenseBreakdown', () => {
  it('answers each category’s colour, on the top items and on those folded into Others', async () => {
    const { caller, user } = await signedIn();
    const names = ['Rent', 'Food', 'Fuel', 'Books', 'Games'];
    await insertMissingCategories(
      database.db,
      user.id,
      names.map((name, index) => ({ kind: 'EXPENSE' as const, name, colour: `#00000${index}` })),
      new Date(),
    );
    await insertTransactions(
      database.db,
      user.id,
      names.map((name, index) => expense(500 - index * 100, '2026-03-02', name)),
    );
    // A name no category has (written straight to the table) answers no colour.
    await insertTransactions(database.db, user.id, [expense(1, '2026-03-03', 'Loose name')]);
    const { breakdown } = await caller.analytics.expenseBreakdown({ preset: 'thisMonth' });
    expect(breakdown.map((item) => [item.name, item.colour])).toEqual([
      ['Rent', '#000000'],
      ['Food', '#000001'],
      ['Fuel', '#000002'],
      ['Others', undefined],
    ]);
    expect(breakdown[3]?.folded?.categories.map((item) => [item.name, item.colour])).toEqual([
      ['Books', '#000003'],
      ['Games', '#000004'],
      ['Loose name', undefined],
    ]);
    // Percentages are the breakdown's as before: they still add up to 100.
    expect(breakdown.reduce((sum, item) => sum + item.percentage, 0)).toBe(100);
  });
});

describe('the starter set', () => {
  it('is given to a new user at sign-up', async () => {
    const clock = new ManualClock(NOW);
    const { caller } = await createTestCaller({ database, clock });
    const email = `starter-${crypto.randomUUID()}@example.com`;
    await caller.auth.register({ name: 'New', email, password: 'a long enough passphrase 42' });
    const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!user) throw new Error('no user');
    const names = await database.db
      .select({ kind: categories.kind, name: categories.name, colour: categories.colour })
      .from(categories)
      .where(eq(categories.userId, user.id));
    expect(names.sort((a, b) => `${a.kind}${a.name}`.localeCompare(`${b.kind}${b.name}`))).toEqual(
      [...DEFAULT_CATEGORIES].sort((a, b) => `${a.kind}${a.name}`.localeCompare(`${b.kind}${b.name}`)),
    );
  });
});
