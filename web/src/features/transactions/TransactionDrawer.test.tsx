import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApi } from '../../test/render';
import { TransactionDrawer } from './TransactionDrawer';

function renderDrawer(
  respond = () => ({ data: { id: 'new' } }),
  account: { currency: string; locale: string } = { currency: 'USD', locale: 'en-US' },
) {
  const view = renderWithApi(
    <TransactionDrawer
      open
      transaction={null}
      timezone="UTC"
      currency={account.currency}
      locale={account.locale}
      categories={['Groceries']}
      onClose={() => {}}
    />,
    respond,
  );
  const dialog = within(screen.getByRole('dialog', { hidden: true }));
  return { ...view, dialog };
}

describe('TransactionDrawer', () => {
  const euroAccount = { currency: 'EUR', locale: 'de-DE' };

  async function addExpense(dialog: ReturnType<typeof renderDrawer>['dialog'], amount: string) {
    await userEvent.type(dialog.getByLabelText('Title'), 'Groceries');
    await userEvent.type(dialog.getByLabelText('Amount'), amount);
    await userEvent.type(dialog.getByLabelText('Category'), 'Food');
  }

  const save = (dialog: ReturnType<typeof renderDrawer>['dialog']) =>
    userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));

  it('reads 86,40 in a euro account in German as 86.40, shows it, and sends exactly that', async () => {
    const { dialog, calls } = renderDrawer(undefined, euroAccount);
    await addExpense(dialog, '86,40');
    expect(dialog.getByTestId('amount-preview').textContent).toBe('= 86,40\u00a0€');
    await save(dialog);
    await screen.findByText('Transaction added');
    expect(calls[0]?.input).toMatchObject({ title: 'Groceries', amount: 86.4 });
  });

  it('reads 1.450,00 in a euro account in German as 1450', async () => {
    const { dialog, calls } = renderDrawer(undefined, euroAccount);
    await addExpense(dialog, '1.450,00');
    expect(dialog.getByTestId('amount-preview').textContent).toBe('= 1.450,00\u00a0€');
    await save(dialog);
    await screen.findByText('Transaction added');
    expect(calls[0]?.input).toMatchObject({ amount: 1450 });
  });

  it('reads 1,450.00 in a dollar account in US English as 1450', async () => {
    const { dialog, calls } = renderDrawer();
    await addExpense(dialog, '1,450.00');
    expect(dialog.getByTestId('amount-preview').textContent).toBe('= $1,450.00');
    await save(dialog);
    await screen.findByText('Transaction added');
    expect(calls[0]?.input).toMatchObject({ amount: 1450 });
  });

  it('shows both readings of an ambiguous amount while typing and does not save it', async () => {
    const message = '"1.450" could be 1.45 or 1,450; write 1.45 or 1450';
    const { dialog, calls } = renderDrawer();
    await addExpense(dialog, '1.450');
    expect(dialog.getByText(message)).toBeTruthy();
    expect(dialog.queryByTestId('amount-preview')).toBeNull();
    await save(dialog);
    expect((await dialog.findByRole('alert')).textContent).toBe(message);
    expect(calls).toHaveLength(0);
    await userEvent.clear(dialog.getByLabelText('Amount'));
    await userEvent.type(dialog.getByLabelText('Amount'), '1450');
    expect(dialog.queryByRole('alert')).toBeNull();
    expect(dialog.getByTestId('amount-preview').textContent).toBe('= $1,450.00');
  });

  it('refuses a third decimal with the parser message', async () => {
    const { dialog, calls } = renderDrawer(undefined, euroAccount);
    await addExpense(dialog, '3,5055');
    await save(dialog);
    expect(await dialog.findByText('"3,5055" has 4 decimals; an amount has at most 2')).toBeTruthy();
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
