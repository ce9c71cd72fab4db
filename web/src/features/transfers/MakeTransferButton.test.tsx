import { TRANSFER_MESSAGES } from '@finailytics/shared';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApi } from '../../test/render';
import { MakeTransferButton } from './MakeTransferButton';
import type { TransferCandidate } from './transfer-pair';

const expense: TransferCandidate = {
  id: 't0000000-0000-4000-8000-000000000001',
  type: 'EXPENSE',
  amount: 80,
  accountId: 'a0000000-0000-4000-8000-000000000001',
  transferId: null,
  isRecurring: false,
};
const income: TransferCandidate = {
  ...expense,
  id: 't0000000-0000-4000-8000-000000000002',
  type: 'INCOME',
  accountId: 'a0000000-0000-4000-8000-000000000002',
};

function renderButton(selected: TransferCandidate[]) {
  const onConverted = vi.fn();
  const view = renderWithApi(<MakeTransferButton selected={selected} onConverted={onConverted} />, (op) => {
    if (op.path === 'transaction.convertToTransfer') return { data: { id: 'f0000000-0000-4000-8000-000000000001' } };
    throw new Error(`unexpected call ${op.path}`);
  });
  return { ...view, onConverted, button: screen.getByRole('button', { name: 'Make transfer' }) };
}

describe('MakeTransferButton', () => {
  it('makes a qualifying expense and income one transfer, then clears the selection', async () => {
    const { button, calls, onConverted } = renderButton([income, expense]);
    expect(button.getAttribute('aria-disabled')).toBeNull();
    expect(button.getAttribute('title')).toBeNull();
    await userEvent.click(button);
    await screen.findByText('Transfer made');
    expect(calls.map((call) => [call.path, call.input])).toEqual([
      ['transaction.convertToTransfer', { expenseId: expense.id, incomeId: income.id }],
    ]);
    expect(onConverted).toHaveBeenCalledTimes(1);
  });

  it('stays reachable but off for a pair that does not qualify, and says why', async () => {
    const { button, calls, onConverted } = renderButton([expense, { ...income, amount: 81 }]);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.getAttribute('title')).toBe(TRANSFER_MESSAGES.convertAmounts);
    const described = document.getElementById(button.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe(TRANSFER_MESSAGES.convertAmounts);
    await userEvent.click(button);
    expect(calls).toHaveLength(0);
    expect(onConverted).not.toHaveBeenCalled();
  });
});
