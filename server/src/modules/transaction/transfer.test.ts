import { TRANSFER_MESSAGES } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { signedInWithAccounts } from '../../test/ledger-accounts';
import { seededRandom } from '../../test/random';

const database = useTestDatabase();

const signedIn = () => signedInWithAccounts(database);

type Caller = Awaited<ReturnType<typeof signedIn>>['caller'];

async function balances(caller: Caller): Promise<Record<string, number>> {
  return Object.fromEntries((await caller.account.list()).map((account) => [account.id, account.balance]));
}

describe('transaction accounts', () => {
  it('creates, moves, filters and exports by account; refuses foreign and archived accounts', async () => {
    const { caller, main, savings, card } = await signedIn();
    const bread = await caller.transaction.create({
      title: 'Bread',
      type: 'EXPENSE',
      amount: 3.2,
      category: 'Food',
      date: '2026-03-01',
      accountId: card.id,
    });
    expect(bread.accountId).toBe(card.id);
    const pay = await caller.transaction.create({ title: 'Pay', type: 'INCOME', amount: 100, date: '2026-03-02' });
    expect(pay.accountId).toBe(main.id);

    const inCard = await caller.transaction.list({ accountId: card.id });
    expect(inCard.items.map((row) => row.id)).toEqual([bread.id]);
    expect(inCard.pagination.totalCount).toBe(1);
    const totals = await caller.transaction.totals({ accountId: card.id });
    expect(totals).toEqual({ count: 1, income: 0, expenses: 3.2, net: -3.2 });

    const moved = await caller.transaction.update({ id: bread.id, accountId: savings.id });
    expect(moved.accountId).toBe(savings.id);
    expect((await balances(caller))[savings.id]).toBe(-3.2);

    const csv = await caller.transaction.exportCsv({ accountId: savings.id });
    const [header, line] = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(header?.split(',').at(-1)).toBe('Account');
    expect(line?.split(',').at(-1)).toBe('Savings');

    const other = await signedIn();
    const foreign = await errorOf(
      caller.transaction.create({
        title: 'X',
        type: 'EXPENSE',
        amount: 1,
        date: '2026-03-01',
        accountId: other.card.id,
      }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
    expect((await errorOf(caller.transaction.update({ id: pay.id, accountId: other.main.id }))).code).toBe('NOT_FOUND');

    await caller.account.archive({ id: card.id });
    const archived = await errorOf(
      caller.transaction.create({ title: 'X', type: 'EXPENSE', amount: 1, date: '2026-03-01', accountId: card.id }),
    );
    expect(archived.code).toBe('NOT_FOUND');
  });

  it('imports rows into the named account', async () => {
    const { caller, savings } = await signedIn();
    await caller.transaction.import({
      accountId: savings.id,
      rows: [{ title: 'Interest', type: 'INCOME', amount: 1.5, category: 'Interest', date: '2026-03-01' }],
    });
    await caller.transaction.importCsv({
      accountId: savings.id,
      csv: 'Title,Amount,Date\nFee,-0.5,2026-03-02\n',
    });
    const list = await caller.transaction.list({ accountId: savings.id });
    expect(list.items.map((row) => row.title).sort()).toEqual(['Fee', 'Interest']);
    expect((await balances(caller))[savings.id]).toBe(1);
  });

  it('undo puts rows back in their account, or the default one when that account is gone', async () => {
    const { caller, main, savings, card } = await signedIn();
    const a = await caller.transaction.create({
      title: 'A',
      type: 'EXPENSE',
      amount: 2,
      date: '2026-03-01',
      accountId: savings.id,
    });
    const b = await caller.transaction.create({
      title: 'B',
      type: 'EXPENSE',
      amount: 3,
      date: '2026-03-01',
      accountId: card.id,
    });
    const { undoId } = await caller.transaction.bulkDelete({ ids: [a.id, b.id] });
    await caller.account.delete({ id: card.id });
    await caller.transaction.undoDelete({ undoId });
    expect((await caller.transaction.get({ id: a.id })).accountId).toBe(savings.id);
    expect((await caller.transaction.get({ id: b.id })).accountId).toBe(main.id);
  });

  it('recurring occurrences land in the template account', async () => {
    const { caller, savings } = await signedIn();
    const template = await caller.transaction.create({
      title: 'Rent',
      type: 'EXPENSE',
      amount: 10,
      date: '2026-03-01',
      isRecurring: true,
      recurringInterval: 'DAILY',
      accountId: savings.id,
    });
    const list = await caller.transaction.list({ accountId: savings.id, pageSize: 100 });
    expect(list.items.length).toBeGreaterThan(5);
    expect(list.items.every((row) => row.accountId === savings.id)).toBe(true);
    expect(list.items.some((row) => row.templateId === template.id)).toBe(true);
  });
});

describe('transaction.transfer', () => {
  it('writes two legs that move balances but are never income or expenses', async () => {
    const { caller, main, savings } = await signedIn();
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 250.55,
      date: '2026-03-05',
      note: 'Rainy day',
    });
    expect(transfer.from).toMatchObject({
      type: 'EXPENSE',
      amount: 250.55,
      accountId: main.id,
      title: 'Transfer to Savings',
      category: 'Transfer',
      paymentMethod: 'BANK_TRANSFER',
      description: 'Rainy day',
      transferId: transfer.id,
    });
    expect(transfer.to).toMatchObject({ type: 'INCOME', accountId: savings.id, title: 'Transfer from Main account' });
    const after = await balances(caller);
    expect(after[main.id]).toBe(-250.55);
    expect(after[savings.id]).toBe(250.55);

    const summary = await caller.analytics.summary({ from: '2026-03-01', to: '2026-03-31' });
    expect(summary).toMatchObject({ totalIncome: 0, totalExpenses: 0, transactionCount: 0 });
    const list = await caller.transaction.list({});
    expect(list.pagination.totalCount).toBe(2);
    expect(list.items).toHaveLength(2);
    expect(await caller.transaction.totals({})).toEqual({ count: 2, income: 0, expenses: 0, net: 0 });
    expect((await caller.transaction.list({ type: 'EXPENSE' })).pagination.totalCount).toBe(1);
    expect((await caller.transaction.categories()).some((entry) => entry.category === 'Transfer')).toBe(false);
  });

  it('refuses the same account, foreign accounts and edits of one leg', async () => {
    const { caller, main, savings } = await signedIn();
    const other = await signedIn();
    const same = await errorOf(
      caller.transaction.transfer({ fromAccountId: main.id, toAccountId: main.id, amount: 1, date: '2026-03-01' }),
    );
    expect(same.code).toBe('BAD_REQUEST');
    const foreign = await errorOf(
      caller.transaction.transfer({
        fromAccountId: main.id,
        toAccountId: other.savings.id,
        amount: 1,
        date: '2026-03-01',
      }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 5,
      date: '2026-03-01',
    });
    const edit = await errorOf(caller.transaction.update({ id: transfer.from.id, amount: 6 }));
    expect(edit.code).toBe('BAD_REQUEST');
    expect(edit.message).toBe(TRANSFER_MESSAGES.legLocked);
    // A title is the leg's own; the locked fields sent unchanged (as a form does) pass.
    const renamed = await caller.transaction.update({
      id: transfer.from.id,
      title: 'To savings',
      amount: 5,
      type: 'EXPENSE',
      category: 'Transfer',
      date: '2026-03-01',
    });
    expect(renamed.title).toBe('To savings');
    expect((await caller.transaction.categories()).some((entry) => entry.category === 'Transfer')).toBe(false);
    expect((await caller.category.list()).some((entry) => entry.name === 'Transfer')).toBe(false);
    expect((await errorOf(other.caller.transaction.updateTransfer({ transferId: transfer.id, amount: 1 }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await errorOf(caller.transaction.duplicate({ id: transfer.to.id }))).code).toBe('BAD_REQUEST');
  });

  it('updateTransfer edits both legs; deleting one leg deletes both and undo restores both', async () => {
    const { caller, main, savings, card } = await signedIn();
    const transfer = await caller.transaction.transfer({
      fromAccountId: main.id,
      toAccountId: savings.id,
      amount: 40,
      date: '2026-03-01',
    });
    const edited = await caller.transaction.updateTransfer({
      transferId: transfer.id,
      amount: 45.5,
      date: '2026-03-03',
      toAccountId: card.id,
    });
    expect(edited.from).toMatchObject({ amount: 45.5, date: '2026-03-03', title: 'Transfer to Card' });
    expect(edited.to).toMatchObject({ amount: 45.5, date: '2026-03-03', accountId: card.id });
    let now = await balances(caller);
    expect([now[main.id], now[savings.id], now[card.id]]).toEqual([-45.5, 0, 45.5]);

    const { undoId, deletedCount } = await caller.transaction.bulkDelete({ ids: [transfer.to.id] });
    expect(deletedCount).toBe(2);
    expect((await caller.transaction.list({})).pagination.totalCount).toBe(0);
    now = await balances(caller);
    expect([now[main.id], now[card.id]]).toEqual([0, 0]);

    expect(await caller.transaction.undoDelete({ undoId })).toEqual({ restoredCount: 2 });
    const back = await caller.transaction.get({ id: transfer.from.id });
    expect(back.transferId).toBe(transfer.id);
    now = await balances(caller);
    expect([now[main.id], now[card.id]]).toEqual([-45.5, 45.5]);
    // Still one transfer: it can be edited as one again.
    await caller.transaction.updateTransfer({ transferId: transfer.id, amount: 1 });
    expect((await caller.transaction.get({ id: transfer.to.id })).amount).toBe(1);

    await caller.transaction.delete({ id: transfer.from.id });
    expect((await caller.transaction.list({})).pagination.totalCount).toBe(0);
  });

  it('convertToTransfer makes an expense and an income one transfer, out of the totals', async () => {
    const { caller, main, savings } = await signedIn();
    const out = await caller.transaction.create({
      title: 'To savings',
      type: 'EXPENSE',
      amount: 30,
      category: 'Other',
      date: '2026-03-01',
    });
    const into = await caller.transaction.create({
      title: 'From current',
      type: 'INCOME',
      amount: 30,
      category: 'Other',
      date: '2026-03-02',
      accountId: savings.id,
    });
    const range = { from: '2026-03-01', to: '2026-03-31' };
    expect(await caller.analytics.summary(range)).toMatchObject({ totalIncome: 30, totalExpenses: 30 });
    const transfer = await caller.transaction.convertToTransfer({ expenseId: out.id, incomeId: into.id });
    expect(transfer.from.transferId).toBe(transfer.id);
    expect(await caller.analytics.summary(range)).toMatchObject({ totalIncome: 0, totalExpenses: 0 });
    const again = await errorOf(caller.transaction.convertToTransfer({ expenseId: out.id, incomeId: into.id }));
    expect(again.code).toBe('CONFLICT');

    const a = await caller.transaction.create({ title: 'a', type: 'EXPENSE', amount: 5, date: '2026-03-01' });
    const b = await caller.transaction.create({
      title: 'b',
      type: 'INCOME',
      amount: 6,
      date: '2026-03-01',
      accountId: savings.id,
    });
    const c = await caller.transaction.create({
      title: 'c',
      type: 'INCOME',
      amount: 5,
      date: '2026-03-01',
      accountId: main.id,
    });
    expect((await errorOf(caller.transaction.convertToTransfer({ expenseId: a.id, incomeId: b.id }))).message).toBe(
      TRANSFER_MESSAGES.convertAmounts,
    );
    expect((await errorOf(caller.transaction.convertToTransfer({ expenseId: a.id, incomeId: c.id }))).message).toBe(
      TRANSFER_MESSAGES.convertAccounts,
    );
  });
});

describe('a random ledger with transfers', () => {
  it('balances, analytics and list totals equal sums of the raw rows, to the cent', async () => {
    for (const seed of [7, 8128]) {
      const { caller, main, savings, card } = await signedIn();
      const accountIds = [main.id, savings.id, card.id];
      const rng = seededRandom(seed);
      const dates = ['2026-02-27', '2026-03-01', '2026-03-02', '2026-03-05', '2026-03-09'];
      interface Row {
        id: string;
        accountId: string;
        type: 'INCOME' | 'EXPENSE';
        cents: number;
        date: string;
        category: string;
        transferId: string | null;
      }
      const rows = new Map<string, Row>();
      for (let step = 0; step < 40; step++) {
        const cents = 1 + rng.below(50_000);
        const date = rng.pick(dates);
        if (rng.below(3) === 0) {
          const from = rng.pick(accountIds);
          const to = rng.pick(accountIds.filter((id) => id !== from));
          const transfer = await caller.transaction.transfer({
            fromAccountId: from,
            toAccountId: to,
            amount: cents / 100,
            date,
          });
          for (const leg of [transfer.from, transfer.to]) {
            rows.set(leg.id, {
              id: leg.id,
              accountId: leg.accountId,
              type: leg.type,
              cents,
              date,
              category: leg.category,
              transferId: transfer.id,
            });
          }
        } else {
          const type = rng.pick(['INCOME', 'EXPENSE'] as const);
          const category = rng.pick(['Food', 'Rent', 'Salary']);
          const row = await caller.transaction.create({
            title: `row ${step}`,
            type,
            amount: cents / 100,
            category,
            date,
            accountId: rng.pick(accountIds),
          });
          rows.set(row.id, { id: row.id, accountId: row.accountId, type, cents, date, category, transferId: null });
        }
        // Now and then one leg (or row) is deleted, which takes its whole transfer.
        if (rng.below(8) === 0 && rows.size > 0) {
          const victim = rng.pick([...rows.values()]);
          await caller.transaction.delete({ id: victim.id });
          for (const row of [...rows.values()]) {
            if (row.id === victim.id || (victim.transferId && row.transferId === victim.transferId))
              rows.delete(row.id);
          }
        }
      }
      const all = [...rows.values()];
      const signed = (row: Row) => (row.type === 'INCOME' ? row.cents : -row.cents);
      const sum = (list: Row[]) => list.reduce((total, row) => total + row.cents, 0);

      const balanceOf = await balances(caller);
      for (const id of accountIds) {
        const expected = all.filter((row) => row.accountId === id).reduce((total, row) => total + signed(row), 0);
        expect(Math.round((balanceOf[id] ?? 0) * 100)).toBe(expected);
      }

      const range = { from: '2026-03-01', to: '2026-03-31' };
      const inRange = all.filter((row) => row.date >= range.from && row.date <= range.to);
      const counted = inRange.filter((row) => row.transferId === null);
      const income = sum(counted.filter((row) => row.type === 'INCOME'));
      const expenses = sum(counted.filter((row) => row.type === 'EXPENSE'));
      const summary = await caller.analytics.summary(range);
      expect(Math.round(summary.totalIncome * 100)).toBe(income);
      expect(Math.round(summary.totalExpenses * 100)).toBe(expenses);
      expect(summary.transactionCount).toBe(counted.length);

      const chart = await caller.analytics.chart(range);
      expect(Math.round(chart.points.reduce((total, point) => total + point.income * 100, 0))).toBe(income);
      expect(Math.round(chart.points.reduce((total, point) => total + point.expenses * 100, 0))).toBe(expenses);
      const breakdown = await caller.analytics.expenseBreakdown(range);
      expect(Math.round(breakdown.totalSpent * 100)).toBe(expenses);
      expect(breakdown.breakdown.some((item) => item.name === 'Transfer')).toBe(false);

      // The list shows the legs; its totals never count them as income or expenses.
      for (const filters of [
        {},
        range,
        { type: 'EXPENSE' as const },
        { accountId: savings.id },
        { ...range, accountId: card.id },
      ]) {
        const matching = all.filter(
          (row) =>
            (!('from' in filters) || (row.date >= range.from && row.date <= range.to)) &&
            (!('type' in filters) || row.type === filters.type) &&
            (!('accountId' in filters) || row.accountId === filters.accountId),
        );
        const list = await caller.transaction.list({ ...filters, pageSize: 100 });
        expect(list.pagination.totalCount).toBe(matching.length);
        expect(list.items.map((item) => item.id).sort()).toEqual(matching.map((row) => row.id).sort());
        const totals = await caller.transaction.totals(filters);
        const plain = matching.filter((row) => row.transferId === null);
        expect(totals.count).toBe(matching.length);
        expect(Math.round(totals.income * 100)).toBe(sum(plain.filter((row) => row.type === 'INCOME')));
        expect(Math.round(totals.expenses * 100)).toBe(sum(plain.filter((row) => row.type === 'EXPENSE')));
      }
    }
  }, 120_000);
});

describe('reconciliation', () => {
  it('setCleared ticks rows and reconcileStatus answers the cleared balance and the difference', async () => {
    const { caller, savings } = await signedIn();
    await caller.account.update({ id: savings.id, openingBalance: 100 });
    const pay = await caller.transaction.create({
      title: 'Pay',
      type: 'INCOME',
      amount: 50.25,
      date: '2026-03-01',
      accountId: savings.id,
    });
    const fee = await caller.transaction.create({
      title: 'Fee',
      type: 'EXPENSE',
      amount: 0.75,
      date: '2026-03-02',
      accountId: savings.id,
    });
    await caller.transaction.create({
      title: 'Later',
      type: 'EXPENSE',
      amount: 9,
      date: '2026-03-03',
      accountId: savings.id,
    });
    expect(await caller.transaction.setCleared({ ids: [pay.id, fee.id], cleared: true })).toEqual({ updatedCount: 2 });
    expect((await caller.transaction.get({ id: pay.id })).clearedAt).toBe('2026-03-10T12:00:00.000Z');
    expect(await caller.account.reconcileStatus({ accountId: savings.id, statementBalance: 150 })).toEqual({
      accountId: savings.id,
      statementBalance: 150,
      clearedBalance: 149.5,
      difference: 0.5,
      clearedCount: 2,
      unclearedCount: 1,
    });
    await caller.transaction.setCleared({ ids: [fee.id], cleared: false });
    expect((await caller.account.reconcileStatus({ accountId: savings.id, statementBalance: 150.25 })).difference).toBe(
      0,
    );

    const other = await signedIn();
    expect((await errorOf(other.caller.transaction.setCleared({ ids: [pay.id], cleared: false }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await errorOf(other.caller.account.reconcileStatus({ accountId: savings.id, statementBalance: 0 }))).code,
    ).toBe('NOT_FOUND');
    // A cleared row keeps its clearing through a delete and its undo.
    const { undoId } = await caller.transaction.delete({ id: pay.id });
    await caller.transaction.undoDelete({ undoId });
    expect((await caller.transaction.get({ id: pay.id })).clearedAt).toBe('2026-03-10T12:00:00.000Z');
  });
});
