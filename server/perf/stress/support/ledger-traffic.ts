import type pg from 'pg';
import { type CallResult, call, type Session, STRESS_PASSWORD } from './api-client';
import { operationPicker, seededRandom } from './traffic-mix';

/*
 * The mixed ledger traffic the load tests run: what each simulated client does, and afterwards the
 * check that every write the server acknowledged is stored exactly once, to the cent.
 */

const IMPORT_ROWS = 10;

/**
 * The mix one signed-in user makes, by weight: mostly reading the ledger and dashboard, a fair share
 * of writes, and the occasional sign-in (bcrypt at the production cost, so it is kept rare here as it
 * is in real use).
 */
export const MIX = [
  ['list', 24],
  ['create', 20],
  ['summary', 10],
  ['chart', 6],
  ['breakdown', 6],
  ['categories', 5],
  ['me', 5],
  ['refresh', 10],
  ['import', 5],
  ['delete', 7],
  ['login', 2],
] as const;
export type Operation = (typeof MIX)[number][0];

interface Written {
  title: string;
  cents: number;
}

/** One client: its session, and every write the server acknowledged to it. */
export interface Client {
  index: number;
  session: Session;
  random: () => number;
  next: () => Operation;
  sequence: number;
  /** Acknowledged and not since deleted, by title; created ones also by id, for deleting. */
  written: Map<string, Written>;
  createdIds: Map<string, string>;
}

/** A client for one signed-in user, making the same sequence of calls on every run. */
export function ledgerClient(index: number, session: Session): Client {
  const random = seededRandom(index + 1);
  return {
    index,
    session,
    random,
    next: operationPicker(MIX, random),
    sequence: 0,
    written: new Map(),
    createdIds: new Map(),
  };
}

