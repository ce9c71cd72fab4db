import type { BudgetAlert, BudgetPeriodStatus, BudgetStatusList } from '@finailytics/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { session } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { BudgetsCard } from './BudgetsCard';

function status(
  name: string | null,
  figures: Partial<BudgetPeriodStatus> & Pick<BudgetPeriodStatus, 'budgeted' | 'spent'>,
): BudgetPeriodStatus {
  const remaining = figures.budgeted - figures.spent;
  return {
    budget: {
      id: `budget-${name ?? 'overall'}`,
      categoryId: name === null ? null : `category-${name}`,
      categoryName: name,
      categoryColour: name === null ? null : '#16a34a',
      period: 'MONTHLY',
      amount: figures.budgeted,
      rollover: false,
      startsOn: '2026-03-01',
    },
    from: '2026-03-01',
    to: '2026-03-31',
    carriedOver: 0,
    remaining,
    percent: Math.round((figures.spent / figures.budgeted) * 10_000) / 100,
    projected: figures.spent,
    daysLeft: 12,
    overBudget: remaining < 0,
    ...figures,
  };
}

const list: BudgetStatusList = {
  date: '2026-03-20',
  overall: status(null, { budgeted: 2000, spent: 900, projected: 1395 }),
  items: [
    status('Dining', { budgeted: 100, spent: 130.5 }),
    status('Groceries', { budgeted: 400, spent: 100, projected: 155 }),
  ],
};

const alert: BudgetAlert = {
  id: '7b1c5b0e-0c8a-4a55-9d7e-3b0a3f4f6e11',
  budgetId: 'budget-Dining',
  categoryName: 'Dining',
  period: 'MONTHLY',
  periodStart: '2026-03-01',
  threshold: 100,
  budgeted: 100,
  spent: 130.5,
  status: 'SENT',
  createdAt: '2026-03-18T10:00:00.000Z',
  dismissedAt: null,
};

beforeEach(() => {
  session.set({ accessToken: 'token', expiresAt: new Date(Date.now() + 60_000).toISOString() });
});
afterEach(() => {
  session.clear();
});

describe('BudgetsCard', () => {
  it('draws a bar per budget, overall first, and says over budget in words', async () => {
    renderWithApi(<BudgetsCard currency="USD" />, (op: Operation): FakeAnswer => {
      if (op.path === 'budget.status') return { data: list };
      if (op.path === 'budget.alerts') return { data: [] };
      throw new Error(`unexpected call ${op.path}`);
    });
    const bars = await screen.findAllByTestId('budget-bar');
    expect(bars.map((bar) => bar.querySelector('.budget-bar-name')?.textContent)).toEqual([
      'All spending',
      'Dining',
      'Groceries',
    ]);
    const [overall, dining, groceries] = bars;
    expect(dining?.getAttribute('data-over')).toBe('true');
    expect(within(dining as HTMLElement).getByText('Over budget by $30.50')).toBeTruthy();
    expect(dining?.textContent).toContain('$130.50 of $100.00 (131%)');
    expect(groceries?.getAttribute('data-over')).toBe('false');
    expect(within(groceries as HTMLElement).getByText('$300.00 left · 12 days to go')).toBeTruthy();
    // At this pace the overall budget stays under: no projection is shown.
    expect(within(overall as HTMLElement).getByText('$1,100.00 left · 12 days to go')).toBeTruthy();
  });

  it('shows alerts not dismissed yet, and dismisses one', async () => {
    let alerts = [alert];
    const { calls } = renderWithApi(<BudgetsCard currency="USD" />, (op: Operation): FakeAnswer => {
      if (op.path === 'budget.status') return { data: list };
      if (op.path === 'budget.alerts') return { data: alerts };
      if (op.path === 'budget.dismissAlert') {
        alerts = [];
        return { data: { id: alert.id } };
      }
      throw new Error(`unexpected call ${op.path}`);
    });
    const region = await screen.findByRole('region', { name: 'Budget alerts' });
    expect(region.textContent).toContain(
      'You reached 100% of your Dining budget for the month from Mar 1, 2026: $130.50 of $100.00.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss the 100% alert for Dining' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Budget alerts' })).toBeNull());
    expect(calls.find((call) => call.path === 'budget.dismissAlert')?.input).toEqual({ id: alert.id });
  });
});
