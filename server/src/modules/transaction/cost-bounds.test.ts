import { CSV_COLUMNS, IMPORT_FIELDS, TRANSACTION_LIMITS, type User } from '@finailytics/shared';
import { TRPCError } from '@trpc/server';
import { stringify } from 'csv-stringify/sync';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { onWakeJob } from '../../jobs/wake';
import { addDays, daysBetween, formatCalendarDate } from '../../lib/calendar';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { usePrivateTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { dueOccurrences, OCCURRENCE_BATCH, occurrenceAfter } from './recurrence';
import { materializeDueRecurringTransactions } from './recurrence.job';
import { CSV_MAX_RECORDS, type CsvReadProgress, formatCents, readCsvImport } from './transaction.csv';
import { insertOneOffTransactions, type NewTransaction } from './transaction.repository';
import { INLINE_OCCURRENCES } from './transaction.service';

const database = usePrivateTestDatabase();

async function signedIn(now: string) {
  const clock = new ManualClock(now);
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  return { user, caller, clock };
}

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

async function occurrenceCount(user: User): Promise<number> {
  const [row] = await database.db
    .select({ total: count() })
    .from(transactions)
    .where(and(eq(transactions.userId, user.id), isNotNull(transactions.templateId)));
  return row?.total ?? 0;
}

const dailySeries = (date: string) => ({
  title: 'Coffee',
  type: 'EXPENSE' as const,
  amount: 3,
  category: 'Food',
  date,
  isRecurring: true,
  recurringInterval: 'DAILY' as const,
});

describe('cost bounds: dates and recurrence', () => {
  it('refuses a daily series in 9999 at once, on create and on update', async () => {
    const { caller } = await signedIn('2026-03-15T12:00:00Z');
    const created = await errorOf(caller.transaction.create(dailySeries('9999-12-31')));
    expect(created.code).toBe('BAD_REQUEST');
    expect(created.message).toContain('Date must be in 2100 or earlier');
    const saved = await caller.transaction.create({ ...dailySeries('2026-03-15'), recurringEndDate: '2026-03-20' });
    const moved = await errorOf(caller.transaction.update({ id: saved.id, date: '9999-12-31' }));
    expect(moved.message).toContain('Date must be in 2100 or earlier');
    const ended = await errorOf(caller.transaction.update({ id: saved.id, recurringEndDate: '2101-01-01' }));
    expect(ended.message).toContain('Date must be in 2100 or earlier');
    expect((await caller.transaction.get({ id: saved.id })).date).toBe('2026-03-15');
  });

  it('refuses a recurring end date past 2100 on create', async () => {
    const { caller } = await signedIn('2026-03-15T12:00:00Z');
    const error = await errorOf(
      caller.transaction.create({ ...dailySeries('2026-03-15'), recurringEndDate: '9999-12-31' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('Date must be in 2100 or earlier');
  });

  it('refuses list and export filters outside 1900–2100', async () => {
    const { caller } = await signedIn('2026-03-15T12:00:00Z');
    expect((await errorOf(caller.transaction.list({ from: '1899-12-31' }))).message).toContain('1900 or later');
    expect((await errorOf(caller.transaction.exportCsv({ to: '2101-01-01' }))).message).toContain('2100 or earlier');
  });

  it('never writes a five-digit year: arithmetic past 9999 throws instead of sorting before it', () => {
    expect(formatCalendarDate(9999, 12, 31)).toBe('9999-12-31');
    expect(formatCalendarDate(50, 1, 1)).toBe('0050-01-01');
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => formatCalendarDate(10_000, 1, 1)).toThrow(RangeError);
  });

  it('finds the occurrence strictly after a date, never the date itself', () => {
    expect(occurrenceAfter('2026-01-31', 'MONTHLY', '2026-02-28')).toBe('2026-03-31');
    expect(occurrenceAfter('2026-01-01', 'DAILY', '2026-01-05')).toBe('2026-01-06');
    expect(occurrenceAfter('2100-12-25', 'WEEKLY', '2100-12-25')).toBe('2101-01-01');
  });

  it('hands out at most one batch of due dates per call, resuming where it stopped', () => {
    const template = {
      date: '1900-01-01',
      recurringInterval: 'DAILY' as const,
      nextRecurringDate: '1900-01-02',
      recurringEndDate: null,
    };
    const first = dueOccurrences(template, '2026-03-15');
    expect(first.dates).toHaveLength(OCCURRENCE_BATCH);
    expect(first.dates.at(-1)).toBe(addDays('1900-01-02', OCCURRENCE_BATCH - 1));
    expect(first.next).toBe(addDays('1900-01-02', OCCURRENCE_BATCH));
  });

  it('saves a series from 2099 with a bounded catch-up, wakes the scheduler, which finishes it in batches', async () => {
    const { user, caller, clock } = await signedIn('2100-12-31T12:00:00Z');
    const woken: string[] = [];
    const stop = onWakeJob((job) => woken.push(job));
    const template = await caller.transaction.create(dailySeries('2099-01-01')).finally(stop);
    expect(woken).toEqual(['recurring-transactions']);
    expect(await occurrenceCount(user)).toBe(INLINE_OCCURRENCES);
    // What the user sees meanwhile: the date the series has reached, still in the past.
    expect(template.nextRecurringDate).toBe(addDays('2099-01-02', INLINE_OCCURRENCES));

    const batches: string[] = [];
    await materializeDueRecurringTransactions(
      { db: database.db, clock },
      { beforeCommit: (id) => void batches.push(id) },
    );
    const expected = daysBetween('2099-01-01', '2100-12-31');
    expect(await occurrenceCount(user)).toBe(expected);
    expect(batches.filter((id) => id === template.id)).toHaveLength(
      Math.ceil((expected - INLINE_OCCURRENCES) / OCCURRENCE_BATCH),
    );
    expect((await caller.transaction.get({ id: template.id })).nextRecurringDate).toBe('2101-01-01');
    // Nothing is created twice by a second run.
    expect((await materializeDueRecurringTransactions({ db: database.db, clock })).occurrences).toBe(0);
    expect(await occurrenceCount(user)).toBe(expected);
  }, 120_000);

  it('creates a daily series from 1900 without 46k rows in the request; the scheduler then makes exactly the rest', async () => {
    const { user, caller, clock } = await signedIn('2026-12-01T12:00:00Z');
    const template = await caller.transaction.create(dailySeries('1900-01-01'));
    expect(await occurrenceCount(user)).toBe(INLINE_OCCURRENCES);
    await materializeDueRecurringTransactions({ db: database.db, clock });
    expect(await occurrenceCount(user)).toBe(daysBetween('1900-01-01', '2026-12-01'));
    expect((await caller.transaction.get({ id: template.id })).nextRecurringDate).toBe('2026-12-02');
  }, 180_000);
});

const header = IMPORT_FIELDS.map((field) => CSV_COLUMNS[field]).join(',');
const csvLine = (index: number) => `Item ${index},EXPENSE,1.00,Food,,2026-01-01,CASH`;

describe('cost bounds: CSV import', () => {
  it('refuses 1 MB of blank lines after reading only the first rows, naming the limit', async () => {
    const csv = `${header}\n${'\n'.repeat(1024 * 1024)}`;
    const progress: CsvReadProgress = { charactersRead: 0, records: 0 };
    const error = await readCsvImport(csv, { dateFormat: 'YYYY-MM-DD' }, progress).catch((e: unknown) => e);
    expect(String(error)).toContain('more than 20,000 rows, blank ones included');
    expect(String(error)).toContain('at most 10,000 transactions');
    expect(progress.records).toBe(CSV_MAX_RECORDS + 1);
    expect(progress.charactersRead).toBeLessThan(csv.length / 4);
  });

  it('refuses 5 MB of ragged "a,b" rows after the first 10,000, naming the limit', async () => {
    const csv = `${header}\n${'a,b\n'.repeat(Math.floor((TRANSACTION_LIMITS.csvMaxBytes - header.length) / 4) - 1)}`;
    const progress: CsvReadProgress = { charactersRead: 0, records: 0 };
    const error = await readCsvImport(csv, { dateFormat: 'YYYY-MM-DD' }, progress).catch((e: unknown) => e);
    expect(String(error)).toContain('more than 10,000 transactions; at most 10,000 can be imported at once');
    expect(progress.records).toBe(TRANSACTION_LIMITS.importRowsMax + 2);
    expect(progress.charactersRead).toBeLessThan(csv.length / 10);
  });

  it('imports exactly 10,000 rows and refuses 10,001 through the API', async () => {
    const { user, caller } = await signedIn('2026-03-15T12:00:00Z');
    const rows = Array.from({ length: TRANSACTION_LIMITS.importRowsMax + 1 }, (_, index) => csvLine(index));
    const refused = await errorOf(caller.transaction.importCsv({ csv: [header, ...rows].join('\r\n') }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain('at most 10,000 can be imported at once');
    const accepted = await caller.transaction.importCsv({ csv: [header, ...rows.slice(1)].join('\r\n') });
    expect(accepted.importedCount).toBe(TRANSACTION_LIMITS.importRowsMax);
    const [row] = await database.db
      .select({ total: count() })
      .from(transactions)
      .where(eq(transactions.userId, user.id));
    expect(row?.total).toBe(TRANSACTION_LIMITS.importRowsMax);
  }, 60_000);
});

function seeds(userId: string, total: number): NewTransaction[] {
  return Array.from({ length: total }, (_, index) => ({
    userId,
    title: index % 7 === 0 ? `=Formula ${index}` : `Item ${index}`,
    description: index % 3 === 0 ? 'with "quotes", and a comma' : null,
    type: index % 2 === 0 ? 'EXPENSE' : 'INCOME',
    amountCents: 100 + (index % 50) * 37,
    category: 'Food',
    // Many rows share a date (and an amount), so ties go to the id.
    date: addDays('2020-01-01', index % 40),
    paymentMethod: 'CASH',
    isRecurring: false,
    recurringInterval: null,
    nextRecurringDate: null,
    recurringEndDate: null,
  }));
}

describe('cost bounds: CSV export', () => {
  it('writes a ledger over several pages byte for byte as one pass over every row would', async () => {
    const { user, caller } = await signedIn('2026-03-15T12:00:00Z');
    await insertOneOffTransactions(database.db, seeds(user.id, 2500), new Date('2026-03-15T12:00:00Z'));
    for (const order of [
      { sortBy: 'date', sortDir: 'desc' },
      { sortBy: 'amount', sortDir: 'asc' },
      { sortBy: 'title', sortDir: 'desc' },
    ] as const) {
      const listed = [];
      for (let page = 1; page <= 25; page++) {
        listed.push(...(await caller.transaction.list({ ...order, page, pageSize: 100 })).items);
      }
      const asText = (text: string) => (/^[=+\-@\t\r']/.test(text) ? `'${text}` : text);
      const reference = stringify(
        [
          [...IMPORT_FIELDS.map((field) => CSV_COLUMNS[field]), 'Account'],
          ...listed.map((item) => [
            asText(item.title),
            item.type,
            formatCents(Math.round(item.amount * 100)),
            asText(item.category),
            asText(item.description ?? ''),
            item.date,
            item.paymentMethod,
            'Main account',
          ]),
        ],
        { bom: true, record_delimiter: '\r\n' },
      );
      expect(await caller.transaction.exportCsv(order)).toBe(reference);
    }
  }, 60_000);

  it('refuses an export over 50,000 rows with the limit and a way out', async () => {
    const { user, caller } = await signedIn('2026-03-15T12:00:00Z');
    const now = new Date('2026-03-15T12:00:00Z');
    const rows = seeds(user.id, TRANSACTION_LIMITS.exportRowsMax + 1);
    for (let start = 0; start < rows.length; start += 5000) {
      await insertOneOffTransactions(database.db, rows.slice(start, start + 5000), now);
    }
    const error = await errorOf(caller.transaction.exportCsv({}));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'The export would hold 50,001 transactions; at most 50,000 can be exported at once. Narrow it with a date range or another filter.',
    );
    const narrowed = await caller.transaction.exportCsv({ keyword: 'Item 1' });
    expect(narrowed.split('\r\n').length).toBeGreaterThan(1000);
  }, 120_000);
});
