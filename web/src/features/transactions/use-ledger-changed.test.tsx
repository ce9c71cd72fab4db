import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { trpc } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { useLedgerChanged } from './use-ledger-changed';

/** Reads what a ledger write makes stale, as the overview and the Budgets page do, and writes once. */
function LedgerReader() {
  const status = trpc.budget.status.useQuery({});
  const alerts = trpc.budget.alerts.useQuery();
  const ledgerChanged = useLedgerChanged();
  return (
    <>
      <output data-testid="spent">{status.data?.overall?.spent ?? ''}</output>
      <output data-testid="alerts">{alerts.data ? alerts.data.length : ''}</output>
      <button type="button" onClick={ledgerChanged}>
        Save
      </button>
    </>
  );
}

/** Reads an account's balance, as the Accounts page and the overview's accounts card do. */
function BalanceReader() {
  const accounts = trpc.account.list.useQuery();
  const ledgerChanged = useLedgerChanged();
  return (
    <>
      <output data-testid="balance">{accounts.data?.[0]?.balance ?? ''}</output>
      <button type="button" onClick={ledgerChanged}>
        Save
      </button>
    </>
  );
}

describe('useLedgerChanged', () => {
  it('refetches account balances (net worth with them) after a ledger write such as a transfer', async () => {
    let balance = 100;
    const { calls } = renderWithApi(<BalanceReader />, (op: Operation): FakeAnswer => {
      if (op.path === 'account.list') return { data: [{ id: 'a', name: 'Savings', balance }] };
      throw new Error(`unexpected call ${op.path}`);
    });
    await waitFor(() => expect(screen.getByTestId('balance').textContent).toBe('100'));
    balance = 350;
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('balance').textContent).toBe('350'));
    expect(calls.filter((call) => call.path === 'account.list')).toHaveLength(2);
  });

  it('refetches the budgets’ status and alerts after a ledger write', async () => {
    let spent = 40;
    const { calls } = renderWithApi(<LedgerReader />, (op: Operation): FakeAnswer => {
      if (op.path === 'budget.status') return { data: { date: '2026-03-20', overall: { spent }, items: [] } };
      if (op.path === 'budget.alerts') return { data: spent > 100 ? [{ id: 'alert' }] : [] };
      throw new Error(`unexpected call ${op.path}`);
    });
    await waitFor(() => expect(screen.getByTestId('spent').textContent).toBe('40'));
    expect(screen.getByTestId('alerts').textContent).toBe('0');
    const count = (path: string) => calls.filter((call) => call.path === path).length;
    expect([count('budget.status'), count('budget.alerts')]).toEqual([1, 1]);

    spent = 140;
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('spent').textContent).toBe('140'));
    await waitFor(() => expect(screen.getByTestId('alerts').textContent).toBe('1'));
    expect([count('budget.status'), count('budget.alerts')]).toEqual([2, 2]);
  });
});
