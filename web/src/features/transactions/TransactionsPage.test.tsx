import type { LedgerAccount, Transaction } from '@finailytics/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { ledgerAccount as accountOf, ledgerTransaction } from '../../test/ledger';
import { renderWithApi } from '../../test/render';
import TransactionsPage from './TransactionsPage';

const ID = {
  main: '2c9e4b1a-7d3f-4e6a-9b8c-1d2e3f4a5b01',
  savings: '2c9e4b1a-7d3f-4e6a-9b8c-1d2e3f4a5b02',
  old: '2c9e4b1a-7d3f-4e6a-9b8c-1d2e3f4a5b03',
  deleted: '2c9e4b1a-7d3f-4e6a-9b8c-1d2e3f4a5b99',
};

function ledgerAccount(id: string, name: string, position: number, extra: Partial<LedgerAccount> = {}): LedgerAccount {
  return accountOf({ id, name, position, ...extra });
}

const threeAccounts = [
  ledgerAccount(ID.main, 'Main account', 0, { isDefault: true }),
  ledgerAccount(ID.old, 'Old wallet', 1, { isArchived: true }),
  ledgerAccount(ID.savings, 'Savings', 2),
];

function transaction(title: string, accountId: string, description: string | null = null): Transaction {
  return ledgerTransaction({
    id: `9d8c7b6a-5f4e-4d3c-8b2a-${String(title.length).padStart(12, '0')}`,
    title,
    description,
    accountId,
  });
}

const rows = [transaction('Bakery', ID.main, 'Bread'), transaction('Deposit box', ID.savings)];

function api(accounts: LedgerAccount[]) {
  return (op: Operation): FakeAnswer => {
    switch (op.path) {
      case 'user.me':
        return { data: { id: 'u1', name: 'Ada', email: 'ada@example.com', currency: 'USD', timezone: 'UTC' } };
      case 'account.list':
        return { data: accounts };
      case 'category.list':
        return { data: [] };
      case 'transaction.list':
        return {
          data: { items: rows, pagination: { page: 1, pageSize: 20, totalCount: rows.length, totalPages: 1 } },
        };
      case 'transaction.exportCsv':
        return { data: 'Title,Type,Amount\n' };
      case 'transaction.totals':
        return { data: { count: rows.length, income: 0, expenses: 20, net: -20 } };
      default:
        throw new Error(`unexpected call ${op.path}`);
    }
  };
}

/** Where the page has put its filters. */
function Search() {
  return <output data-testid="search">{useLocation().search}</output>;
}

function renderPage(accounts: LedgerAccount[], route = '/transactions') {
  const view = renderWithApi(
    <>
      <TransactionsPage />
      <Search />
    </>,
    api(accounts),
    route,
  );
  const inputsOf = (path: string) =>
    view.calls.filter((call) => call.path === path).map((call) => (call.input as { accountId?: string }).accountId);
  return { ...view, inputsOf, search: () => screen.getByTestId('search').textContent };
}

const table = async () => within(await screen.findByRole('table'));

