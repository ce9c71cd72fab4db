import type { ExpenseBreakdown } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { session } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { ExpenseDonut } from './ExpenseDonut';

const breakdown: ExpenseBreakdown = {
  preset: { value: 'thisMonth', label: 'This Month', from: '2026-03-01', to: '2026-03-31' },
  totalSpent: 1000,
  breakdown: [
    { name: 'Rent', value: 600, percentage: 60 },
    { name: 'Groceries', value: 200, percentage: 20 },
    { name: 'Dining', value: 92, percentage: 9 },
    {
      name: 'Others',
      value: 108,
      percentage: 11,
      folded: {
        categories: [
          { name: 'Coffee & Tea', value: 60, percentage: 6, count: 4 },
          { name: 'Books', value: 40, percentage: 4, count: 1 },
        ],
        rest: { categoryCount: 3, value: 8, percentage: 1, count: 5 },
      },
    },
  ],
};

function api(op: Operation): FakeAnswer {
  if (op.path === 'analytics.expenseBreakdown') return { data: breakdown };
  throw new Error(`unexpected call ${op.path}`);
}

beforeEach(() => {
  session.set({ accessToken: 'token', expiresAt: new Date(Date.now() + 60_000).toISOString() });
});
afterEach(() => {
  session.clear();
});

describe('ExpenseDonut: the Others entry', () => {
  it('opens in place into its categories, each linking to its own expenses of the period, and closes again', async () => {
    renderWithApi(<ExpenseDonut preset="thisMonth" currency="EUR" />, api);
    const others = await screen.findByRole('button', { name: 'Others' });
    expect(others.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('list', { name: 'Categories in Others' })).toBeNull();

    await userEvent.click(others);
    expect(others.getAttribute('aria-expanded')).toBe('true');
    const list = screen.getByRole('list', { name: 'Categories in Others' });
    expect(others.getAttribute('aria-controls')).toBe(list.id);
    const links = within(list).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Coffee & Tea', '/transactions?type=EXPENSE&category=Coffee+%26+Tea&from=2026-03-01&to=2026-03-31'],
      ['Books', '/transactions?type=EXPENSE&category=Books&from=2026-03-01&to=2026-03-31'],
    ]);
    expect(within(list).getByText('3 more categories')).toBeTruthy();
    expect(list.textContent).toContain('6%');
    expect(list.textContent).toContain('1%');

    await userEvent.click(others);
    expect(others.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('list', { name: 'Categories in Others' })).toBeNull();
  });

  it('keeps the named categories as links, and a category called "Others" among them is one too', async () => {
    const named: ExpenseBreakdown = {
      ...breakdown,
      breakdown: [{ name: 'Others', value: 5, percentage: 100 }],
      totalSpent: 5,
    };
    renderWithApi(<ExpenseDonut preset="thisMonth" currency="EUR" />, (op) =>
      op.path === 'analytics.expenseBreakdown' ? { data: named } : api(op),
    );
    const link = await screen.findByRole('link', { name: 'Others' });
    expect(link.getAttribute('href')).toBe('/transactions?type=EXPENSE&category=Others&from=2026-03-01&to=2026-03-31');
    expect(screen.queryByRole('button', { name: 'Others' })).toBeNull();
  });
});
