import type { LedgerAccount, Transaction } from '@finailytics/shared';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ledgerAccount as accountOf, ledgerTransaction } from '../../test/ledger';
import { renderWithApi } from '../../test/render';
import { TransactionDrawer } from './TransactionDrawer';

const euroAccount = { currency: 'EUR', locale: 'de-DE' };
const dollarAccount = { currency: 'USD', locale: 'en-US' };

function renderDrawer(
  respond = () => ({ data: { id: 'new' } }),
  account: { currency: string; locale: string } = dollarAccount,
) {
  const view = renderWithApi(
    <TransactionDrawer
      open
      transaction={null}
      timezone="UTC"
      currency={account.currency}
      locale={account.locale}
      categories={[{ kind: 'EXPENSE', name: 'Groceries', colour: '#16a34a' }]}
      onClose={() => {}}
    />,
    respond,
  );
  const dialog = within(screen.getByRole('dialog', { hidden: true }));
  return { ...view, dialog };
}

describe('TransactionDrawer', () => {
  async function addExpense(dialog: ReturnType<typeof renderDrawer>['dialog'], amount: string) {
    await userEvent.type(dialog.getByLabelText('Title'), 'Groceries');
    await userEvent.type(dialog.getByLabelText('Amount'), amount);
    await userEvent.type(dialog.getByLabelText('Category'), 'Food');
  }

  const save = (dialog: ReturnType<typeof renderDrawer>['dialog']) =>
    userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));

  it.each([
    { account: euroAccount, typed: '86,40', preview: '= 86,40\u00a0€', sent: 86.4 },
    { account: euroAccount, typed: '1.450,00', preview: '= 1.450,00\u00a0€', sent: 1450 },
    { account: dollarAccount, typed: '1,450.00', preview: '= $1,450.00', sent: 1450 },
  ])('reads $typed in $account.currency/$account.locale, shows $preview and sends $sent', async (example) => {
    const { dialog, calls } = renderDrawer(undefined, example.account);
    await addExpense(dialog, example.typed);
    expect(dialog.getByTestId('amount-preview').textContent).toBe(example.preview);
    await save(dialog);
    await screen.findByText('Transaction added');
    expect(calls[0]?.input).toMatchObject({ title: 'Groceries', amount: example.sent });
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

  it('requires a title, and leaves a blank category to the rules', async () => {
    const { dialog, calls } = renderDrawer();
    await userEvent.type(dialog.getByLabelText('Amount'), '10');
    await userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    expect(await dialog.findByText('Title is required')).toBeTruthy();
    expect(dialog.queryByText('Category is required')).toBeNull();
    await userEvent.type(dialog.getByLabelText('Title'), 'Uber');
    await save(dialog);
    await screen.findByText('Transaction added');
    const create = calls.find((call) => call.path === 'transaction.create');
    expect(create?.input).toMatchObject({ title: 'Uber', amount: 10 });
    expect((create?.input as { category?: string } | undefined)?.category).toBeUndefined();
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

  it('shows a saved amount in the locale notation when editing and sends it back unchanged', async () => {
    const transaction: Transaction = {
      id: '0b9f4f7e-5c1d-4d8e-9a1b-2c3d4e5f6a7b',
      title: 'Rent',
      description: null,
      type: 'EXPENSE',
      amount: 1450.5,
      category: 'Housing',
      date: '2026-03-01',
      paymentMethod: 'BANK_TRANSFER',
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
      templateId: null,
      receiptId: null,
      accountId: '00000000-0000-4000-8000-0000000000a1',
      transferId: null,
      clearedAt: null,
      createdAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
    };
    const view = renderWithApi(
      <TransactionDrawer
        open
        transaction={transaction}
        timezone="UTC"
        currency="EUR"
        locale="de-DE"
        categories={[]}
        onClose={() => {}}
      />,
      () => ({ data: transaction }),
    );
    const dialog = within(screen.getByRole('dialog', { hidden: true }));
    expect((dialog.getByLabelText('Amount') as HTMLInputElement).value).toBe('1450,50');
    expect(dialog.getByTestId('amount-preview').textContent).toBe('= 1.450,50\u00a0€');
    await save(dialog);
    await screen.findByText('Transaction updated');
    expect(view.calls[0]?.path).toBe('transaction.update');
    expect(view.calls[0]?.input).toMatchObject({ id: transaction.id, amount: 1450.5 });
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

  describe('editing a recurring transaction', () => {
    const occurrence: Transaction = {
      id: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
      title: 'Rent',
      description: null,
      type: 'EXPENSE',
      amount: 950,
      category: 'Housing',
      date: '2026-04-10',
      paymentMethod: 'BANK_TRANSFER',
      isRecurring: false,
      recurringInterval: null,
      nextRecurringDate: null,
      recurringEndDate: null,
      templateId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      receiptId: null,
      accountId: '00000000-0000-4000-8000-0000000000a1',
      transferId: null,
      clearedAt: null,
      createdAt: '2026-04-10T00:00:00.000Z',
      updatedAt: '2026-04-10T00:00:00.000Z',
    };

    function editDrawer(transaction: Transaction) {
      const view = renderWithApi(
        <TransactionDrawer
          open
          transaction={transaction}
          timezone="UTC"
          currency="USD"
          locale="en-US"
          categories={[]}
          onClose={() => {}}
        />,
        () => ({ data: transaction }),
      );
      const drawer = within(screen.getByRole('dialog', { name: 'Edit transaction', hidden: true }));
      const scopeDialog = () =>
        within(screen.getByRole('dialog', { name: 'Change a recurring transaction', hidden: true }));
      return { ...view, drawer, scopeDialog };
    }

    async function changeAmount(drawer: ReturnType<typeof editDrawer>['drawer'], amount: string) {
      await userEvent.clear(drawer.getByLabelText('Amount'));
      await userEvent.type(drawer.getByLabelText('Amount'), amount);
      await save(drawer);
    }

    it.each([
      { choice: 'This and future ones', scope: 'future' },
      { choice: 'Change only this one', scope: 'this' },
    ])('asks before saving an occurrence and sends scope $scope for "$choice"', async ({ choice, scope }) => {
      const { drawer, scopeDialog, calls } = editDrawer(occurrence);
      await changeAmount(drawer, '1000');
      expect(calls).toHaveLength(0);
      const button = scopeDialog().getByRole('button', { name: choice, hidden: true });
      // The choice is announced with what it does.
      expect(button.getAttribute('aria-describedby')).toBeTruthy();
      await userEvent.click(button);
      await screen.findByText('Transaction updated');
      expect(calls).toHaveLength(1);
      expect(calls[0]?.input).toEqual({
        id: occurrence.id,
        title: 'Rent',
        type: 'EXPENSE',
        amount: 1000,
        category: 'Housing',
        date: '2026-04-10',
        paymentMethod: 'BANK_TRANSFER',
        description: null,
        scope,
      });
    });

    it('sends nothing when the question is cancelled, and keeps the edit in the form', async () => {
      const { drawer, scopeDialog, calls } = editDrawer(occurrence);
      await changeAmount(drawer, '1000');
      await userEvent.click(scopeDialog().getByRole('button', { name: 'Cancel', hidden: true }));
      expect(calls).toHaveLength(0);
      expect((drawer.getByLabelText('Amount') as HTMLInputElement).value).toBe('1000');
      // Closed, the question is gone and the drawer is still open.
      expect(screen.queryByRole('button', { name: 'Change only this one', hidden: true })).toBeNull();
      expect(drawer.getByRole('button', { name: 'Save transaction', hidden: true })).toBeTruthy();
    });

    it("asks for a series' template too, explaining that it changes the whole series", async () => {
      const template: Transaction = {
        ...occurrence,
        date: '2026-01-10',
        templateId: null,
        isRecurring: true,
        recurringInterval: 'MONTHLY',
        nextRecurringDate: '2026-07-10',
      };
      const { drawer, scopeDialog, calls } = editDrawer(template);
      await changeAmount(drawer, '990');
      expect(
        scopeDialog().getByText('Every transaction of this series changes, each keeping its own date.'),
      ).toBeTruthy();
      await userEvent.click(scopeDialog().getByRole('button', { name: 'This and future ones', hidden: true }));
      await screen.findByText('Transaction updated');
      expect(calls[0]?.input).toMatchObject({
        amount: 990,
        isRecurring: true,
        recurringInterval: 'MONTHLY',
        scope: 'future',
      });
    });
  });

  describe('choosing the account', () => {
    const ID = {
      main: '5d0c7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e01',
      savings: '5d0c7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e02',
      old: '5d0c7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e03',
      card: '5d0c7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e04',
    };
    const ledgerAccount = (id: string, name: string, position: number, extra: Partial<LedgerAccount> = {}) =>
      accountOf({ id, name, position, ...extra });
    // In the user's order; the default is not the first one.
    const accounts = [
      ledgerAccount(ID.savings, 'Savings', 0),
      ledgerAccount(ID.old, 'Old wallet', 1, { isArchived: true }),
      ledgerAccount(ID.main, 'Main account', 2, { isDefault: true }),
      ledgerAccount(ID.card, 'Visa', 3),
    ];
    const saved = ledgerTransaction({
      id: '7e6d5c4b-3a29-4817-b6a5-948372615a0b',
      title: 'Coffee',
      amount: 3.5,
      date: '2026-03-04',
      accountId: ID.main,
      createdAt: '2026-03-04T00:00:00.000Z',
      updatedAt: '2026-03-04T00:00:00.000Z',
    });

    function drawerWith(
      ledgerAccounts: LedgerAccount[],
      transaction: Transaction | null = null,
      newAccountId?: string,
    ) {
      const view = renderWithApi(
        <TransactionDrawer
          open
          transaction={transaction}
          timezone="UTC"
          currency="USD"
          locale="en-US"
          categories={[]}
          accounts={ledgerAccounts}
          newAccountId={newAccountId}
          onClose={() => {}}
        />,
        () => ({ data: transaction ?? { id: 'new' } }),
      );
      return { ...view, dialog: within(screen.getByRole('dialog', { hidden: true })) };
    }
    const accountSelect = (dialog: ReturnType<typeof drawerWith>['dialog']) =>
      dialog.getByLabelText('Account') as HTMLSelectElement;
    const optionNames = (select: HTMLSelectElement) => [...select.options].map((option) => option.textContent);

    it('offers the open accounts in their order and starts a new transaction in the default one', async () => {
      const { dialog, calls } = drawerWith(accounts);
      const select = accountSelect(dialog);
      expect(optionNames(select)).toEqual(['Savings', 'Main account', 'Visa']);
      expect(select.value).toBe(ID.main);
      await addExpense(dialog, '12');
      await save(dialog);
      await screen.findByText('Transaction added');
      expect(calls[0]?.input).toMatchObject({ title: 'Groceries', amount: 12, accountId: ID.main });
    });

    it("starts a new transaction in the list's filtered account, unless that one is archived", async () => {
      const { dialog, calls } = drawerWith(accounts, null, ID.card);
      expect(accountSelect(dialog).value).toBe(ID.card);
      await addExpense(dialog, '9');
      await save(dialog);
      await screen.findByText('Transaction added');
      expect(calls[0]?.input).toMatchObject({ amount: 9, accountId: ID.card });
      cleanup();
      const archived = drawerWith(accounts, null, ID.old);
      expect(accountSelect(archived.dialog).value).toBe(ID.main);
    });

    it('sends the account chosen', async () => {
      const { dialog, calls } = drawerWith(accounts);
      await userEvent.selectOptions(accountSelect(dialog), 'Savings');
      await addExpense(dialog, '40');
      await save(dialog);
      await screen.findByText('Transaction added');
      expect(calls[0]?.path).toBe('transaction.create');
      expect(calls[0]?.input).toMatchObject({ amount: 40, accountId: ID.savings });
    });

    it('has no account select when the user has one account, or one still open', () => {
      const only = ledgerAccount(ID.main, 'Main account', 0, { isDefault: true });
      drawerWith([only]);
      expect(screen.queryByLabelText('Account')).toBeNull();
      cleanup();
      drawerWith([only, ledgerAccount(ID.old, 'Old wallet', 1, { isArchived: true })]);
      expect(screen.queryByLabelText('Account')).toBeNull();
    });

    it("shows an edited row's archived account as its account, and leaves it there unless changed", async () => {
      const { dialog, calls } = drawerWith(accounts, { ...saved, accountId: ID.old });
      const select = accountSelect(dialog);
      expect(optionNames(select)).toEqual(['Savings', 'Old wallet (archived)', 'Main account', 'Visa']);
      expect(select.value).toBe(ID.old);
      await save(dialog);
      await screen.findByText('Transaction updated');
      expect(calls[0]?.input).not.toHaveProperty('accountId');
    });

    it('moves an edited row to the account chosen', async () => {
      const { dialog, calls } = drawerWith(accounts, saved);
      expect(accountSelect(dialog).value).toBe(ID.main);
      await userEvent.selectOptions(accountSelect(dialog), 'Visa');
      await save(dialog);
      await screen.findByText('Transaction updated');
      expect(calls[0]?.input).toMatchObject({ id: saved.id, accountId: ID.card });
    });

    it('offers no account change for one side of a transfer', async () => {
      const leg = { ...saved, category: 'Transfer', transferId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b' };
      const { dialog, calls } = drawerWith(accounts, leg);
      expect(dialog.queryByLabelText('Account')).toBeNull();
      await save(dialog);
      await screen.findByText('Transaction updated');
      expect(calls[0]?.input).not.toHaveProperty('accountId');
    });
  });
});
