import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, income, insertTransactions } from '../../test/ledger';
import { findLargestExpense, sumExpenseCategoriesAcross } from './analytics.repository';

/*
 * The two rollup and ledger queries the monthly report reads (its own tests are outside the analytics
 * module): each edge checked against rows written straight to the table.
 */

const database = useTestDatabase();

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const FEBRUARY = { from: '2026-02-01', to: '2026-02-28' };

describe('findLargestExpense', () => {
  it("answers the period's biggest expense, bounds included, never an income or another user's row", async () => {
    const user = await createUser(database.db);
    const other = await createUser(database.db);
    await insertTransactions(database.db, user.id, [
      expense(50, '2026-03-01', 'Groceries', 'First day'),
      expense(80, '2026-03-31', 'Dining', 'Last day'),
      expense(500, '2026-02-28', 'Rent', 'Day before'),
      expense(500, '2026-04-01', 'Rent', 'Day after'),
      income(9000, '2026-03-15', 'Salary', 'Pay'),
    ]);
    await insertTransactions(database.db, other.id, [expense(700, '2026-03-10', 'Travel', 'Not theirs')]);
    expect(await findLargestExpense(database.db, user.id, MARCH)).toEqual({
      title: 'Last day',
      category: 'Dining',
      date: '2026-03-31',
      amountCents: 8000,
      recurring: false,
    });
    expect(await findLargestExpense(database.db, user.id, { from: '2026-03-01', to: '2026-03-01' })).toMatchObject({
      title: 'First day',
    });
  });

  it('breaks a tie of amounts by the earliest date, then by category, then by title', async () => {
    const user = await createUser(database.db);
    await insertTransactions(database.db, user.id, [
      expense(30, '2026-03-12', 'Alpha', 'A later day'),
      expense(30, '2026-03-11', 'Books', 'Beta'),
      expense(30, '2026-03-11', 'Books', 'Alpha'),
      expense(30, '2026-03-11', 'Coffee', 'Aardvark'),
    ]);
    expect(await findLargestExpense(database.db, user.id, MARCH)).toMatchObject({
      title: 'Alpha',
      category: 'Books',
      date: '2026-03-11',
    });
  });

  it('says whether the expense is a recurring template or one of its occurrences', async () => {
    const user = await createUser(database.db);
    const [template] = await database.db
      .insert(transactions)
      .values({
        userId: user.id,
        title: 'Flat rent',
        type: 'EXPENSE',
        amountCents: 110_000,
        category: 'Rent',
        date: '2026-02-03',
        isRecurring: true,
        recurringInterval: 'MONTHLY',
        nextRecurringDate: '2026-04-03',
      })
      .returning({ id: transactions.id });
    expect(await findLargestExpense(database.db, user.id, FEBRUARY)).toMatchObject({
      title: 'Flat rent',
      recurring: true,
    });
    await database.db.insert(transactions).values({
      userId: user.id,
      title: 'Flat rent',
      type: 'EXPENSE',
      amountCents: 110_000,
      category: 'Rent',
      date: '2026-03-03',
      templateId: template?.id,
    });
    expect(await findLargestExpense(database.db, user.id, MARCH)).toMatchObject({
      date: '2026-03-03',
      recurring: true,
    });
    // A series turned off keeps its occurrences; the former template is a plain expense.
    await database.db
      .update(transactions)
      .set({ isRecurring: false, recurringInterval: null, nextRecurringDate: null })
      .where(eq(transactions.id, template?.id ?? ''));
    expect(await findLargestExpense(database.db, user.id, FEBRUARY)).toMatchObject({ recurring: false });
  });

  it('answers nothing for a period without expenses', async () => {
    const user = await createUser(database.db);
    await insertTransactions(database.db, user.id, [income(10, '2026-03-05'), expense(10, '2026-04-05')]);
    expect(await findLargestExpense(database.db, user.id, MARCH)).toBeUndefined();
  });
});

describe('sumExpenseCategoriesAcross', () => {
  it('sums each category in both periods, zero where a period has none, by name', async () => {
    const user = await createUser(database.db);
    const other = await createUser(database.db);
    await insertTransactions(database.db, user.id, [
      expense(10.5, '2026-03-01', 'Groceries'),
      expense(4.25, '2026-03-31', 'Groceries'),
      expense(20, '2026-02-01', 'Groceries'),
      expense(7, '2026-02-28', 'Dining'),
      expense(3, '2026-03-20', 'Apps'),
      expense(99, '2026-01-31', 'Travel'),
      expense(99, '2026-04-01', 'Travel'),
      income(3000, '2026-03-02', 'Salary'),
    ]);
    await insertTransactions(database.db, other.id, [expense(1000, '2026-03-05', 'Groceries')]);
    expect(await sumExpenseCategoriesAcross(database.db, user.id, MARCH, FEBRUARY)).toEqual([
      { category: 'Apps', currentCents: 300, previousCents: 0 },
      { category: 'Dining', currentCents: 0, previousCents: 700 },
      { category: 'Groceries', currentCents: 1475, previousCents: 2000 },
    ]);
  });

  it('is empty when neither period has expenses', async () => {
    const user = await createUser(database.db);
    await insertTransactions(database.db, user.id, [income(10, '2026-03-05'), expense(10, '2026-04-05')]);
    expect(await sumExpenseCategoriesAcross(database.db, user.id, MARCH, FEBRUARY)).toEqual([]);
  });
});
