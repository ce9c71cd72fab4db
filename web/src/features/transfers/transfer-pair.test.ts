import { TRANSFER_MESSAGES } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { TRANSFER_PAIR_REASONS, type TransferCandidate, transferPairOf } from './transfer-pair';

const CHECKING = 'a0000000-0000-4000-8000-000000000001';
const SAVINGS = 'a0000000-0000-4000-8000-000000000002';

const expense: TransferCandidate = {
  id: 't0000000-0000-4000-8000-000000000001',
  type: 'EXPENSE',
  amount: 250,
  accountId: CHECKING,
  transferId: null,
  isRecurring: false,
};
const income: TransferCandidate = {
  id: 't0000000-0000-4000-8000-000000000002',
  type: 'INCOME',
  amount: 250,
  accountId: SAVINGS,
  transferId: null,
  isRecurring: false,
};

describe('transferPairOf', () => {
  it('pairs an expense and an income of the same amount in two accounts, whichever was selected first', () => {
    const pair = { ok: true, expenseId: expense.id, incomeId: income.id };
    expect(transferPairOf([expense, income])).toEqual(pair);
    expect(transferPairOf([income, expense])).toEqual(pair);
  });

  it('compares amounts in cents, so 0.1 + 0.2 and 0.3 are the same amount', () => {
    expect(
      transferPairOf([
        { ...expense, amount: 0.1 + 0.2 },
        { ...income, amount: 0.3 },
      ]).ok,
    ).toBe(true);
  });

  it('needs exactly two rows', () => {
    expect(transferPairOf([expense])).toEqual({ ok: false, reason: TRANSFER_PAIR_REASONS.count });
    expect(transferPairOf([])).toEqual({ ok: false, reason: TRANSFER_PAIR_REASONS.count });
    const third = { ...income, id: 't0000000-0000-4000-8000-000000000003' };
    expect(transferPairOf([expense, income, third])).toEqual({ ok: false, reason: TRANSFER_PAIR_REASONS.count });
  });

  it('needs one expense and one income', () => {
    const other = { ...expense, id: 't0000000-0000-4000-8000-000000000003', accountId: SAVINGS };
    expect(transferPairOf([expense, other])).toEqual({ ok: false, reason: TRANSFER_PAIR_REASONS.types });
    const otherIncome = { ...income, id: 't0000000-0000-4000-8000-000000000003', accountId: CHECKING };
    expect(transferPairOf([income, otherIncome])).toEqual({ ok: false, reason: TRANSFER_PAIR_REASONS.types });
  });

  it('refuses a different amount, one account, a row already in a transfer and a recurring template', () => {
    expect(transferPairOf([expense, { ...income, amount: 250.01 }])).toEqual({
      ok: false,
      reason: TRANSFER_MESSAGES.convertAmounts,
    });
    expect(transferPairOf([expense, { ...income, accountId: CHECKING }])).toEqual({
      ok: false,
      reason: TRANSFER_MESSAGES.convertAccounts,
    });
    const leg = { ...income, transferId: 'f0000000-0000-4000-8000-000000000001' };
    expect(transferPairOf([expense, leg])).toEqual({ ok: false, reason: TRANSFER_MESSAGES.convertAlready });
    expect(transferPairOf([{ ...expense, isRecurring: true }, income])).toEqual({
      ok: false,
      reason: TRANSFER_MESSAGES.convertRecurring,
    });
  });
});
