import {
  type BudgetPeriod,
  type BudgetPeriodStatus,
  DEFAULT_CATEGORIES,
  ROLLOVER_MAX_PERIODS,
} from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { insertTransactions, type TransactionSeed } from '../../test/ledger';
import { seededRandom } from '../../test/random';
import { insertMissingCategories } from '../category/category.repository';

/*
 * budget.status against a computation written straight from the raw transactions: its own calendar
 * (epoch days), its own week and month arithmetic, and rollover walked one period at a time. Random
 * ledgers crowd the period edges (Sundays, Mondays, month ends), users live at both ends of the
 * clock, and "now" sits just around midnight, where the zone decides which period it is.
 */

const database = useTestDatabase();

const DAY = 86_400_000;
const toDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const fromDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const mondayOf = (day: number) => day - ((new Date(day * DAY).getUTCDay() + 6) % 7);
const firstOfMonth = (day: number) => {
  const date = new Date(day * DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY;
};
const nextStart = (period: BudgetPeriod, start: number) => {
  if (period === 'WEEKLY') return start + 7;
  const date = new Date(start * DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY;
};
const startOf = (period: BudgetPeriod, day: number) => (period === 'WEEKLY' ? mondayOf(day) : firstOfMonth(day));

function todayIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

interface OracleBudget {
  category: string | null;
  period: BudgetPeriod;
  amountCents: number;
  rollover: boolean;
  startsOn: string;
}

function expected(ledger: TransactionSeed[], budget: OracleBudget, date: string, today: string) {
  const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
  const spentBetween = (from: number, to: number) =>
    ledger
      .filter((seed) => seed.type === 'EXPENSE')
      .filter((seed) => budget.category === null || key(seed.category) === key(budget.category))
      .filter((seed) => toDay(seed.date) >= from && toDay(seed.date) <= to)
      .reduce((sum, seed) => sum + Math.round(seed.amount * 100), 0);
  const from = startOf(budget.period, toDay(date));
  const to = nextStart(budget.period, from) - 1;
  let carried = 0;
  if (budget.rollover) {
    const starts: number[] = [];
    for (
      let start = startOf(budget.period, toDay(budget.startsOn));
      start < from;
      start = nextStart(budget.period, start)
    ) {
      starts.push(start);
    }
    for (const start of starts.slice(-ROLLOVER_MAX_PERIODS[budget.period])) {
      carried += budget.amountCents - spentBetween(start, nextStart(budget.period, start) - 1);
    }
  }
  const spent = spentBetween(from, to);
  const budgeted = budget.amountCents + carried;
  const length = to - from + 1;
  const now = toDay(today);
  let daysLeft = 0;
  let projected = spent;
  if (now < from) daysLeft = length;
  else if (now <= to) {
    daysLeft = to - now + 1;
    projected = Math.round((spent * length) / (now - from + 1));
  }
  return {
    from: fromDay(from),
    to: fromDay(to),
    budgeted,
    carried,
    spent,
    remaining: budgeted - spent,
    projected,
    daysLeft,
    percent: budgeted > 0 ? Math.round((spent / budgeted) * 10000) / 100 : null,
  };
}

const cents = (amount: number) => Math.round(amount * 100);

function inCents(status: BudgetPeriodStatus) {
  return {
    from: status.from,
    to: status.to,
    budgeted: cents(status.budgeted),
    carried: cents(status.carriedOver),
    spent: cents(status.spent),
    remaining: cents(status.remaining),
    projected: cents(status.projected),
    daysLeft: status.daysLeft,
    percent: status.percent,
  };
}

const ZONES = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Europe/Berlin', 'UTC'];
const EXPENSE_NAMES = DEFAULT_CATEGORIES.filter((category) => category.kind === 'EXPENSE').map(
  (category) => category.name,
);
// Instants just around midnight UTC at period edges: a month's end that is also a Sunday, and others.
const NOW_CANDIDATES = [
  '2026-03-01T00:30:00Z',
  '2026-02-28T23:30:00Z',
  '2026-03-31T11:00:00Z',
  '2026-01-04T13:00:00Z',
  '2025-12-31T22:00:00Z',
  '2026-02-01T09:00:00Z',
];

/** Days around period edges in 2024–2026, plus ordinary ones. */
function ledgerDay(random: ReturnType<typeof seededRandom>): string {
  const month = random.int(0, 27);
  const monthStart = Date.UTC(2024, month, 1) / DAY;
  const edge = random.pick([0, 1, -1, -2, 6, 7, 13, 14, random.int(0, 27)]);
  return fromDay(monthStart + edge);
}

describe('budget.status against the raw ledger', () => {
  for (let round = 0; round < 10; round++) {
    it(`matches to the cent (ledger ${round})`, async () => {
      const random = seededRandom(20260301 + round);
      const timezone = ZONES[round % ZONES.length] as string;
      const clock = new ManualClock(random.pick(NOW_CANDIDATES));
      const user = await createUser(database.db, { timezone, now: new Date('2024-01-01T00:00:00Z') });
      await insertMissingCategories(database.db, user.id, DEFAULT_CATEGORIES, clock.now());
      const { caller } = await createTestCaller({ database, user, clock });
      const categories = await caller.category.list();

      const ledger: TransactionSeed[] = Array.from({ length: 250 }, () => {
        const name = random.pick(EXPENSE_NAMES.slice(0, 6));
        return {
          type: random.next() < 0.85 ? 'EXPENSE' : 'INCOME',
          amount: random.int(1, 40_000) / 100,
          // Some rows spell the category in another case or with stray spaces.
          category: random.next() < 0.15 ? ` ${name.toLowerCase()} ` : name,
          date: ledgerDay(random),
        };
      });
      await insertTransactions(database.db, user.id, ledger);

      const budgets: OracleBudget[] = [];
      const chosen = [null, ...EXPENSE_NAMES.slice(0, 6)].filter(() => random.next() < 0.8);
      for (const category of chosen) {
        const budget: OracleBudget = {
          category,
          period: random.pick(['WEEKLY', 'MONTHLY'] as const),
          amountCents: random.int(100, 200_000),
          rollover: random.next() < 0.6,
          // Some start years back, so the rollover bound is reached.
          startsOn: random.next() < 0.2 ? '2019-06-11' : ledgerDay(random),
        };
        const created = await caller.budget.create({
          categoryId: category === null ? null : (categories.find((c) => c.name === category)?.id ?? ''),
          period: budget.period,
          amount: budget.amountCents / 100,
          rollover: budget.rollover,
          startsOn: budget.startsOn,
        });
        budgets.push({ ...budget, startsOn: created.startsOn });
      }

      const today = todayIn(timezone, clock.now());
      const dates = [undefined, ledgerDay(random), ledgerDay(random), fromDay(toDay(today) + 1)];
      for (const date of dates) {
        const status = await caller.budget.status(date === undefined ? {} : { period: date });
        expect(status.date).toBe(date ?? today);
        const all = [...(status.overall ? [status.overall] : []), ...status.items];
        expect(all).toHaveLength(budgets.length);
        for (const item of all) {
          const budget = budgets.find((candidate) => candidate.category === item.budget.categoryName);
          if (!budget) throw new Error(`unexpected budget ${item.budget.categoryName}`);
          expect(inCents(item), `${budget.category ?? 'overall'} ${budget.period} on ${date ?? today}`).toEqual(
            expected(ledger, budget, date ?? today, today),
          );
        }
      }
    });
  }
});
