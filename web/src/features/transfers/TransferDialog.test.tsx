import { type LedgerAccount, TRANSFER_MESSAGES, type Transaction, type Transfer } from '@finailytics/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import type { FakeAnswer } from '../../test/fake-server';
import { ledgerAccount, ledgerTransaction } from '../../test/ledger';
import { renderWithApi } from '../../test/render';
import { TransferDialog } from './TransferDialog';

function account(id: number, name: string, overrides: Partial<LedgerAccount> = {}): LedgerAccount {
  return ledgerAccount({
    id: `a0000000-0000-4000-8000-00000000000${id}`,
    name,
    balance: 1000,
    position: id,
    ...overrides,
  });
}

const checking = account(1, 'Checking', { isDefault: true });
const savings = account(2, 'Savings', { kind: 'SAVINGS' });
const card = account(3, 'Card', { kind: 'CREDIT_CARD' });
const oldWallet = account(4, 'Old wallet', { kind: 'CASH', isArchived: true });
const ACCOUNTS = [checking, savings, card, oldWallet];

function leg(overrides: Partial<Transaction>): Transaction {
  return ledgerTransaction({
    id: 't0000000-0000-4000-8000-000000000001',
    title: 'Transfer to Savings',
    description: 'Rainy day',
    amount: 250,
    category: 'Transfer',
    date: '2026-03-05',
    paymentMethod: 'BANK_TRANSFER',
    accountId: checking.id,
    transferId: 'f0000000-0000-4000-8000-000000000001',
    createdAt: '2026-03-05T10:00:00.000Z',
    updatedAt: '2026-03-05T10:00:00.000Z',
    ...overrides,
  });
}

const saved: Transfer = {
  id: 'f0000000-0000-4000-8000-000000000001',
  from: leg({}),
  to: leg({
    id: 't0000000-0000-4000-8000-000000000002',
    title: 'Transfer from Checking',
    type: 'INCOME',
    accountId: savings.id,
  }),
};

interface Options {
  transferId?: string;
  fromAccountId?: string;
  accounts?: LedgerAccount[];
  locale?: string;
  currency?: string;
  write?: (op: Operation) => FakeAnswer;
}

function renderDialog(options: Options = {}) {
  const onClose = vi.fn();
  const view = renderWithApi(
    <TransferDialog
      transferId={options.transferId ?? null}
      fromAccountId={options.fromAccountId}
      today="2026-03-20"
      currency={options.currency ?? 'USD'}
      locale={options.locale ?? 'en-US'}
      onClose={onClose}
    />,
    (op) => {
      if (op.path === 'account.list') return { data: options.accounts ?? ACCOUNTS };
      if (op.path === 'transaction.transfers') return { data: [saved] };
      if (op.type === 'mutation' && options.write) return options.write(op);
      return { data: saved };
    },
  );
  const dialog = () => within(screen.getByRole('dialog', { hidden: true }));
  const writes = () => view.calls.filter((call) => call.type === 'mutation');
  const save = () => userEvent.click(dialog().getByRole('button', { name: 'Save transfer', hidden: true }));
  const optionsOf = (label: string) =>
    within(dialog().getByLabelText(label))
      .getAllByRole('option', { hidden: true })
      .map((option) => option.textContent);
  /** The form, once the accounts (and a saved transfer) have loaded. */
  const ready = async () => {
    await screen.findByRole('button', { name: 'Save transfer', hidden: true });
    return dialog();
  };
  return { ...view, onClose, dialog, ready, writes, save, optionsOf };
}

