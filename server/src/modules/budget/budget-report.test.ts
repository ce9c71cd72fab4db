import { DEFAULT_CATEGORIES } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { expense, insertTransactions } from '../../test/ledger';
import { insertMissingCategories } from '../category/category.repository';
import { generateReportContent } from '../report/report-content';
import { renderReportEmail } from '../report/report-email';

const database = useTestDatabase();

async function userWithBudgets() {
  const clock = new ManualClock('2027-04-10T12:00:00Z');
  const user = await createUser(database.db, { now: clock.now() });
  await insertMissingCategories(database.db, user.id, DEFAULT_CATEGORIES, clock.now());
  const { caller } = await createTestCaller({ database, user, clock });
  const id = async (name: string) =>
    (await caller.category.list()).find((category) => category.name === name)?.id ?? '';
  await caller.budget.create({
    categoryId: await id('Dining'),
    period: 'MONTHLY',
    amount: 100,
    startsOn: '2027-03-01',
  });
  await caller.budget.create({
    categoryId: await id('Groceries'),
    period: 'MONTHLY',
    amount: 200,
    rollover: true,
    startsOn: '2027-02-01',
  });
  await caller.budget.create({ categoryId: await id('Transport'), period: 'WEEKLY', amount: 30 });
  await insertTransactions(database.db, user.id, [
    expense(150, '2027-02-10', 'Groceries'),
    expense(120.5, '2027-03-31', 'Dining'),
    expense(180, '2027-03-15', 'Groceries'),
    expense(40, '2027-03-16', 'Transport'),
  ]);
  return user;
}

describe('budgets in the scheduled report', () => {
  it('carries the budgets whose period is the report’s, rollover included', async () => {
    const user = await userWithBudgets();
    const { content } = await generateReportContent(
      { db: database.db },
      { id: user.id, currency: 'USD' },
      { from: '2027-03-01', to: '2027-03-31' },
      { from: '2027-02-01', to: '2027-02-28' },
    );
    // Groceries: 200 + (200 − 150) rolled over from February; the weekly Transport budget is not a month's.
    expect(content.budgets).toEqual([
      { categoryName: 'Dining', budgeted: 100, spent: 120.5, remaining: -20.5, percent: 120.5, overBudget: true },
      { categoryName: 'Groceries', budgeted: 250, spent: 180, remaining: 70, percent: 72, overBudget: false },
    ]);
    const mail = renderReportEmail(content, { email: user.email, name: user.name });
    expect(mail.text).toContain(
      'Budgets\n- Dining: $120.50 of $100.00 (over budget by $20.50)\n- Groceries: $180.00 of $250.00 ($70.00 left)',
    );
    expect(mail.html).toContain('Budgets</h2>');
  });

  it('leaves the section out of a report without budgets for its period', async () => {
    const user = await userWithBudgets();
    const { content } = await generateReportContent(
      { db: database.db },
      { id: user.id, currency: 'USD' },
      { from: '2027-03-10', to: '2027-03-20' },
      null,
    );
    expect(content.budgets).toBeUndefined();
    expect(renderReportEmail(content, { email: user.email, name: user.name }).text).not.toContain('Budgets');
  });
});
