import { describe, expect, it } from 'vitest';
import { buildInsights, type InsightInput } from './insights';

const base: InsightInput = {
  currency: 'USD',
  categories: [
    { category: 'Dining', currentCents: 12_000, previousCents: 10_000 },
    { category: 'Rent', currentCents: 100_000, previousCents: 100_000 },
  ],
  savingsRate: 25,
  previousSavingsRate: 25,
  hasPreviousPeriod: true,
  expenseCents: 112_000,
  expenseCount: 4,
  largestExpense: { title: 'Rent', category: 'Rent', date: '2026-03-01', amountCents: 100_000, recurring: false },
};

describe('buildInsights', () => {
  it('names the category that moved most, with its change in money and percent', () => {
    expect(buildInsights(base)[0]).toBe('Spending on Dining rose by $20.00 (20%) compared with the previous period.');
  });

  it('says a category is new when the previous period had none of it', () => {
    const insights = buildInsights({
      ...base,
      categories: [{ category: 'Travel', currentCents: 45_000, previousCents: 0 }],
    });
    expect(insights[0]).toBe('Spending on Travel rose by $450.00; there was none in the previous period.');
  });

  it('breaks a tie between equal changes alphabetically', () => {
    const insights = buildInsights({
      ...base,
      categories: [
        { category: 'Books', currentCents: 0, previousCents: 5_000 },
        { category: 'Games', currentCents: 5_000, previousCents: 0 },
      ],
    });
    expect(insights[0]).toBe('Spending on Books fell by $50.00 (100%) compared with the previous period.');
  });

  it('says when every category matched the previous period', () => {
    const insights = buildInsights({ ...base, categories: [{ category: 'Rent', currentCents: 1, previousCents: 1 }] });
    expect(insights[0]).toBe('Your spending in every category matched the previous period.');
  });

  it('says there is nothing to compare with for all time', () => {
    const insights = buildInsights({ ...base, categories: null, previousSavingsRate: null, hasPreviousPeriod: false });
    expect(insights[0]).toBe('There is no previous period to compare your spending with.');
    expect(insights[1]).toBe('You saved 25% of your income; there is no previous period to compare with.');
  });

  it('describes the savings rate trend', () => {
    expect(buildInsights({ ...base, savingsRate: 31.25, previousSavingsRate: 12.5 })[1]).toBe(
      'Your savings rate rose from 12.5% to 31.3%.',
    );
    expect(buildInsights({ ...base, savingsRate: -10, previousSavingsRate: 5 })[1]).toBe(
      'Your savings rate fell from 5% to -10%.',
    );
    expect(buildInsights({ ...base, savingsRate: 20.01, previousSavingsRate: 20.04 })[1]).toBe(
      'Your savings rate held steady at 20%.',
    );
  });

  it('explains a missing savings rate', () => {
    expect(buildInsights({ ...base, savingsRate: null })[1]).toBe(
      'You had no income in this period, so there is no savings rate.',
    );
    expect(buildInsights({ ...base, previousSavingsRate: null })[1]).toBe(
      'You saved 25% of your income; the previous period had no income to compare with.',
    );
  });

  it('words spending beyond income as such, not as a negative saving', () => {
    expect(buildInsights({ ...base, savingsRate: -42, previousSavingsRate: null })[1]).toBe(
      'You spent 42% more than your income; the previous period had no income to compare with.',
    );
  });

  it('calls an expense unusual at twice the average or more', () => {
    // Average 280.00; the 1,000.00 rent is 3.6 times that.
    expect(buildInsights(base)[2]).toBe(
      'Unusual expense: $1,000.00 for "Rent" (Rent) on Mar 1, 2026 was 3.6× your average expense of $280.00.',
    );
  });

  it('calls nothing unusual below twice the average or with fewer than three expenses', () => {
    const even = buildInsights({
      ...base,
      expenseCents: 60_000,
      expenseCount: 4,
      largestExpense: {
        title: 'Shoes',
        category: 'Clothes',
        date: '2026-03-04',
        amountCents: 20_000,
        recurring: false,
      },
    });
    expect(even[2]).toBe('No unusual expenses; the largest was $200.00 for "Shoes" (Clothes) on Mar 4, 2026.');
    const few = buildInsights({ ...base, expenseCents: 101_000, expenseCount: 2 });
    expect(few[2]).toBe('No unusual expenses; the largest was $1,000.00 for "Rent" (Rent) on Mar 1, 2026.');
  });

  it('never calls a recurring expense unusual, however large', () => {
    const rent = { title: 'Rent', category: 'Rent', date: '2026-03-01', amountCents: 100_000, recurring: true };
    const insights = buildInsights({ ...base, largestExpense: rent });
    expect(insights[2]).toBe(
      'No unusual expenses; the largest was the recurring $1,000.00 for "Rent" (Rent) on Mar 1, 2026.',
    );
  });

  it("formats money in the user's currency", () => {
    const insights = buildInsights({
      ...base,
      currency: 'JPY',
      categories: [{ category: 'Food', currentCents: 150_000, previousCents: 0 }],
    });
    expect(insights[0]).toBe('Spending on Food rose by ¥1,500; there was none in the previous period.');
  });
});
