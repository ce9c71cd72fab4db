import type { LedgerAccount, ReconcileStatus, Transaction } from '@finailytics/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { AccountRegister } from './AccountRegister';

const ACCOUNT_ID = '0a6c1a8e-5a0d-4c1e-9d6a-1f1e2d3c4b11';

const checking: LedgerAccount = {
  id: ACCOUNT_ID,
  name: 'Checking',
  kind: 'CHECKING',
  currency: 'USD',
  openingBalance: 100,
  openingDate: '2026-01-01',
  balance: 60,
  transactionCount: 3,
  isArchived: false,
  isDefault: true,
  position: 0,
};

function transaction(title: string, amount: number, clearedAt: string | null = null): Transaction {
  return {
    id: `tx-${title}`,
    title,
    amount,
    type: 'EXPENSE',
    category: 'Groceries',
    date: '2026-03-02',
    accountId: ACCOUNT_ID,
    transferId: null,
    clearedAt,
  } as Transaction;
}

/**
 * A server that keeps which rows are cleared: setCleared changes them, the list and the reconcile
 * status read them (opening balance 100, every row an expense).
 */
function ledger(rows: Transaction[], overrides: Record<string, (op: Operation) => FakeAnswer> = {}) {
  const cleared = new Set(rows.filter((row) => row.clearedAt !== null).map((row) => row.id));
  return (op: Operation): FakeAnswer => {
    const override = overrides[op.path];
    if (override) return override(op);
    switch (op.path) {
      case 'account.list':
        return { data: [checking] };
      case 'transaction.list':
        return {
          data: {
            items: rows.map((row) => ({ ...row, clearedAt: cleared.has(row.id) ? '2026-03-05T10:00:00.000Z' : null })),
            pagination: { page: 1, pageSize: 20, totalCount: rows.length, totalPages: 1 },
          },
        };
      case 'transaction.setCleared': {
        const input = op.input as { ids: string[]; cleared: boolean };
        for (const id of input.ids) {
          if (input.cleared) cleared.add(id);
          else cleared.delete(id);
        }
        return { data: { updatedCount: input.ids.length } };
      }
      case 'account.reconcileStatus': {
        const { statementBalance } = op.input as { statementBalance: number };
        const spent = rows.filter((row) => cleared.has(row.id)).reduce((sum, row) => sum + row.amount * 100, 0);
        const clearedBalance = (100 * 100 - spent) / 100;
        const status: ReconcileStatus = {
          accountId: ACCOUNT_ID,
          statementBalance,
          clearedBalance,
          difference: Math.round((statementBalance - clearedBalance) * 100) / 100,
          clearedCount: cleared.size,
          unclearedCount: rows.length - cleared.size,
        };
        return { data: status };
      }
      default:
        throw new Error(`unexpected call ${op.path}`);
    }
  };
}

const callsTo = (calls: Operation[], path: string) => calls.filter((call) => call.path === path);

beforeEach(() => {
  session.set({ accessToken: 'token', expiresAt: new Date(Date.now() + 60_000).toISOString() });
});
afterEach(() => {
  session.clear();
  vi.restoreAllMocks();
});

