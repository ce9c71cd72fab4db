import type { LedgerAccount, Transaction } from '@finailytics/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { ledgerAccount } from '../../test/ledger';
import { renderWithApi } from '../../test/render';
import AccountsPage from './AccountsPage';

const ID = {
  checking: '0a6c1a8e-5a0d-4c1e-9d6a-1f1e2d3c4b01',
  savings: '0a6c1a8e-5a0d-4c1e-9d6a-1f1e2d3c4b02',
  card: '0a6c1a8e-5a0d-4c1e-9d6a-1f1e2d3c4b03',
  old: '0a6c1a8e-5a0d-4c1e-9d6a-1f1e2d3c4b04',
};

function account(overrides: Partial<LedgerAccount> & Pick<LedgerAccount, 'id' | 'name' | 'kind'>): LedgerAccount {
  return ledgerAccount(overrides);
}

const accounts: LedgerAccount[] = [
  account({
    id: ID.checking,
    name: 'Checking',
    kind: 'CHECKING',
    balance: 1200.5,
    isDefault: true,
    transactionCount: 3,
  }),
  account({ id: ID.savings, name: 'Savings', kind: 'SAVINGS', balance: 5000, position: 1 }),
  account({ id: ID.card, name: 'Visa', kind: 'CREDIT_CARD', balance: -300.25, position: 2, transactionCount: 2 }),
  account({ id: ID.old, name: 'Old cash', kind: 'CASH', balance: 10, isArchived: true, position: 3 }),
];

function transaction(title: string, amount: number): Transaction {
  return {
    id: `tx-${title}`,
    title,
    amount,
    type: 'EXPENSE',
    category: 'Groceries',
    date: '2026-03-02',
    accountId: ID.checking,
    transferId: null,
    clearedAt: null,
  } as Transaction;
}

function api(overrides: Record<string, (op: Operation) => FakeAnswer> = {}) {
  return (op: Operation): FakeAnswer => {
    const override = overrides[op.path];
    if (override) return override(op);
    switch (op.path) {
      case 'user.me':
        return { data: { id: 'u1', name: 'Ada', email: 'ada@example.com', currency: 'USD', timezone: 'UTC' } };
      case 'account.list':
        return { data: accounts };
      default:
        throw new Error(`unexpected call ${op.path}`);
    }
  };
}

beforeEach(() => {
  session.set({ accessToken: 'token', expiresAt: new Date(Date.now() + 60_000).toISOString() });
});
afterEach(() => {
  session.clear();
  vi.restoreAllMocks();
});

