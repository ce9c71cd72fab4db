import type { LedgerAccount, Transaction } from '@finailytics/shared';

/** An open checking account with nothing in it, as account.list answers it; `fields` change the rest. */
export function ledgerAccount(fields: Pick<LedgerAccount, 'id' | 'name'> & Partial<LedgerAccount>): LedgerAccount {
  return {
    kind: 'CHECKING',
    currency: 'USD',
    openingBalance: 0,
    openingDate: '2026-01-01',
    balance: 0,
    transactionCount: 0,
    isArchived: false,
    isDefault: false,
    position: 0,
    ...fields,
  };
}

/** A one-off card expense of $10 on 2 March 2026, as transaction.list answers it; `fields` change the rest. */
export function ledgerTransaction(
  fields: Pick<Transaction, 'id' | 'title' | 'accountId'> & Partial<Transaction>,
): Transaction {
  return {
    description: null,
    type: 'EXPENSE',
    amount: 10,
    category: 'Food',
    date: '2026-03-02',
    paymentMethod: 'CARD',
    isRecurring: false,
    recurringInterval: null,
    nextRecurringDate: null,
    recurringEndDate: null,
    templateId: null,
    receiptId: null,
    transferId: null,
    clearedAt: null,
    createdAt: '2026-03-02T00:00:00.000Z',
    updatedAt: '2026-03-02T00:00:00.000Z',
    ...fields,
  };
}
