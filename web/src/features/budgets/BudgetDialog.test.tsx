import type { Category } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { BudgetDialog } from './BudgetDialog';

function category(id: number, kind: Category['kind'], name: string): Category {
  return { id: `c0000000-0000-4000-8000-00000000000${id}`, kind, name, colour: '#16a34a', icon: null };
}

const groceries = category(1, 'EXPENSE', 'Groceries');
const dining = category(2, 'EXPENSE', 'Dining');
const salary = category(3, 'INCOME', 'Salary');

function renderDialog(taken: { categoryIds: Set<string>; overall: boolean }) {
  return renderWithApi(
    <BudgetDialog open budget={null} taken={taken} currency="USD" onClose={() => {}} />,
    (op: Operation): FakeAnswer => {
      if (op.path === 'category.list') return { data: [groceries, dining, salary] };
      if (op.path === 'budget.create') return { data: { id: 'b0000000-0000-4000-8000-000000000001' } };
      throw new Error(`unexpected call ${op.path}`);
    },
  );
}

/** The picker's options (the period select has options too). */
const optionNames = (dialog: ReturnType<typeof within>) =>
  within(dialog.getByRole('listbox', { hidden: true }))
    .queryAllByRole('option', { hidden: true })
    .map((option) => option.textContent);

describe('BudgetDialog', () => {
  it('offers all spending and the expense categories without a budget, never income ones', async () => {
    renderDialog({ categoryIds: new Set([dining.id]), overall: false });
    const dialog = within(await screen.findByRole('dialog', { name: 'Set a budget', hidden: true }));
    const picker = dialog.getByRole('combobox', { name: 'Budget for', hidden: true });
    await userEvent.click(picker);
    await dialog.findByRole('option', { name: 'Groceries', hidden: true });
    expect(optionNames(dialog)).toEqual(['All spending (overall budget)', 'Groceries']);
  });

  it('sets a category budget chosen by typing', async () => {
    const { calls } = renderDialog({ categoryIds: new Set(), overall: true });
    const dialog = within(await screen.findByRole('dialog', { name: 'Set a budget', hidden: true }));
    const picker = dialog.getByRole('combobox', { name: 'Budget for', hidden: true });
    await userEvent.click(dialog.getByRole('button', { name: 'Set budget', hidden: true }));
    expect(dialog.getByText('Choose what the budget covers')).toBeTruthy();
    await userEvent.click(picker);
    await dialog.findByRole('option', { name: 'Dining', hidden: true });
    await userEvent.type(picker, 'din');
    expect(optionNames(dialog)).toEqual(['Dining']);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect((picker as HTMLInputElement).value).toBe('Dining');
    await userEvent.type(dialog.getByRole('textbox', { name: 'Amount (USD)', hidden: true }), '120');
    await userEvent.click(dialog.getByRole('button', { name: 'Set budget', hidden: true }));
    await screen.findByText('Budget set');
    expect(calls.find((call) => call.path === 'budget.create')?.input).toMatchObject({
      categoryId: dining.id,
      period: 'MONTHLY',
      amount: 120,
    });
  });

  it('sets the overall budget from the “All spending” choice', async () => {
    const { calls } = renderDialog({ categoryIds: new Set(), overall: false });
    const dialog = within(await screen.findByRole('dialog', { name: 'Set a budget', hidden: true }));
    const picker = dialog.getByRole('combobox', { name: 'Budget for', hidden: true });
    await userEvent.click(picker);
    await dialog.findByRole('option', { name: 'Groceries', hidden: true });
    await userEvent.type(picker, 'all');
    await userEvent.click(dialog.getByRole('option', { name: 'All spending (overall budget)', hidden: true }));
    await userEvent.type(dialog.getByRole('textbox', { name: 'Amount (USD)', hidden: true }), '900');
    await userEvent.click(dialog.getByRole('button', { name: 'Set budget', hidden: true }));
    await screen.findByText('Budget set');
    expect(calls.find((call) => call.path === 'budget.create')?.input).toMatchObject({ categoryId: null, amount: 900 });
  });
});