describe('TransferDialog', () => {
  it('sends the accounts, the amount as typed in the person’s notation, today and the note', async () => {
    const { dialog, writes, save, onClose, ready } = renderDialog({
      fromAccountId: savings.id,
      locale: 'de-DE',
      currency: 'EUR',
    });
    await ready();
    expect((dialog().getByLabelText('From') as HTMLSelectElement).value).toBe(savings.id);
    expect((dialog().getByLabelText('Date') as HTMLInputElement).value).toBe('2026-03-20');
    await userEvent.selectOptions(dialog().getByLabelText('To'), card.id);
    await userEvent.type(dialog().getByLabelText('Amount'), '1.234,56');
    expect(dialog().getByTestId('transfer-amount-preview').textContent).toBe('= 1.234,56\u00a0€');
    await userEvent.type(dialog().getByLabelText('Note (optional)'), 'Card bill');
    await save();
    await screen.findByText('Transfer added');
    expect(writes().map((call) => [call.path, call.input])).toEqual([
      [
        'transaction.transfer',
        { fromAccountId: savings.id, toAccountId: card.id, amount: 1234.56, date: '2026-03-20', note: 'Card bill' },
      ],
    ]);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('starts from the default account, never offers an archived one, and picks the only other account', async () => {
    const two = renderDialog({ accounts: [checking, savings, oldWallet] });
    await two.ready();
    expect((two.dialog().getByLabelText('From') as HTMLSelectElement).value).toBe(checking.id);
    expect(two.optionsOf('From')).toEqual(['Checking', 'Savings']);
    expect((two.dialog().getByLabelText('To') as HTMLSelectElement).value).toBe(savings.id);
    await userEvent.type(two.dialog().getByLabelText('Amount'), '250');
    await two.save();
    await screen.findByText('Transfer added');
    expect(two.writes()[0]?.input).toEqual({
      fromAccountId: checking.id,
      toAccountId: savings.id,
      amount: 250,
      date: '2026-03-20',
      note: null,
    });
  });

  it('shows each problem beside its field and sends nothing', async () => {
    const { dialog, writes, save, ready } = renderDialog();
    await ready();
    await userEvent.clear(dialog().getByLabelText('Date'));
    await save();
    const errorOf = (label: string) => {
      const field = dialog().getByLabelText(label);
      const ids = (field.getAttribute('aria-describedby') ?? '').split(' ');
      return ids.map((id) => document.getElementById(id)?.textContent).join(' ');
    };
    expect(errorOf('To')).toBe('Choose the account the money goes to');
    expect(errorOf('Amount')).toBe('Amount is required');
    expect(errorOf('Date')).toBe('Date is required');
    expect(dialog().getByLabelText('Amount').getAttribute('aria-invalid')).toBe('true');
    expect(writes()).toHaveLength(0);

    // Fixing a field takes its error away.
    await userEvent.type(dialog().getByLabelText('Amount'), '12.5');
    expect(errorOf('Amount')).toBe('= $12.50');
    expect(dialog().getByLabelText('Amount').getAttribute('aria-invalid')).toBeNull();
  });

  it('refuses an amount the parser cannot read as one amount', async () => {
    const { dialog, writes, save, ready } = renderDialog({ accounts: [checking, savings] });
    await userEvent.type((await ready()).getByLabelText('Amount'), '3.5055');
    await save();
    expect(await dialog().findByText('"3.5055" has 4 decimals; an amount has at most 2')).toBeTruthy();
    expect(writes()).toHaveLength(0);
  });

  it('never offers the account the money leaves as where it goes, and clears "To" when "From" takes it', async () => {
    const { dialog, writes, save, optionsOf, ready } = renderDialog();
    await ready();
    expect(optionsOf('To')).toEqual(['Choose an account', 'Savings', 'Card']);
    await userEvent.selectOptions(dialog().getByLabelText('To'), savings.id);
    await userEvent.selectOptions(dialog().getByLabelText('From'), savings.id);
    expect((dialog().getByLabelText('To') as HTMLSelectElement).value).toBe('');
    expect(optionsOf('To')).toEqual(['Choose an account', 'Checking', 'Card']);
    await userEvent.type(dialog().getByLabelText('Amount'), '5');
    await save();
    expect(dialog().getByText('Choose the account the money goes to')).toBeTruthy();
    expect(writes()).toHaveLength(0);
  });

  it('shows the server’s same-account refusal under "To"', async () => {
    const { dialog, save, ready } = renderDialog({
      accounts: [checking, savings],
      write: () => ({ error: { code: 'BAD_REQUEST', message: TRANSFER_MESSAGES.sameAccount } }),
    });
    await userEvent.type((await ready()).getByLabelText('Amount'), '5');
    await save();
    const to = dialog().getByLabelText('To');
    await waitFor(() => expect(to.getAttribute('aria-invalid')).toBe('true'));
    const errorId = (to.getAttribute('aria-describedby') ?? '').split(' ')[0] ?? '';
    expect(document.getElementById(errorId)?.textContent).toBe(TRANSFER_MESSAGES.sameAccount);
  });

  it('edits a saved transfer: filled from its legs, sending only what changed', async () => {
    const { dialog, writes, save, onClose, ready } = renderDialog({ transferId: saved.id });
    const amount = (await ready()).getByLabelText('Amount') as HTMLInputElement;
    expect(screen.getByRole('dialog', { hidden: true, name: 'Edit transfer' })).toBeTruthy();
    expect(amount.value).toBe('250.00');
    expect((dialog().getByLabelText('From') as HTMLSelectElement).value).toBe(checking.id);
    expect((dialog().getByLabelText('To') as HTMLSelectElement).value).toBe(savings.id);
    expect((dialog().getByLabelText('Date') as HTMLInputElement).value).toBe('2026-03-05');
    expect((dialog().getByLabelText('Note (optional)') as HTMLInputElement).value).toBe('Rainy day');
    await userEvent.clear(amount);
    await userEvent.type(amount, '300');
    await userEvent.selectOptions(dialog().getByLabelText('To'), card.id);
    await save();
    await screen.findByText('Transfer updated');
    expect(writes().map((call) => [call.path, call.input])).toEqual([
      ['transaction.updateTransfer', { transferId: saved.id, toAccountId: card.id, amount: 300 }],
    ]);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes an unchanged edit without a call', async () => {
    const { writes, save, onClose, ready } = renderDialog({ transferId: saved.id });
    await ready();
    await save();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(writes()).toHaveLength(0);
  });
});