describe('AccountRegister: reconciling', () => {
  it('ticks one row cleared with setCleared and shows it pressed', async () => {
    const { calls } = renderWithApi(
      <AccountRegister account={checking} today="2026-03-10" />,
      ledger([transaction('Coffee', 4.5), transaction('Rent', 900)]),
    );
    const toggle = await screen.findByRole('button', { name: 'Mark Coffee cleared' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(callsTo(calls, 'transaction.setCleared')).toHaveLength(1));
    expect(callsTo(calls, 'transaction.setCleared')[0]?.input).toEqual({ ids: ['tx-Coffee'], cleared: true });
    // The refetched page agrees with the server, and the other row is untouched.
    await waitFor(() => expect(callsTo(calls, 'transaction.list').length).toBeGreaterThan(1));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Mark Coffee cleared' }).getAttribute('aria-pressed')).toBe('true'),
    );
    expect(screen.getByRole('button', { name: 'Mark Rent cleared' }).getAttribute('aria-pressed')).toBe('false');

    await userEvent.click(screen.getByRole('button', { name: 'Mark Coffee cleared' }));
    await waitFor(() => expect(callsTo(calls, 'transaction.setCleared')).toHaveLength(2));
    expect(callsTo(calls, 'transaction.setCleared')[1]?.input).toEqual({ ids: ['tx-Coffee'], cleared: false });
    expect(screen.getByRole('button', { name: 'Mark Coffee cleared' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('puts a refused tick back and says why in a toast', async () => {
    renderWithApi(
      <AccountRegister account={checking} today="2026-03-10" />,
      ledger([transaction('Coffee', 4.5)], {
        'transaction.setCleared': () => ({
          error: { code: 'NOT_FOUND', message: '1 of the selected transactions were not found' },
        }),
      }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Mark Coffee cleared' }));
    expect(await screen.findByText('1 of the selected transactions were not found')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Mark Coffee cleared' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('reads a German statement balance, asks for 1234.56 and shows the account reconciled', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    const euros = { ...checking, currency: 'EUR', openingBalance: 1234.56 };
    const { calls } = renderWithApi(
      <AccountRegister account={euros} today="2026-03-10" />,
      ledger([transaction('Miete', 700)], {
        'account.reconcileStatus': (op) => {
          const { statementBalance } = op.input as { statementBalance: number };
          return {
            data: {
              accountId: ACCOUNT_ID,
              statementBalance,
              clearedBalance: 1234.56,
              difference: Math.round((statementBalance - 1234.56) * 100) / 100,
              clearedCount: 0,
              unclearedCount: 1,
            } satisfies ReconcileStatus,
          };
        },
      }),
    );
    await screen.findByText('Miete');
    const open = screen.getByRole('button', { name: 'Reconcile' });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByRole('region', { name: 'Reconcile with a statement' });
    // German writes euros with a no-break space before the sign.
    // Before a balance is typed: the cleared balance and counts, no difference.
    expect(await within(panel).findByText('1.234,56 €')).toBeTruthy();
    expect(within(panel).getByTestId('reconcile-difference').textContent).toBe('—');
    expect(within(panel).getByTestId('uncleared-count').textContent).toBe('1');

    await userEvent.type(within(panel).getByLabelText('Statement balance (EUR)'), '1.234,56');
    expect(within(panel).getByTestId('amount-preview').textContent).toBe('= 1.234,56\u00a0€');
    await waitFor(() => expect(within(panel).getByTestId('reconcile-result').textContent).toMatch(/^Reconciled/));
    expect(within(panel).getByTestId('reconcile-difference').textContent).toBe('0,00\u00a0€');
    expect(callsTo(calls, 'account.reconcileStatus').at(-1)?.input).toEqual({
      accountId: ACCOUNT_ID,
      statementBalance: 1234.56,
    });

    // A statement a little higher: the gap in words, not a bare signed number.
    await userEvent.clear(within(panel).getByLabelText('Statement balance (EUR)'));
    await userEvent.type(within(panel).getByLabelText('Statement balance (EUR)'), '1.247,06');
    await waitFor(() =>
      expect(within(panel).getByTestId('reconcile-result').textContent).toBe(
        '12,50\u00a0€ more on the statement than cleared',
      ),
    );
    // A card in debt: a negative statement balance is read and asked as typed.
    await userEvent.clear(within(panel).getByLabelText('Statement balance (EUR)'));
    await userEvent.type(within(panel).getByLabelText('Statement balance (EUR)'), '-20,00');
    await waitFor(() =>
      expect(within(panel).getByTestId('reconcile-result').textContent).toBe(
        '1.254,56\u00a0€ less on the statement than cleared',
      ),
    );
    expect(callsTo(calls, 'account.reconcileStatus').at(-1)?.input).toEqual({
      accountId: ACCOUNT_ID,
      statementBalance: -20,
    });
  });

  it('follows a toggled row in the cleared balance and counts', async () => {
    renderWithApi(
      <AccountRegister account={checking} today="2026-03-10" />,
      ledger([transaction('Coffee', 4.5), transaction('Rent', 900)]),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Reconcile' }));
    const panel = screen.getByRole('region', { name: 'Reconcile with a statement' });
    await userEvent.type(within(panel).getByLabelText('Statement balance (USD)'), '95.50');
    await waitFor(() =>
      expect(within(panel).getByTestId('reconcile-result').textContent).toBe(
        '$4.50 less on the statement than cleared',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Mark Coffee cleared' }));
    await waitFor(() => expect(within(panel).getByTestId('reconcile-result').textContent).toMatch(/^Reconciled/));
    expect(within(panel).getByTestId('cleared-balance').textContent).toBe('$95.50');
    expect(within(panel).getByTestId('cleared-count').textContent).toBe('1');
    expect(within(panel).getByTestId('uncleared-count').textContent).toBe('1');
  });

  it('marks every uncleared row shown cleared in one call', async () => {
    const { calls } = renderWithApi(
      <AccountRegister account={checking} today="2026-03-10" />,
      ledger([
        transaction('Coffee', 4.5),
        transaction('Rent', 900, '2026-03-04T09:00:00.000Z'),
        transaction('Bakery', 3.2),
      ]),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Reconcile' }));
    const panel = screen.getByRole('region', { name: 'Reconcile with a statement' });
    expect(within(panel).getByText('2 of the 3 rows shown are not cleared.')).toBeTruthy();
    await userEvent.click(within(panel).getByRole('button', { name: 'Mark all shown cleared' }));
    await waitFor(() => expect(callsTo(calls, 'transaction.setCleared')).toHaveLength(1));
    expect(callsTo(calls, 'transaction.setCleared')[0]?.input).toEqual({
      ids: ['tx-Coffee', 'tx-Bakery'],
      cleared: true,
    });
    for (const title of ['Coffee', 'Rent', 'Bakery']) {
      expect(screen.getByRole('button', { name: `Mark ${title} cleared` }).getAttribute('aria-pressed')).toBe('true');
    }
    expect(await within(panel).findByText('Every row shown is cleared.')).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Mark all shown cleared' })).toHaveProperty('disabled', true);
    await waitFor(() => expect(within(panel).getByTestId('cleared-count').textContent).toBe('3'));
  });
});
