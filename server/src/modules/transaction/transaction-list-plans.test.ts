import { type SortDirection, TRANSACTION_SORT_FIELDS, type TransactionSortField } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { transactions } from '../../db/schema';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { filterConditions, orderFor } from './transaction.repository';

/*
 * A page of the list is read straight off the user's index for its sort column, in either direction,
 * never by sorting every row of the user: `orderFor` writes each ORDER BY so that it matches an index
 * read forwards or backwards, NULLS placement included. Sorting is priced out of the planner's reach
 * here, so a plan that still sorts is one the indexes cannot serve.
 */

const database = useTestDatabase();

async function planOf(userId: string, sortBy: TransactionSortField, sortDir: SortDirection) {
  const page = database.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(filterConditions(userId, {}))
    .orderBy(...orderFor(sortBy, sortDir))
    .limit(20);
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_sort = off`);
    await tx.execute(sql`set local enable_seqscan = off`);
    const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${page}`);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

describe('orderFor and the list indexes', () => {
  const cases = TRANSACTION_SORT_FIELDS.flatMap((sortBy) =>
    (['asc', 'desc'] as const).map((sortDir) => ({ sortBy, sortDir })),
  );

  it.each(cases)(
    'reads a page sorted by $sortBy $sortDir off an index, without a sort',
    async ({ sortBy, sortDir }) => {
      const user = await createUser(database.db);
      const plan = await planOf(user.id, sortBy, sortDir);
      expect(plan).toMatch(/Index (Only )?Scan/);
      expect(plan).not.toMatch(/Sort/);
    },
  );
});
