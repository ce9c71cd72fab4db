import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { transactionDailyTotals as daily, transactions } from '../../db/schema';
import type { ListFilters } from './transaction.repository';

export interface CentTotals {
  count: number;
  incomeCents: number;
  expenseCents: number;
}

const sumWhere = (amount: SQL | unknown, condition: SQL) =>
  sql<number>`coalesce(sum(${amount}) filter (where ${condition}), 0)`.mapWith(Number);

/**
 * Sums from the daily rollup, one row per day, type and category: valid for the filters
 * rollupCanCount accepts (type, category, date range), whose conditions these mirror exactly. The
 * rollup leaves transfer legs out, so `count` here is without them (see countTransferLegs).
 */
export async function totalsFromDailyTotals(db: Db, userId: string, filters: ListFilters): Promise<CentTotals> {
  const conditions: SQL[] = [eq(daily.userId, userId)];
  if (filters.type) conditions.push(eq(daily.type, filters.type));
  if (filters.category) conditions.push(eq(daily.category, filters.category));
  if (filters.from) conditions.push(gte(daily.date, filters.from));
  if (filters.to) conditions.push(lte(daily.date, filters.to));
  const [row] = await db
    .select({
      count: sql<number>`coalesce(sum(${daily.transactionCount}), 0)`.mapWith(Number),
      incomeCents: sumWhere(daily.amountCents, sql`${daily.type} = 'INCOME'`),
      expenseCents: sumWhere(daily.amountCents, sql`${daily.type} = 'EXPENSE'`),
    })
    .from(daily)
    .where(and(...conditions));
  return row ?? { count: 0, incomeCents: 0, expenseCents: 0 };
}

/**
 * Sums the ledger rows matching `where` (filterConditions): for filters the rollup cannot answer.
 * Transfer legs are counted (the list shows them) but are neither income nor expenses.
 */
export async function totalsFromLedger(db: Db, where: SQL): Promise<CentTotals> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)`.mapWith(Number),
      incomeCents: sumWhere(
        transactions.amountCents,
        sql`${transactions.type} = 'INCOME' and ${transactions.transferId} is null`,
      ),
      expenseCents: sumWhere(
        transactions.amountCents,
        sql`${transactions.type} = 'EXPENSE' and ${transactions.transferId} is null`,
      ),
    })
    .from(transactions)
    .where(where);
  return row ?? { count: 0, incomeCents: 0, expenseCents: 0 };
}