beforeEach(() => {
  session.set({ accessToken: 'token', expiresAt: new Date(Date.now() + 60_000).toISOString() });
});
afterEach(() => {
  session.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Lets the export's download run in a page without files: the CSV is handed over and nothing navigates. */
function allowDownloads() {
  // A subclass, so the stub goes away with the global and the real URL is never changed.
  class DownloadableURL extends URL {
    static override createObjectURL = () => 'blob:csv';
    static override revokeObjectURL = () => {};
  }
  vi.stubGlobal('URL', DownloadableURL);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
}

describe('TransactionsPage: the account filter', () => {
  it('lists every account in the filter, archived ones after the open ones and marked', async () => {
    renderPage(threeAccounts);
    const select = (await screen.findByRole('combobox', { name: 'Account' })) as HTMLSelectElement;
    expect([...select.options].map((option) => option.textContent)).toEqual([
      'All accounts',
      'Main account',
      'Savings',
      'Old wallet (archived)',
    ]);
  });

  it('sends ?account= to the list, the totals and the export, and names it in a removable chip', async () => {
    const { calls, inputsOf, search } = renderPage(threeAccounts, `/transactions?account=${ID.savings}&page=2`);
    const chip = await screen.findByRole('button', { name: 'Remove the account filter (Savings)' });
    expect(chip.parentElement?.textContent).toBe('Account: Savings');
    expect((screen.getByRole('combobox', { name: 'Account' }) as HTMLSelectElement).value).toBe(ID.savings);
    expect(calls.find((call) => call.path === 'transaction.list')?.input).toMatchObject({
      accountId: ID.savings,
      page: 2,
    });
    expect(inputsOf('transaction.totals')).toEqual([ID.savings]);
    allowDownloads();
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(inputsOf('transaction.exportCsv')).toEqual([ID.savings]));

    await userEvent.click(chip);
    await waitFor(() => expect(inputsOf('transaction.list').at(-1)).toBeUndefined());
    expect(inputsOf('transaction.totals').at(-1)).toBeUndefined();
    expect(search()).toBe('');
    expect(screen.queryByRole('button', { name: /Remove the account filter/ })).toBeNull();
    expect((screen.getByRole('combobox', { name: 'Account' }) as HTMLSelectElement).value).toBe('');
  });

  it('filters by the account picked in the filter bar', async () => {
    const { inputsOf, search } = renderPage(threeAccounts);
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Account' }), 'Old wallet (archived)');
    await waitFor(() => expect(inputsOf('transaction.list').at(-1)).toBe(ID.old));
    expect(search()).toBe(`?account=${ID.old}`);
    expect(await screen.findByRole('button', { name: 'Remove the account filter (Old wallet)' })).toBeTruthy();
  });

  it.each([
    { case: 'a deleted account', id: ID.deleted },
    { case: 'a mistyped id', id: 'not-an-id' },
  ])('drops $case from the address and lists every account', async ({ id }) => {
    const { inputsOf, search } = renderPage(threeAccounts, `/transactions?account=${id}&type=EXPENSE`);
    await waitFor(() => expect(search()).toBe('?type=EXPENSE'));
    expect(await (await table()).findByText('Bakery')).toBeTruthy();
    expect(inputsOf('transaction.list').at(-1)).toBeUndefined();
    // A mistyped id never reaches the server, where it would be refused.
    if (id === 'not-an-id') expect(inputsOf('transaction.list')).not.toContain(id);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('has no account filter, and no account on the rows, for a user with one account', async () => {
    const { inputsOf, search } = renderPage(
      [ledgerAccount(ID.main, 'Main account', 0, { isDefault: true })],
      `/transactions?account=${ID.main}`,
    );
    await waitFor(() => expect(search()).toBe(''));
    expect(await (await table()).findByText('Bakery')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Account' })).toBeNull();
    expect(screen.queryByText('Main account')).toBeNull();
    expect(inputsOf('transaction.list').at(-1)).toBeUndefined();
  });
});

describe("TransactionsPage: each row's account", () => {
  it('names the account under the title and in the card when the list holds several', async () => {
    renderPage(threeAccounts);
    const bakeryRow = (await (await table()).findByText('Bakery')).closest('tr') as HTMLElement;
    expect(within(bakeryRow).getByText('Main account').className).toBe('tx-account');
    // Beside the description, not in place of it.
    expect(bakeryRow.querySelector('.cell-sub')?.textContent).toBe('Main account · Bread');
    const depositRow = (await table()).getByText('Deposit box').closest('tr') as HTMLElement;
    expect(depositRow.querySelector('.cell-sub')?.textContent).toBe('Savings');
    const cards = within(screen.getByRole('list'));
    expect(cards.getByRole('button', { name: /^Edit Deposit box/ }).querySelector('.sub')?.textContent).toContain(
      ' · Savings',
    );
  });

  it('leaves the account out while the list is filtered to one', async () => {
    renderPage(threeAccounts, `/transactions?account=${ID.savings}`);
    await screen.findByRole('button', { name: 'Remove the account filter (Savings)' });
    const bakeryRow = (await (await table()).findByText('Bakery')).closest('tr') as HTMLElement;
    expect(bakeryRow.querySelector('.cell-sub')?.textContent).toBe('Bread');
    expect((await table()).getByText('Deposit box').closest('tr')?.querySelector('.cell-sub')).toBeNull();
    expect(screen.getByRole('list').querySelector('.tx-account')).toBeNull();
  });
});
