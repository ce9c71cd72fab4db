import type { Category, Transaction } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { BulkCategoryDialog } from './BulkCategoryDialog';

const dining: Category = {
  id: 'c0000000-0000-4000-8000-000000000001',
  kind: 'EXPENSE',
  name: 'Dining',
  colour: '#ea580c',
  icon: null,
};
const groceries: Category = { ...dining, id: 'c0000000-0000-4000-8000-000000000002', name: 'Groceries' };
const salary: Category = {
  id: 'c0000000-0000-4000-8000-000000000003',
  kind: 'INCOME',
  name: 'Salary',
  colour: '#16a34a',
  icon: null,
};

type Selected = Pick<Transaction, 'id' | 'type'>;
const lunch: Selected = { id: 't0000000-0000-4000-8000-000000000001', type: 'EXPENSE' };
const dinner: Selected = { id: 't0000000-0000-4000-8000-000000000002', type: 'EXPENSE' };
const pay: Selected = { id: 't0000000-0000-4000-8000-000000000003', type: 'INCOME' };

/** The page's part: a selection the dialog may narrow, and that a change clears. */
function Harness({ initial }: { initial: Selected[] }) {
  const [selected, setSelected] = useState(initial);
  const [open, setOpen] = useState(true);
  return (
    <>
      <output data-testid="selected">{selected.map((item) => item.id.slice(-1)).join(',')}</output>
      <BulkCategoryDialog
        open={open && selected.length > 0}
        transactions={selected}
        categories={[dining, groceries, salary]}
        onNarrow={(ids) => setSelected(initial.filter((item) => ids.includes(item.id)))}
        onChanged={() => {
          setSelected([]);
          setOpen(false);
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

function renderDialog(initial: Selected[], assign: (op: Operation) => FakeAnswer) {
  const view = renderWithApi(<Harness initial={initial} />, (op) => {
    if (op.path === 'category.assign') return assign(op);
    throw new Error(`unexpected call ${op.path}`);
  });
  const dialog = () => within(screen.getByRole('dialog', { name: 'Change category', hidden: true }));
  return { ...view, dialog };
}

describe('BulkCategoryDialog', () => {
  it('moves the selected expenses to an expense category in one call, then says so and clears the selection', async () => {
    const { calls, dialog } = renderDialog([lunch, dinner], () => ({
      data: { updatedCount: 2, category: groceries },
    }));
    const picker = dialog().getByRole('combobox', { name: 'New category', hidden: true });
    await userEvent.click(picker);
    // Only the selection's kind: no income category to pick.
    const listbox = within(dialog().getByRole('listbox', { hidden: true }));
    expect(listbox.getAllByRole('option', { hidden: true }).map((option) => option.textContent)).toEqual([
      'Dining',
      'Groceries',
    ]);
    await userEvent.click(listbox.getByRole('option', { name: 'Groceries', hidden: true }));
    await userEvent.click(dialog().getByRole('button', { name: 'Change category', hidden: true }));
    await screen.findByText('2 transactions moved to “Groceries”');
    expect(calls.filter((call) => call.path === 'category.assign').map((call) => call.input)).toEqual([
      { transactionIds: [lunch.id, dinner.id], categoryId: groceries.id },
    ]);
    expect(screen.getByTestId('selected').textContent).toBe('');
  });

  it('asks for a category before sending anything', async () => {
    const { calls, dialog } = renderDialog([pay], () => ({ data: { updatedCount: 1, category: salary } }));
    await userEvent.click(dialog().getByRole('button', { name: 'Change category', hidden: true }));
    expect(dialog().getByText('Choose a category')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('refuses a selection of income and expenses together, and narrows it to one kind on request', async () => {
    const { calls, dialog } = renderDialog([lunch, pay, dinner], () => ({
      data: { updatedCount: 1, category: salary },
    }));
    expect(dialog().getByText(/holds 1 income transaction and 2 expenses/).textContent).toContain(
      'one change cannot cover both',
    );
    expect(dialog().queryByRole('combobox', { hidden: true })).toBeNull();
    await userEvent.click(dialog().getByRole('button', { name: 'Only the 1 income transaction', hidden: true }));
    expect(screen.getByTestId('selected').textContent).toBe('3');
    const picker = dialog().getByRole('combobox', { name: 'New category', hidden: true });
    await userEvent.type(picker, 'sal');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await userEvent.click(dialog().getByRole('button', { name: 'Change category', hidden: true }));
    await screen.findByText('1 transaction moved to “Salary”');
    expect(calls.find((call) => call.path === 'category.assign')?.input).toEqual({
      transactionIds: [pay.id],
      categoryId: salary.id,
    });
  });

  it('shows the server’s refusal and keeps the selection', async () => {
    const message = '1 of the selected transactions were not found; nothing was changed';
    const { dialog } = renderDialog([lunch], () => ({ error: { code: 'NOT_FOUND', message } }));
    await userEvent.type(dialog().getByRole('combobox', { name: 'New category', hidden: true }), 'din');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await userEvent.click(dialog().getByRole('button', { name: 'Change category', hidden: true }));
    expect(await screen.findByText(message)).toBeTruthy();
    expect(screen.getByTestId('selected').textContent).toBe('1');
  });
});