describe('AccountsPage', () => {
  it('groups open accounts into assets and liabilities with totals, and folds archived ones away', async () => {
    renderWithApi(<AccountsPage />, api());
    const assets = await screen.findByRole('region', { name: 'Assets' });
    expect(
      within(assets)
        .getAllByTestId('account-row')
        .map((row) => row.querySelector('.account-name')?.textContent),
    ).toEqual(['Checking', 'Savings']);
    // Archived money still counts, as in the server's net worth: 1,200.50 + 5,000 + 10.
    expect(screen.getByTestId('assets-total').textContent).toBe('Total $6,210.50');
    expect(screen.getByTestId('liabilities-total').textContent).toBe('Owed $300.25');
    expect(screen.getByTestId('net-worth').textContent).toBe('$5,910.25');
    const liabilities = screen.getByRole('region', { name: 'Liabilities' });
    expect(within(liabilities).getByText('-$300.25')).toBeTruthy();
    const archived = screen.getByText('Archived (1)').closest('details');
    expect(archived?.open).toBe(false);
    expect(
      within(archived as HTMLElement).getByRole('button', { name: 'Unarchive Old cash', hidden: true }),
    ).toBeTruthy();
    // The default account can be neither archived nor deleted.
    expect(within(assets).queryByRole('button', { name: 'Archive Checking' })).toBeNull();
    expect(within(assets).queryByRole('button', { name: 'Delete Checking' })).toBeNull();
  });

  it('reads an opening balance typed with a decimal comma in German', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    const { calls } = renderWithApi(<AccountsPage />, api({ 'account.create': () => ({ data: accounts[1] }) }));
    await screen.findByRole('region', { name: 'Assets' });
    await userEvent.click(screen.getByRole('button', { name: 'Add account' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an account' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Tagesgeld');
    await userEvent.selectOptions(within(dialog).getByLabelText('Type'), 'SAVINGS');
    await userEvent.type(within(dialog).getByLabelText('Opening balance (USD)'), '1.234,56');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(calls.some((call) => call.path === 'account.create')).toBe(true));
    const input = calls.find((call) => call.path === 'account.create')?.input as Record<string, unknown>;
    expect(input).toMatchObject({ name: 'Tagesgeld', kind: 'SAVINGS', openingBalance: 1234.56 });
    expect(input.openingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses an opening balance with more than two decimals before sending it', async () => {
    const { calls } = renderWithApi(<AccountsPage />, api());
    await screen.findByRole('region', { name: 'Assets' });
    await userEvent.click(screen.getByRole('button', { name: 'Add account' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an account' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Broker');
    await userEvent.type(within(dialog).getByLabelText('Opening balance (USD)'), '10.123');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('decimals');
    expect(calls.some((call) => call.path === 'account.create')).toBe(false);
  });

  it('moves an account up among its group and sends the whole new order', async () => {
    const { calls } = renderWithApi(<AccountsPage />, api({ 'account.reorder': () => ({ data: accounts }) }));
    const assets = await screen.findByRole('region', { name: 'Assets' });
    expect(within(assets).getByRole('button', { name: 'Move Checking up' })).toHaveProperty('disabled', true);
    const liabilities = screen.getByRole('region', { name: 'Liabilities' });
    expect(within(liabilities).getByRole('button', { name: 'Move Visa down' })).toHaveProperty('disabled', true);
    within(assets).getByRole('button', { name: 'Move Savings up' }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(calls.some((call) => call.path === 'account.reorder')).toBe(true));
    expect(calls.find((call) => call.path === 'account.reorder')?.input).toEqual({
      ids: [ID.savings, ID.checking, ID.card, ID.old],
    });
  });

  it('archives, unarchives and makes an account the default with the account named in each call', async () => {
    const { calls } = renderWithApi(
      <AccountsPage />,
      api({
        'account.archive': () => ({ data: accounts[1] }),
        'account.setDefault': () => ({ data: accounts[1] }),
      }),
    );
    const assets = await screen.findByRole('region', { name: 'Assets' });
    await userEvent.click(within(assets).getByRole('button', { name: 'Archive Savings' }));
    await waitFor(() => expect(calls.filter((call) => call.path === 'account.archive')).toHaveLength(1));
    await userEvent.click(screen.getByText('Archived (1)'));
    await userEvent.click(screen.getByRole('button', { name: 'Unarchive Old cash' }));
    await waitFor(() => expect(calls.filter((call) => call.path === 'account.archive')).toHaveLength(2));
    expect(calls.filter((call) => call.path === 'account.archive').map((call) => call.input)).toEqual([
      { id: ID.savings, archived: true },
      { id: ID.old, archived: false },
    ]);
    await userEvent.click(within(assets).getByRole('button', { name: 'Make default for Savings' }));
    await waitFor(() => expect(calls.some((call) => call.path === 'account.setDefault')).toBe(true));
    expect(calls.find((call) => call.path === 'account.setDefault')?.input).toEqual({ id: ID.savings });
  });

  it('asks where the transactions go before deleting an account that has some', async () => {
    const { calls } = renderWithApi(
      <AccountsPage />,
      api({ 'account.delete': () => ({ data: { moved: 2, transfersRemoved: 1 } }) }),
    );
    const liabilities = await screen.findByRole('region', { name: 'Liabilities' });
    await userEvent.click(within(liabilities).getByRole('button', { name: 'Delete Visa' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Visa' });
    expect(dialog.textContent).toContain('Visa has 2 transactions.');
    expect(dialog.textContent).toContain('Transfers between the two accounts are deleted with it');
    const target = within(dialog).getByLabelText('Move its transactions to');
    // Archived accounts are not offered.
    expect(within(target).queryByRole('option', { name: 'Old cash' })).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Move and delete' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Choose where its transactions go');
    await userEvent.selectOptions(target, ID.savings);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Move and delete' }));
    await waitFor(() => expect(calls.some((call) => call.path === 'account.delete')).toBe(true));
    expect(calls.find((call) => call.path === 'account.delete')?.input).toEqual({ id: ID.card, moveTo: ID.savings });
    expect(await screen.findByText('Visa deleted, with 1 transfer between the two accounts')).toBeTruthy();
  });

  it("shows a chosen account's transactions, newest first, with a link to the filtered list", async () => {
    const { calls } = renderWithApi(
      <AccountsPage />,
      api({
        'transaction.list': () => ({
          data: {
            items: [transaction('Bakery', 4.2), transaction('Market', 31)],
            pagination: { page: 1, pageSize: 20, totalCount: 2, totalPages: 1 },
          },
        }),
      }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Checking' }));
    const register = await screen.findByTestId('account-register');
    expect(await within(register).findByText('Bakery')).toBeTruthy();
    expect(within(register).getByText('−$4.20', { exact: false })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Checking' }).getAttribute('aria-pressed')).toBe('true');
    expect(calls.find((call) => call.path === 'transaction.list')?.input).toEqual({
      accountId: ID.checking,
      page: 1,
      pageSize: 20,
      sortBy: 'date',
      sortDir: 'desc',
    });
    expect(within(register).getByRole('link', { name: 'Open in Transactions' }).getAttribute('href')).toBe(
      `/transactions?account=${ID.checking}`,
    );
  });
});
