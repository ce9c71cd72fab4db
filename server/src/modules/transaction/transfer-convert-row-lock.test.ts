import { TRANSFER_MESSAGES } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { transactions } from '../../db/schema';
import { useTestDatabase } from '../../test/database';
import { signedInWithAccounts } from '../../test/ledger-accounts';
import { untilSomethingWaitsForALock } from '../../test/lock-wait';

/*
 * convertToTransfer reads both rows under a row lock, so it decides from the rows as they will be
 * written over. On a PostgreSQL server another pooled connection changes one row's amount and keeps
 * its transaction open while the conversion starts; the embedded database runs one transaction at a
 * time, so these run with DATABASE_URL only.
 */

const database = useTestDatabase();

const url = inject('testDatabaseUrl');
const servers = url ? [url] : [];

/** How a call ended: its value, or the error it was refused with (caught at once, so never unhandled). */
const settled = <T>(call: Promise<T>) =>
  call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe.each(servers)('convertToTransfer while another request changes one of the rows', () => {
  for (const side of ['expense', 'income'] as const) {
    it(`decides from the committed ${side}: an amount changed meanwhile is refused`, async () => {
      const { caller, savings } = await signedInWithAccounts(database);
      const expense = await caller.transaction.create({
        title: 'Out',
        type: 'EXPENSE',
        amount: 30,
        date: '2026-03-01',
      });
      const income = await caller.transaction.create({
        title: 'In',
        type: 'INCOME',
        amount: 30,
        date: '2026-03-01',
        accountId: savings.id,
      });
      const changed = side === 'expense' ? expense : income;
      const { conversion } = await database.db.transaction(async (holder) => {
        await holder.update(transactions).set({ amountCents: 3100 }).where(eq(transactions.id, changed.id));
        const conversion = settled(
          caller.transaction.convertToTransfer({ expenseId: expense.id, incomeId: income.id }),
        );
        await untilSomethingWaitsForALock(database.db, 'the conversion');
        // Returned, so this transaction commits before anything waits on the conversion.
        return { conversion };
      });
      const outcome = await conversion;
      expect(outcome).toMatchObject({ error: { code: 'BAD_REQUEST', message: TRANSFER_MESSAGES.convertAmounts } });
      const rows = await Promise.all([expense, income].map(({ id }) => caller.transaction.get({ id })));
      expect(rows.map((row) => [row.transferId, row.amount])).toEqual([
        [null, side === 'expense' ? 31 : 30],
        [null, side === 'income' ? 31 : 30],
      ]);
    });
  }
});
