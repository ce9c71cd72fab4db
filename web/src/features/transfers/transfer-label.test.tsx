import type { LedgerAccount, Transaction } from '@finailytics/shared';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ledgerTransaction } from '../../test/ledger';
import { TransactionTable } from '../transactions/TransactionTable';
import { routeOf, transferLabel } from './transfer-label';

const CHECKING = 'a0000000-0000-4000-8000-000000000001';
const SAVINGS = 'a0000000-0000-4000-8000-000000000002';
const accounts: Pick<LedgerAccount, 'id' | 'name'>[] = [
  { id: CHECKING, name: 'Checking' },
  { id: SAVINGS, name: 'Savings' },
];

function row(overrides: Partial<Transaction>): Transaction {
  return ledgerTransaction({
    id: 't0000000-0000-4000-8000-000000000001',
    title: 'Groceries',
    amount: 42,
    date: '2026-03-05',
    accountId: CHECKING,
    createdAt: '2026-03-05T10:00:00.000Z',
    updatedAt: '2026-03-05T10:00:00.000Z',
    ...overrides,
  });
}

const out = row({
  id: 't0000000-0000-4000-8000-000000000002',
  title: 'Transfer to Savings',
  amount: 250,
  category: 'Transfer',
  paymentMethod: 'BANK_TRANSFER',
  transferId: 'f0000000-0000-4000-8000-000000000001',
});
const back = { ...out, id: 't0000000-0000-4000-8000-000000000003', type: 'INCOME' as const, accountId: SAVINGS };

describe('transfer leg labels', () => {
  it('name both accounts, the money’s direction, or just "Transfer" while they are unknown', () => {
    expect(routeOf({ from: out, to: back }, accounts)).toEqual({ from: 'Checking', to: 'Savings' });
    expect(transferLabel({ from: 'Checking', to: 'Savings' })).toBe('Transfer · Checking → Savings');
    expect(routeOf({ from: out, to: back }, accounts.slice(0, 1))).toBeNull();
    expect(transferLabel(null)).toBe('Transfer');
  });

  it('take the place of the category chip in the table, and a leg offers no Duplicate', () => {
    const groceries = row({});
    render(
      <TransactionTable
        items={[out, groceries]}
        currency="USD"
        sort={{ by: 'date', dir: 'desc' }}
        onSort={() => {}}
        selected={new Set()}
        onSelectedChange={() => {}}
        busy={false}
        onEdit={() => {}}
        onDuplicate={() => {}}
        onDelete={() => {}}
        transferRouteOf={(item) => (item.transferId ? { from: 'Checking', to: 'Savings' } : null)}
      />,
    );
    const [legRow, otherRow] = screen.getAllByRole('row').slice(1);
    if (!legRow || !otherRow) throw new Error('two rows expected');
    expect(within(legRow).getByTestId('transfer-label').textContent).toBe('Transfer · Checking → Savings');
    expect(within(legRow).queryByText('Transfer', { exact: true })).toBeNull();
    expect(within(legRow).queryByRole('button', { name: 'Duplicate Transfer to Savings' })).toBeNull();
    expect(within(legRow).getByRole('button', { name: 'Delete Transfer to Savings' })).toBeTruthy();
    expect(within(otherRow).queryByTestId('transfer-label')).toBeNull();
    expect(within(otherRow).getByText('Food').className).toBe('badge');
    expect(within(otherRow).getByRole('button', { name: 'Duplicate Groceries' })).toBeTruthy();
  });
});
