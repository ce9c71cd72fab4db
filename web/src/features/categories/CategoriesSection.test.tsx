import type { CategoryWithUsage } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { CategoriesSection } from './CategoriesSection';

const category = (id: string, name: string, transactionCount: number, monthTotal = 0): CategoryWithUsage => ({
  id,
  kind: 'EXPENSE',
  name,
  colour: '#2563eb',
  icon: null,
  transactionCount,
  monthTotal,
});

const list = [
  category('c1', 'Cafe', 1, 12),
  category('c2', 'Coffee', 2, 38),
  { ...category('c3', 'Salary', 0), kind: 'INCOME' as const },
];

function api(op: Operation): FakeAnswer {
  if (op.path === 'category.list') return { data: list };
  if (op.path === 'category.mergePreview')
    return { data: { transactions: 1, rules: 2, budgets: 0, budgetsDropped: 1 } };
  if (op.path === 'category.merge')
    return { data: { transactions: 1, rules: 2, budgets: 0, budgetsDropped: 1, into: list[1] } };
  if (op.path === 'category.update')
    return {
      error: { code: 'CONFLICT', message: 'There is already a category called “Coffee”; merge “Cafe” into it instead' },
    };
  throw new Error(`unexpected call ${op.path}`);
}

describe('CategoriesSection', () => {
  it('lists each kind with counts and this month’s total', async () => {
    renderWithApi(<CategoriesSection />, api);
    const cafe = await screen.findByTestId('category-EXPENSE-Cafe');
    expect(within(cafe).getByText('1 transaction · $12.00 this month')).toBeTruthy();
    const income = screen.getByRole('list', { name: 'Income categories' });
    expect(within(income).getByLabelText('Name of Salary')).toBeTruthy();
  });

  it('merges the selected categories into the one chosen, after showing what moves', async () => {
    const { calls } = renderWithApi(<CategoriesSection />, api);
    await screen.findByTestId('category-EXPENSE-Cafe');
    const merge = screen.getAllByRole('button', { name: /^Merge selected/ })[0];
    if (!merge) throw new Error('no merge button');
    expect((merge as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByLabelText('Select Cafe'));
    await userEvent.click(screen.getByLabelText('Select Coffee'));
    await userEvent.click(screen.getByRole('button', { name: 'Merge selected (2)' }));
    const dialog = within(screen.getByRole('dialog', { hidden: true }));
    await userEvent.selectOptions(dialog.getByLabelText('Merge into'), 'Coffee');
    expect((await dialog.findByText(/^Moves 1 transaction, 2 rules and 0 budgets/)).textContent).toBe(
      'Moves 1 transaction, 2 rules and 0 budgets; 1 budget of the merged categories will be removed, as the target keeps its own.',
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Merge', hidden: true }));
    expect(await screen.findByText('Merged into “Coffee”')).toBeTruthy();
    expect(calls.find((call) => call.path === 'category.merge')?.input).toEqual({ from: ['c1'], into: 'c2' });
  });

  it('shows why a rename was refused and puts the old name back', async () => {
    renderWithApi(<CategoriesSection />, api);
    const name = await screen.findByLabelText('Name of Cafe');
    await userEvent.clear(name);
    await userEvent.type(name, 'coffee{Enter}');
    expect(
      await screen.findByText('There is already a category called “Coffee”; merge “Cafe” into it instead'),
    ).toBeTruthy();
    expect((name as HTMLInputElement).value).toBe('Cafe');
  });
});
