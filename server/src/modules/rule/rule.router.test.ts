import { RULE_LIMITS, type RuleInput, type User } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rules, transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { expense, income, insertTransactions } from '../../test/ledger';
import { findOrCreateCategory } from '../category/category.repository';

const database = useTestDatabase();
const clock = new ManualClock('2026-03-15T12:00:00.000Z');

async function signedIn() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const category = async (name: string, kind: 'INCOME' | 'EXPENSE' = 'EXPENSE') =>
    (await findOrCreateCategory(database.db, user.id, kind, name, clock.now())).id;
  return { user, caller, category };
}

const draft = (categoryId: string, overrides: Partial<RuleInput> = {}): RuleInput => ({
  field: 'TITLE',
  operator: 'CONTAINS',
  pattern: 'uber',
  categoryId,
  ...overrides,
});

async function ledgerOf(user: User) {
  return database.db
    .select({
      title: transactions.title,
      category: transactions.category,
      paymentMethod: transactions.paymentMethod,
    })
    .from(transactions)
    .where(eq(transactions.userId, user.id))
    .then((rows) => rows.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0)));
}

describe('rule.create and rule.list', () => {
  it('creates rules last in the order and lists them with their category', async () => {
    const { caller, category } = await signedIn();
    const transport = await category('Transport');
    const first = await caller.rule.create(draft(transport, { amountMin: 5, amountMax: 80.5 }));
    const second = await caller.rule.create(draft(transport, { pattern: 'lyft', setPaymentMethod: 'CARD' }));
    expect(first).toMatchObject({
      position: 0,
      pattern: 'uber',
      amountMin: 5,
      amountMax: 80.5,
      category: 'Transport',
      categoryKind: 'EXPENSE',
    });
    expect(second.position).toBe(1);
    const listed = await caller.rule.list();
    expect(listed.map((rule) => rule.pattern)).toEqual(['uber', 'lyft']);
    expect(listed[1]?.setPaymentMethod).toBe('CARD');
  });

  it("refuses another user's category as NOT_FOUND", async () => {
    const { caller } = await signedIn();
    const other = await signedIn();
    const theirs = await other.category('Theirs');
    const error = await errorOf(caller.rule.create(draft(theirs)));
    expect(error.code).toBe('NOT_FOUND');
  });

  it("refuses a type that contradicts the category's kind", async () => {
    const { caller, category } = await signedIn();
    const salary = await category('Salary', 'INCOME');
    const error = await errorOf(caller.rule.create(draft(salary, { transactionType: 'EXPENSE' })));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('income');
  });

  it(`refuses a rule beyond ${RULE_LIMITS.perUser}`, async () => {
    const { user, caller, category } = await signedIn();
    const transport = await category('Transport');
    await database.db.insert(rules).values(
      Array.from({ length: RULE_LIMITS.perUser }, (_, position) => ({
        userId: user.id,
        position,
        field: 'TITLE' as const,
        operator: 'CONTAINS' as const,
        pattern: `merchant ${position}`,
        categoryId: transport,
      })),
    );
    const error = await errorOf(caller.rule.create(draft(transport)));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(`at most ${RULE_LIMITS.perUser} rules`);
    expect(await caller.rule.list()).toHaveLength(RULE_LIMITS.perUser);
  });
});

