import type { User } from '@finailytics/shared';
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accountBalances, accountDailyTotals, accounts, transactions, users } from '../../db/schema';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { seededRandom } from '../../test/random';
import { ensureDefaultAccount } from './account.repository';

const database = useTestDatabase();

interface LedgerRow {
  accountId: string;
  type: 'INCOME' | 'EXPENSE';
  amountCents: number;
  date: string;
}

const DATES = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-02-10'];

async function makeAccounts(user: User): Promise<string[]> {
  const defaultId = await ensureDefaultAccount(database.db, user.id);
  const others = await database.db
    .insert(accounts)
    .values(
      ['Wallet', 'Card'].map((name, index) => ({
        userId: user.id,
        name,
        kind: index === 0 ? ('CASH' as const) : ('CREDIT_CARD' as const),
        currency: 'USD',
        openingDate: '2026-01-01',
        position: index + 1,
      })),
    )
    .returning({ id: accounts.id });
  return [defaultId, ...others.map((row) => row.id)];
}

/** What the rollups should hold, summed independently from the rows the test believes exist. */
function expected(rows: Map<string, LedgerRow>) {
  const balances = new Map<string, { balanceCents: number; transactionCount: number }>();
  const daily = new Map<string, number>();
  for (const row of rows.values()) {
    const net = row.type === 'INCOME' ? row.amountCents : -row.amountCents;
    const balance = balances.get(row.accountId) ?? { balanceCents: 0, transactionCount: 0 };
    balance.balanceCents += net;
    balance.transactionCount += 1;
    balances.set(row.accountId, balance);
    const key = `${row.accountId} ${row.date}`;
    daily.set(key, (daily.get(key) ?? 0) + net);
  }
  return { balances, daily };
}

async function actual(accountIds: string[]) {
  const balanceRows = await database.db
    .select({
      accountId: accountBalances.accountId,
      balanceCents: accountBalances.balanceCents,
      transactionCount: accountBalances.transactionCount,
    })
    .from(accountBalances)
    .where(inArray(accountBalances.accountId, accountIds));
  const balances = new Map(
    balanceRows
      .filter((row) => row.transactionCount !== 0 || row.balanceCents !== 0)
      .map((row) => [row.accountId, { balanceCents: row.balanceCents, transactionCount: row.transactionCount }]),
  );
  const dailyRows = await database.db
    .select({
      accountId: accountDailyTotals.accountId,
      date: accountDailyTotals.date,
      netCents: accountDailyTotals.netCents,
    })
    .from(accountDailyTotals)
    .where(inArray(accountDailyTotals.accountId, accountIds));
  const daily = new Map(dailyRows.map((row) => [`${row.accountId} ${row.date}`, row.netCents]));
  return { balances, daily };
}

async function sumFromTable(userId: string) {
  const result = await database.db.execute(sql`
    select account_id::text, sum(case when type = 'INCOME' then amount_cents else -amount_cents end)::bigint as net
    from transactions where user_id = ${userId} group by account_id`);
  return new Map(
    (result as unknown as { rows: { account_id: string; net: string }[] }).rows.map((row) => [
      row.account_id,
      Number(row.net),
    ]),
  );
}