function recentDate(random: () => number): string {
  const day = new Date(Date.UTC(2026, 10, 27) - Math.floor(random() * 120) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function randomRow(client: Client, title: string) {
  const cents = 1 + Math.floor(client.random() * 250_000);
  const type = client.random() < 0.2 ? 'INCOME' : 'EXPENSE';
  const category = ['Groceries', 'Dining', 'Transport', 'Utilities', 'Salary'][Math.floor(client.random() * 5)];
  return { cents, input: { title, type, amount: cents / 100, category, date: recentDate(client.random) } };
}

/** Makes one call of the given kind and records what the server acknowledged. */
export async function act(origin: string, client: Client, operation: Operation): Promise<CallResult<unknown>> {
  const auth = { accessToken: client.session.accessToken };
  const query = { ...auth, query: true };
  switch (operation) {
    case 'list':
      return call(origin, 'transaction.list', { page: 1 + Math.floor(client.random() * 3), pageSize: 20 }, query);
    case 'summary':
      return call(origin, 'analytics.summary', { preset: '30days' }, query);
    case 'chart':
      return call(origin, 'analytics.chart', { preset: 'last3Months' }, query);
    case 'breakdown':
      return call(origin, 'analytics.expenseBreakdown', { preset: 'thisYear' }, query);
    case 'categories':
      return call(origin, 'transaction.categories', undefined, query);
    case 'me':
      return call(origin, 'user.me', undefined, query);
    case 'create': {
      const title = `c${client.index}-${client.sequence++}`;
      const row = randomRow(client, title);
      const result = await call<{ id: string }>(origin, 'transaction.create', row.input, auth);
      if (result.ok) {
        client.written.set(title, { title, cents: row.cents });
        client.createdIds.set(title, result.data.id);
      }
      return result;
    }
    case 'import': {
      const batch = client.sequence++;
      const rows = Array.from({ length: IMPORT_ROWS }, (_, row) =>
        randomRow(client, `i${client.index}-${batch}-${row}`),
      );
      const result = await call<{ importedCount: number }>(
        origin,
        'transaction.import',
        { rows: rows.map((row) => row.input) },
        auth,
      );
      if (result.ok && result.data.importedCount === IMPORT_ROWS) {
        for (const row of rows) client.written.set(row.input.title, { title: row.input.title, cents: row.cents });
      }
      return result;
    }
    case 'delete': {
      const [title, id] = client.createdIds.entries().next().value ?? [];
      if (!title || !id) return call(origin, 'transaction.list', { pageSize: 5 }, query);
      const result = await call(origin, 'transaction.delete', { id }, auth);
      if (result.ok) {
        client.written.delete(title);
        client.createdIds.delete(title);
      }
      return result;
    }
    case 'refresh': {
      const result = await call<{ accessToken: string }>(
        origin,
        'auth.refresh',
        {},
        {
          refreshToken: client.session.refreshToken,
        },
      );
      if (result.ok && result.refreshToken) {
        client.session = { ...client.session, accessToken: result.data.accessToken, refreshToken: result.refreshToken };
      }
      return result;
    }
    case 'login': {
      const result = await call<{ accessToken: string }>(origin, 'auth.login', {
        email: client.session.email,
        password: STRESS_PASSWORD,
      });
      if (result.ok && result.refreshToken) {
        client.session = { ...client.session, accessToken: result.data.accessToken, refreshToken: result.refreshToken };
      }
      return result;
    }
  }
}

export interface WriteCheck {
  /** Rows the clients were told are stored (created or imported, and not since deleted). */
  acknowledged: number;
  /** Rows the database holds for these clients' users. */
  stored: number;
  lost: number;
  duplicated: number;
  /** Stored rows no client was told about. */
  unacknowledged: number;
  wrongAmounts: number;
  /** Users whose per-day totals (kept by triggers) no longer equal their ledger. */
  totalsDrift: number;
}

/** Compares what the server acknowledged to each client with what the database holds. */
export async function checkWrites(pool: pg.Pool, clients: Client[]): Promise<WriteCheck> {
  const userIds = clients.map((client) => client.session.userId);
  const { rows: stored } = await pool.query<{ user_id: string; title: string; amount_cents: string }>(
    'select user_id, title, amount_cents from transactions where user_id = any($1)',
    [userIds],
  );
  const storedByUser = new Map<string, Map<string, number[]>>();
  for (const row of stored) {
    const titles = storedByUser.get(row.user_id) ?? new Map<string, number[]>();
    titles.set(row.title, [...(titles.get(row.title) ?? []), Number(row.amount_cents)]);
    storedByUser.set(row.user_id, titles);
  }
  const check: WriteCheck = {
    acknowledged: 0,
    stored: stored.length,
    lost: 0,
    duplicated: 0,
    unacknowledged: 0,
    wrongAmounts: 0,
    totalsDrift: 0,
  };
  for (const client of clients) {
    const titles = storedByUser.get(client.session.userId) ?? new Map<string, number[]>();
    check.acknowledged += client.written.size;
    for (const written of client.written.values()) {
      const copies = titles.get(written.title) ?? [];
      if (copies.length === 0) check.lost++;
      if (copies.length > 1) check.duplicated += copies.length - 1;
      if (copies.some((cents) => cents !== written.cents)) check.wrongAmounts++;
    }
    for (const title of titles.keys()) if (!client.written.has(title)) check.unacknowledged++;
  }
  // The dashboard's per-day totals, kept by triggers under concurrent writes, still equal the ledger.
  const { rows: drift } = await pool.query(
    `select distinct coalesce(l.user_id, t.user_id) as user_id from
       (select user_id, date, type, category, sum(amount_cents) as cents, count(*) as n
          from transactions where user_id = any($1) group by 1, 2, 3, 4) l
       full join (select * from transaction_daily_totals where user_id = any($1)) t
         using (user_id, date, type, category)
      where l.cents is distinct from t.amount_cents or l.n is distinct from t.transaction_count`,
    [userIds],
  );
  check.totalsDrift = drift.length;
  return check;
}
