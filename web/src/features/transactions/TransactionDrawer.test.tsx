import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApi } from '../../test/render';
import { TransactionDrawer } from './TransactionDrawer';

function renderDrawer(respond = () => ({ data: { id: 'new' } })) {
  const view = renderWithApi(
    <TransactionDrawer open transaction={null} timezone="UTC" categories={['Groceries']} onClose={() => {}} />,
    respond,
  );
  const dialog = within(screen.getByRole('dialog', { hidden: true }));
  return { ...view, dialog };
}

describe('TransactionDrawer', () => {
  it('refuses a third decimal with the shared amount rule', async () => {
    const { dialog, calls } = renderDrawer();
    await userEvent.type(dialog.getByLabelText('Title'), 'Coffee');
    await userEvent.type(dialog.getByLabelText('Amount'), '3.505');
    await userEvent.type(dialog.getByLabelText('Category'), 'Dining');
    await userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    expect(await dialog.findByText('Amount can have at most 2 decimals')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('requires a title and a category', async () => {
    const { dialog } = renderDrawer();
    await userEvent.type(dialog.getByLabelText('Amount'), '10');
    await userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    expect(await dialog.findByText('Title is required')).toBeTruthy();
    expect(dialog.getByText('Category is required')).toBeTruthy();
  });

  it('sends a number amount, null for a blank description and no recurrence when not repeating', async () => {
    const { dialog, calls } = renderDrawer();
    await userEvent.click(dialog.getByRole('button', { name: 'Income', hidden: true }));
    await userEvent.type(dialog.getByLabelText('Title'), 'Salary');
    await userEvent.type(dialog.getByLabelText('Amount'), '4,250.75');
    await userEvent.type(dialog.getByLabelText('Category'), 'Pay');
    await userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    await screen.findByText('Transaction added');
    expect(calls[0]?.path).toBe('transaction.create');
    expect(calls[0]?.input).toMatchObject({
      title: 'Salary',
      type: 'INCOME',
      amount: 4250.75,
      category: 'Pay',
      description: null,
      isRecurring: false,
      recurringInterval: null,
      recurringEndDate: null,
    });
  });

  it('refuses a recurring end date before the first date', async () => {
    const { dialog } = renderDrawer();
    await userEvent.type(dialog.getByLabelText('Title'), 'Gym');
    await userEvent.type(dialog.getByLabelText('Amount'), '30');
    await userEvent.type(dialog.getByLabelText('Category'), 'Health');
    await userEvent.clear(dialog.getByLabelText('Date'));
    await userEvent.type(dialog.getByLabelText('Date'), '2026-05-10');
    await userEvent.click(dialog.getByLabelText('Repeats automatically'));
    await userEvent.type(dialog.getByLabelText('Ends on (optional)'), '2026-05-01');
    await userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    expect(await dialog.findByText('Recurring end date must not be before the date')).toBeTruthy();
  });
});