describe('the account rollup triggers', () => {
  it('keep balances and day totals equal to the ledger through random inserts, updates and deletes', async () => {
    for (const seed of [1, 2, 3]) {
      const rng = seededRandom(seed);
      const user = await createUser(database.db);
      const accountIds = await makeAccounts(user);
      const rows = new Map<string, LedgerRow>();
      const randomRow = (): LedgerRow => ({
        accountId: rng.pick(accountIds),
        type: rng.pick(['INCOME', 'EXPENSE'] as const),
        amountCents: 1 + rng.below(100_000),
        date: rng.pick(DATES),
      });
      for (let step = 0; step < 40; step++) {
        const ids = [...rows.keys()];
        const operation = ids.length < 3 ? 0 : rng.below(6);
        if (operation <= 1) {
          // A batch, some rows naming no account (they land in the default).
          const batch = Array.from({ length: 1 + rng.below(6) }, randomRow);
          const unnamed = batch.map(() => rng.below(3) === 0);
          const inserted = await database.db
            .insert(transactions)
            .values(
              batch.map((row, index) => ({
                userId: user.id,
                ...(unnamed[index] ? {} : { accountId: row.accountId }),
                title: 'Random',
                type: row.type,
                amountCents: row.amountCents,
                category: 'Other',
                date: row.date,
              })),
            )
            .returning({ id: transactions.id });
          inserted.forEach((row, index) => {
            const seedRow = batch[index];
            if (!seedRow) return;
            rows.set(row.id, { ...seedRow, accountId: unnamed[index] ? (accountIds[0] ?? '') : seedRow.accountId });
          });
        } else if (operation === 2) {
          // One row changes amount, type, account and date at once, or only one of them.
          const id = rng.pick(ids);
          const current = rows.get(id);
          if (!current) throw new Error('lost row');
          const next = randomRow();
          const fields = ['accountId', 'type', 'amountCents', 'date'] as const;
          const changed = rng.below(2) === 0 ? fields : [rng.pick(fields)];
          const applied: LedgerRow = { ...current };
          for (const field of changed) Object.assign(applied, { [field]: next[field] });
          await database.db
            .update(transactions)
            .set({
              accountId: applied.accountId,
              type: applied.type,
              amountCents: applied.amountCents,
              date: applied.date,
            })
            .where(eq(transactions.id, id));
          rows.set(id, applied);
        } else if (operation === 3) {
          // Many rows in one statement: every row of one account moves to another.
          const from = rng.pick(accountIds);
          const to = rng.pick(accountIds);
          await database.db
            .update(transactions)
            .set({ accountId: to })
            .where(sql`${transactions.userId} = ${user.id} and ${transactions.accountId} = ${from}`);
          for (const row of rows.values()) if (row.accountId === from) row.accountId = to;
        } else if (operation === 4) {
          const doomed = ids.filter(() => rng.below(3) === 0);
          if (doomed.length > 0) await database.db.delete(transactions).where(inArray(transactions.id, doomed));
          for (const id of doomed) rows.delete(id);
        } else {
          // A title edit moves no money.
          await database.db
            .update(transactions)
            .set({ title: 'Renamed' })
            .where(eq(transactions.id, rng.pick(ids)));
        }
        const want = expected(rows);
        const have = await actual(accountIds);
        expect(have.balances, `seed ${seed}, step ${step}`).toEqual(want.balances);
        expect(have.daily, `seed ${seed}, step ${step}`).toEqual(want.daily);
      }
      const table = await sumFromTable(user.id);
      const want = expected(rows).balances;
      expect(new Map([...want].map(([id, value]) => [id, value.balanceCents]))).toEqual(table);
    }
  });
});

describe('deleting a user', () => {
  it('removes their accounts and rollup rows with their transactions', async () => {
    const user = await createUser(database.db);
    const accountIds = await makeAccounts(user);
    await database.db.insert(transactions).values(
      accountIds.map((accountId) => ({
        userId: user.id,
        accountId,
        title: 'Gone soon',
        type: 'EXPENSE' as const,
        amountCents: 500,
        category: 'Other',
        date: '2026-01-01',
      })),
    );
    await database.db.delete(users).where(eq(users.id, user.id));
    const left = await actual(accountIds);
    expect(left.balances.size + left.daily.size).toBe(0);
    const remaining = await database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.userId, user.id));
    expect(remaining).toEqual([]);
  });
});

describe('concurrent writers', () => {
  it('make one default account for a user who has none, and lose no amount', async () => {
    const user = await createUser(database.db);
    const writes = Array.from({ length: 8 }, (_, index) =>
      database.db.transaction(async (tx) => {
        await tx.insert(transactions).values({
          userId: user.id,
          title: `Concurrent ${index}`,
          type: index % 2 === 0 ? ('INCOME' as const) : ('EXPENSE' as const),
          amountCents: 1000 + index,
          category: 'Other',
          date: '2026-01-01',
        });
      }),
    );
    await Promise.all(writes);
    const owned = await database.db
      .select({ id: accounts.id, isDefault: accounts.isDefault })
      .from(accounts)
      .where(eq(accounts.userId, user.id));
    expect(owned).toHaveLength(1);
    expect(owned[0]?.isDefault).toBe(true);
    const [balance] = await database.db
      .select({ balanceCents: accountBalances.balanceCents, transactionCount: accountBalances.transactionCount })
      .from(accountBalances)
      .where(eq(accountBalances.accountId, owned[0]?.id ?? ''));
    // Incomes 1000, 1002, 1004, 1006 less expenses 1001, 1003, 1005, 1007.
    expect(balance).toEqual({ balanceCents: -4, transactionCount: 8 });
  });
});