describe('rule.update, rule.delete and rule.reorder', () => {
  it('changes only the fields given', async () => {
    const { caller, category } = await signedIn();
    const transport = await category('Transport');
    const created = await caller.rule.create(draft(transport, { amountMax: 20 }));
    const updated = await caller.rule.update({ id: created.id, operator: 'MATCHES' });
    expect(updated).toMatchObject({ operator: 'MATCHES', pattern: 'uber', amountMax: 20, category: 'Transport' });
  });

  it('refuses a minimum above the stored maximum', async () => {
    const { caller, category } = await signedIn();
    const created = await caller.rule.create(draft(await category('Transport'), { amountMax: 20 }));
    const error = await errorOf(caller.rule.update({ id: created.id, amountMin: 30 }));
    expect(error.code).toBe('BAD_REQUEST');
  });

  it("treats another user's rule as NOT_FOUND for update, delete, preview and apply", async () => {
    const owner = await signedIn();
    const rule = await owner.caller.rule.create(draft(await owner.category('Transport')));
    const { caller } = await signedIn();
    // Each call starts only when awaited: started together, one refused before anything awaited it.
    for (const call of [
      () => caller.rule.update({ id: rule.id, pattern: 'x' }),
      () => caller.rule.delete({ id: rule.id }),
      () => caller.rule.preview({ id: rule.id }),
      () => caller.rule.applyToExisting({ id: rule.id }),
    ]) {
      expect((await errorOf(call())).code).toBe('NOT_FOUND');
    }
    expect(await owner.caller.rule.list()).toHaveLength(1);
  });

  it('deletes a rule', async () => {
    const { caller, category } = await signedIn();
    const rule = await caller.rule.create(draft(await category('Transport')));
    await expect(caller.rule.delete({ id: rule.id })).resolves.toEqual({ id: rule.id });
    expect(await caller.rule.list()).toEqual([]);
  });

  it('reorders the rules to the order given', async () => {
    const { caller, category } = await signedIn();
    const transport = await category('Transport');
    const [a, b, c] = [
      await caller.rule.create(draft(transport, { pattern: 'a' })),
      await caller.rule.create(draft(transport, { pattern: 'b' })),
      await caller.rule.create(draft(transport, { pattern: 'c' })),
    ];
    const reordered = await caller.rule.reorder({ ids: [c.id, a.id, b.id] });
    expect(reordered.map((rule) => [rule.pattern, rule.position])).toEqual([
      ['c', 0],
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('refuses an order that leaves out, repeats or adds a rule', async () => {
    const { caller, category } = await signedIn();
    const transport = await category('Transport');
    const a = await caller.rule.create(draft(transport, { pattern: 'a' }));
    const b = await caller.rule.create(draft(transport, { pattern: 'b' }));
    const other = await signedIn();
    const stranger = await other.caller.rule.create(draft(await other.category('Transport')));
    for (const ids of [[a.id], [a.id, a.id], [a.id, b.id, stranger.id], [b.id, stranger.id]]) {
      expect((await errorOf(caller.rule.reorder({ ids }))).code).toBe('BAD_REQUEST');
    }
    expect((await caller.rule.list()).map((rule) => rule.pattern)).toEqual(['a', 'b']);
  });
});

describe('rule.preview and rule.apply', () => {
  it('counts the transactions a rule would change, with a sample, and changes nothing', async () => {
    const { user, caller, category } = await signedIn();
    const rule = await caller.rule.create(draft(await category('Transport')));
    await insertTransactions(database.db, user.id, [
      expense(12, '2026-03-01', 'Uncategorized', 'UBER *TRIP'),
      expense(14, '2026-03-02', 'Travel', 'Uber Eats'),
      expense(15, '2026-03-03', 'Transport', 'Uber already'),
      expense(20, '2026-03-04', 'Groceries', 'Tesco'),
    ]);
    const preview = await caller.rule.preview({ id: rule.id });
    expect(preview).toMatchObject({ count: 2, scanned: 4, truncated: false });
    expect(preview.sample.map((row) => [row.title, row.category, row.newCategory])).toEqual([
      ['Uber Eats', 'Travel', 'Transport'],
      ['UBER *TRIP', 'Uncategorized', 'Transport'],
    ]);
    expect((await ledgerOf(user)).map((row) => `${row.title}: ${row.category}`)).toEqual([
      'Tesco: Groceries',
      'UBER *TRIP: Uncategorized',
      'Uber Eats: Travel',
      'Uber already: Transport',
    ]);
  });

  it('previews a draft from the form before it is saved', async () => {
    const { user, caller, category } = await signedIn();
    await insertTransactions(database.db, user.id, [expense(9, '2026-03-01', 'Uncategorized', 'Lyft ride')]);
    const preview = await caller.rule.preview({ rule: draft(await category('Transport'), { pattern: 'LYFT' }) });
    expect(preview.count).toBe(1);
  });

  it('applies the category, title and payment method, and only to matching transactions of its kind', async () => {
    const { user, caller, category } = await signedIn();
    const rule = await caller.rule.create(
      draft(await category('Transport'), { setTitle: 'Uber', setPaymentMethod: 'CARD' }),
    );
    await insertTransactions(database.db, user.id, [
      expense(12, '2026-03-01', 'Uncategorized', 'UBER *TRIP'),
      income(100, '2026-03-02', 'Salary', 'Uber payout'),
      expense(20, '2026-03-04', 'Groceries', 'Tesco'),
    ]);
    await expect(caller.rule.applyToExisting({ id: rule.id })).resolves.toEqual({
      changed: 1,
      scanned: 3,
      truncated: false,
    });
    expect(await ledgerOf(user)).toEqual([
      { title: 'Tesco', category: 'Groceries', paymentMethod: 'CASH' },
      { title: 'Uber', category: 'Transport', paymentMethod: 'CARD' },
      { title: 'Uber payout', category: 'Salary', paymentMethod: 'CASH' },
    ]);
  });

  it('leaves real categories alone when asked to fill in uncategorised transactions only', async () => {
    const { user, caller, category } = await signedIn();
    const rule = await caller.rule.create(draft(await category('Transport')));
    await insertTransactions(database.db, user.id, [
      expense(12, '2026-03-01', 'Uncategorized', 'Uber one'),
      expense(13, '2026-03-02', 'Travel', 'Uber two'),
    ]);
    await expect(caller.rule.applyToExisting({ id: rule.id, onlyUncategorized: true })).resolves.toMatchObject({
      changed: 1,
    });
    expect((await ledgerOf(user)).map((row) => row.category)).toEqual(['Transport', 'Travel']);
  });

  it('applies every rule in order across a ledger larger than one batch', async () => {
    const { user, caller, category } = await signedIn();
    const eats = await caller.rule.create(draft(await category('Dining'), { pattern: 'uber eats' }));
    await caller.rule.create(draft(await category('Transport')));
    await caller.rule.reorder({ ids: [eats.id, ...(await caller.rule.list()).slice(1).map((rule) => rule.id)] });
    const seeds = Array.from({ length: 1200 }, (_, index) => {
      const day = `2026-0${1 + (index % 3)}-${String(1 + (index % 28)).padStart(2, '0')}`;
      const title = index % 3 === 0 ? `Uber Eats ${index}` : index % 3 === 1 ? `Uber trip ${index}` : `Bakery ${index}`;
      return expense(10, day, 'Uncategorized', title);
    });
    for (let start = 0; start < seeds.length; start += 400) {
      await insertTransactions(database.db, user.id, seeds.slice(start, start + 400));
    }
    const preview = await caller.rule.previewAll();
    expect(preview).toMatchObject({ count: 800, scanned: 1200, truncated: false });
    expect(preview.sample).toHaveLength(RULE_LIMITS.previewSample);
    for (const row of preview.sample) {
      expect(row.newCategory).toBe(row.title.startsWith('Uber Eats') ? 'Dining' : 'Transport');
    }
    await expect(caller.rule.applyAll({})).resolves.toEqual({ changed: 800, scanned: 1200, truncated: false });
    const counts = new Map<string, number>();
    for (const row of await ledgerOf(user)) counts.set(row.category, (counts.get(row.category) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ Dining: 400, Transport: 400, Uncategorized: 400 });
    // A second run finds nothing left to change.
    await expect(caller.rule.applyAll({})).resolves.toMatchObject({ changed: 0 });
  });
});

describe('rule.match and rule.suggest', () => {
  it('names the first matching rule', async () => {
    const { caller, category } = await signedIn();
    const rule = await caller.rule.create(draft(await category('Transport'), { amountMax: 50 }));
    await expect(caller.rule.match({ title: 'Uber to airport', amount: 30, type: 'EXPENSE' })).resolves.toEqual({
      by: 'rule',
      ruleId: rule.id,
      rulePattern: 'uber',
      category: 'Transport',
      categoryId: rule.categoryId,
      setTitle: null,
      setPaymentMethod: null,
    });
    await expect(caller.rule.match({ title: 'Uber to airport', amount: 80, type: 'EXPENSE' })).resolves.toBeNull();
    await expect(caller.rule.match({ title: 'Uber to airport', type: 'INCOME' })).resolves.toBeNull();
  });

  it("suggests the merchant's most frequent category, with its count", async () => {
    const { user, caller } = await signedIn();
    await insertTransactions(database.db, user.id, [
      expense(4, '2026-03-01', 'Coffee', 'Starbucks #1234'),
      expense(4, '2026-03-02', 'Coffee', 'STARBUCKS #99'),
      expense(4, '2026-03-03', 'Dining', 'Starbucks'),
      expense(4, '2026-03-04', 'Uncategorized', 'Starbucks'),
      income(4, '2026-03-05', 'Refunds', 'Starbucks'),
    ]);
    await expect(caller.rule.suggest({ title: 'starbucks store 55', type: 'EXPENSE' })).resolves.toEqual({
      by: 'suggestion',
      category: 'Coffee',
      merchant: 'starbucks',
      count: 2,
    });
    await expect(caller.rule.suggest({ title: 'Unknown place', type: 'EXPENSE' })).resolves.toBeNull();
  });

  it('suggests nothing when a rule matches, and never from another user', async () => {
    const { user, caller, category } = await signedIn();
    await insertTransactions(database.db, user.id, [expense(4, '2026-03-01', 'Coffee', 'Starbucks')]);
    const other = await signedIn();
    await expect(other.caller.rule.suggest({ title: 'Starbucks', type: 'EXPENSE' })).resolves.toBeNull();
    await caller.rule.create(draft(await category('Treats'), { pattern: 'starbucks' }));
    await expect(caller.rule.suggest({ title: 'Starbucks', type: 'EXPENSE' })).resolves.toBeNull();
  });

  it('turns a suggestion into a rule with "Always do this"', async () => {
    const { caller } = await signedIn();
    const rule = await caller.rule.createFromSuggestion({ merchant: 'starbucks', category: 'Coffee', type: 'EXPENSE' });
    expect(rule).toMatchObject({ field: 'TITLE', operator: 'CONTAINS', pattern: 'starbucks', category: 'Coffee' });
    await expect(caller.rule.match({ title: 'STARBUCKS #12', type: 'EXPENSE' })).resolves.toMatchObject({
      category: 'Coffee',
    });
  });
});
