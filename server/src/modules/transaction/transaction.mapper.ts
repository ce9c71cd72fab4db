import { fromCents, type Transaction } from '@finailytics/shared';
import type { transactions } from '../../db/schema';

/** A transaction as the table declares it: the one row shape the server's types are built from. */
export type TransactionRecord = typeof transactions.$inferSelect;

/** A transaction row as the repository returns it: integer cents and Date timestamps, no owner. */
export type TransactionRow = Omit<TransactionRecord, 'userId'>;

/**
 * The one place cents become the API's decimal amounts and timestamps become ISO strings. `receiptId` is
 * read with the row where a query joins it (get, list, update); a row without it has no receipt.
 */
export function toTransaction(row: TransactionRow & { receiptId?: string | null }): Transaction {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    type: row.type,
    amount: fromCents(row.amountCents),
    category: row.category,
    date: row.date,
    paymentMethod: row.paymentMethod,
    isRecurring: row.isRecurring,
    recurringInterval: row.recurringInterval,
    nextRecurringDate: row.nextRecurringDate,
    recurringEndDate: row.recurringEndDate,
    templateId: row.templateId,
    receiptId: row.receiptId ?? null,
    accountId: row.accountId,
    transferId: row.transferId,
    clearedAt: row.clearedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** PostgreSQL counts characters (code points) for varchar(n); JavaScript's length counts UTF-16 units. */
export function truncateCharacters(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : characters.slice(0, max).join('');
}
