import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type CategoryCount,
  type SortDirection,
  TRANSACTION_LIMITS,
  type TransactionFilters,
  type TransactionSortField,
} from '@finailytics/shared';
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNotNull,
  lte,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, transactionDailyTotals, transactionSearchText, transactions, users } from '../../db/schema';
import type { CalendarDate } from '../../lib/calendar';
import { transactionReceiptId } from '../receipt/receipt.repository';
import type { TransactionRecord, TransactionRow } from './transaction.mapper';

const { userId: _owner, ...rowColumns } = getTableColumns(transactions);

/** The columns a transaction leaves the repository with: the table's own, less the owner. */
export const transactionColumns = rowColumns;

/** A new row: every column the table does not fill in itself. */
export type NewTransaction = Omit<
  TransactionRecord,
  'id' | 'templateId' | 'accountId' | 'transferId' | 'sourceId' | 'clearedAt' | 'createdAt' | 'updatedAt'
> & {
  templateId?: string | null;
  /** Left out, the row goes to the user's default account (the transactions_fill_account trigger). */
  accountId?: string;
  transferId?: string | null;
  sourceId?: string | null;
  clearedAt?: Date | null;
};

export type TransactionChanges = Partial<Omit<TransactionRow, 'id' | 'templateId' | 'createdAt' | 'updatedAt'>>;

/** Characters that are wildcards or the escape in a LIKE pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/**
 * The keyword matches title, category and description literally and case-insensitively. The
 * expression is the one the trigram index is built on, so the index serves it; the fields are
 * joined with a control character that is removed from keywords, so no match spans two fields.
 */
function keywordCondition(keyword: string): SQL | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const cleaned = keyword.replace(/[\u0000-\u001f]/g, '');
  if (!cleaned) return undefined;
  return sql`${transactionSearchText} ilike ${`%${escapeLikePattern(cleaned)}%`} escape '\\'`;
}

export function filterConditions(userId: string, filters: Omit<TransactionFilters, 'sortBy' | 'sortDir'>): SQL {
  const conditions: Array<SQL | undefined> = [eq(transactions.userId, userId)];
  if (filters.type) conditions.push(eq(transactions.type, filters.type));
  if (filters.recurringStatus) {
    conditions.push(eq(transactions.isRecurring, filters.recurringStatus === 'RECURRING'));
  }
  if (filters.category) conditions.push(eq(transactions.category, filters.category));
  if (filters.paymentMethod) conditions.push(eq(transactions.paymentMethod, filters.paymentMethod));
  if (filters.accountId) conditions.push(eq(transactions.accountId, filters.accountId));
  if (filters.from) conditions.push(gte(transactions.date, filters.from));
  if (filters.to) conditions.push(lte(transactions.date, filters.to));
  if (filters.keyword) conditions.push(keywordCondition(filters.keyword));
  return and(...conditions) as SQL;
}

const sortColumns = {
  date: transactions.date,
  amount: transactions.amountCents,
  title: transactions.title,
  createdAt: transactions.createdAt,
} as const;

/**
 * The sort column, then the id in the same direction: a stable order. The NULLS placement is
 * spelled out to match each index (the columns are never null, so it changes no result): the
 * date, amount and creation indexes are `DESC NULLS LAST`, which read backwards is
 * `ASC NULLS FIRST`; the title index is plain ascending. Without the match PostgreSQL cannot
 * read the first page straight off the index and sorts every row of the user instead.
 */
export function orderFor(sortBy: TransactionSortField, sortDir: SortDirection): SQL[] {
  const column = sortColumns[sortBy];
  if (sortBy === 'title') {
    return sortDir === 'asc' ? [asc(column), asc(transactions.id)] : [desc(column), desc(transactions.id)];
  }
  const direction = sortDir === 'asc' ? sql`asc nulls first` : sql`desc nulls last`;
  return [sql`${column} ${direction}`, sql`${transactions.id} ${direction}`];
}

export async function findTransactionPage(
  db: Db,
  where: SQL,
  order: SQL[],
  page: { limit: number; offset: number },
): Promise<Array<TransactionRow & { receiptId: string | null }>> {
  return db
    .select({ ...transactionColumns, receiptId: transactionReceiptId })
    .from(transactions)
    .where(where)
    .orderBy(...order)
    .limit(page.limit)
    .offset(page.offset);
}

export async function countTransactions(db: Db, where: SQL): Promise<number> {
  const [row] = await db.select({ total: count() }).from(transactions).where(where);
  return row?.total ?? 0;
}

export type ListFilters = Omit<TransactionFilters, 'sortBy' | 'sortDir'>;

/**
 * Which list filters the per-day rollup (transaction_daily_totals) can answer: it is keyed by
 * user, day, type and category only. Every filter is named, so a filter added to the list must be
 * placed here before this compiles, and can never be silently left out of a count.
 */
const rollupAnswers: Record<keyof ListFilters, boolean> = {
  type: true,
  category: true,
  from: true,
  to: true,
  keyword: false,
  paymentMethod: false,
  recurringStatus: false,
  // The rollup has no account.
  accountId: false,
};

/**
 * Whether countFromDailyTotals plus countTransferLegs gives the same number as countTransactions over
 * filterConditions. The rollup leaves transfer legs out, so the legs are always counted from the ledger.
 */
export function rollupCanCount(filters: ListFilters): boolean {
  return (Object.keys(rollupAnswers) as Array<keyof ListFilters>).every(
    (name) => rollupAnswers[name] || !filters[name],
  );
}

/**
 * How many of the user's transactions match type, category and date range, summed from the rollup
 * that triggers keep equal to the ledger in the same database transaction as every write: a range
 * scan of one row per day, type and category instead of counting up to millions of ledger rows.
 * The conditions mirror filterConditions exactly (exact category, both date bounds inclusive);
 * only valid when rollupCanCount(filters).
 */
export async function countFromDailyTotals(db: Db, userId: string, filters: ListFilters): Promise<number> {
  const conditions: SQL[] = [eq(transactionDailyTotals.userId, userId)];
  if (filters.type) conditions.push(eq(transactionDailyTotals.type, filters.type));
  if (filters.category) conditions.push(eq(transactionDailyTotals.category, filters.category));
  if (filters.from) conditions.push(gte(transactionDailyTotals.date, filters.from));
  if (filters.to) conditions.push(lte(transactionDailyTotals.date, filters.to));
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${transactionDailyTotals.transactionCount}), 0)`.mapWith(Number) })
    .from(transactionDailyTotals)
    .where(and(...conditions));
  return row?.total ?? 0;
}

/**
 * Transfer legs among the rows `where` matches: what the daily rollup leaves out. The partial index on
 * transfer_id holds only legs, so this costs as many rows as the user has transfer legs.
 */
export async function countTransferLegs(db: Db, where: SQL): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(transactions)
    .where(and(where, isNotNull(transactions.transferId)));
  return row?.total ?? 0;
}

/** How many rows filterConditions(userId, filters) matches, from the rollup when it can answer. */
export async function countMatching(db: Db, userId: string, filters: ListFilters): Promise<number> {
  const where = filterConditions(userId, filters);
  if (!rollupCanCount(filters)) return countTransactions(db, where);
  const [fromRollup, legs] = await Promise.all([
    countFromDailyTotals(db, userId, filters),
    countTransferLegs(db, where),
  ]);
  return fromRollup + legs;
}

/** One of the user's accounts, or undefined when it is not theirs. */
export async function findOwnAccount(
  db: Db,
  userId: string,
  id: string,
): Promise<{ id: string; name: string; isArchived: boolean } | undefined> {
  const [row] = await db
    .select({ id: accounts.id, name: accounts.name, isArchived: accounts.isArchived })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.id, id)));
  return row;
}

/** The user's account names by id (at most MAX_ACCOUNTS_PER_USER rows), for the export's Account column. */
export async function findAccountNames(db: Db, userId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(eq(accounts.userId, userId));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The SQL type of each sort column, to turn a cursor's text back into a value of that column. */
const sortColumnTypes: Record<TransactionSortField, string> = {
  date: 'date',
  amount: 'bigint',
  title: 'text',
  createdAt: 'timestamptz',
};

/** Where a keyset page ends: the last row's sort value (as PostgreSQL writes it, so nothing is rounded) and id. */
export interface TransactionCursor {
  sortValue: string;
  id: string;
}

/**
 * Up to `limit` rows after `cursor` in orderFor's order: a keyset page, which costs the same at the
 * end of a long ledger as at its start (an offset would read and drop every row before it).
 */
export async function findTransactionsAfter(
  db: Db,
  where: SQL,
  sortBy: TransactionSortField,
  sortDir: SortDirection,
  cursor: TransactionCursor | null,
  limit: number,
): Promise<Array<TransactionRow & { sortValue: string }>> {
  const column = sortColumns[sortBy];
  const after = cursor
    ? sql`(${column}, ${transactions.id}) ${sortDir === 'asc' ? sql`>` : sql`<`} (cast(${cursor.sortValue} as ${sql.raw(sortColumnTypes[sortBy])}), ${cursor.id}::uuid)`
    : undefined;
  return db
    .select({ ...transactionColumns, sortValue: sql<string>`${column}::text` })
    .from(transactions)
    .where(and(where, after))
    .orderBy(...orderFor(sortBy, sortDir))
    .limit(limit);
}

export async function findUserTransaction(
  db: Db,
  userId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<(TransactionRow & { templateId: string | null; receiptId: string | null }) | undefined> {
  const query = db
    .select({ ...transactionColumns, templateId: transactions.templateId, receiptId: transactionReceiptId })
    .from(transactions)
    .where(and(eq(transactions.id, id), eq(transactions.userId, userId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function insertTransaction(db: Db, values: NewTransaction, now: Date): Promise<TransactionRow> {
  const [row] = await db
    .insert(transactions)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning(transactionColumns);
  if (!row) throw new Error('Insert returned no row');
  return row;
}

/**
 * Occurrences per insert statement: well under PostgreSQL's 65,535 bind parameters (about 12 per
 * row), and small enough that one statement holds the embedded database (and with it the event
 * loop) for tens of milliseconds, not hundreds. Each statement also keeps the daily totals and the
 * account balances, and at 250 rows a catch-up held the loop for 200-390 ms on two busy cores.
 */
const INSERT_CHUNK_ROWS = 100;

/**
 * Inserts one-off (never recurring) transactions in a single statement: each column travels as one
 * array parameter and `unnest` turns them back into rows, which is several times faster than a
 * multi-row VALUES list and has no bind-parameter limit. The caller wraps it in a transaction when
 * it must land together with other writes. A row with a source id the account already holds is
 * skipped (ON CONFLICT on the partial unique index), so an import racing another of the same file
 * stores each row once; rows without one never conflict. Returns how many rows were stored.
 */
export async function insertOneOffTransactions(db: Db, rows: NewTransaction[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const column = <K extends keyof NewTransaction>(key: K) => sql.param(rows.map((row) => row[key] ?? null));
  // The conflict check runs after the transactions_fill_account trigger, so a row naming no account
  // is checked against the default account it lands in.
  const result = await db.execute(sql`
    insert into ${transactions}
      (user_id, account_id, title, description, type, amount_cents, category, date, payment_method, source_id,
       is_recurring, created_at, updated_at)
    select r.user_id, r.account_id, r.title, r.description, r.type::transaction_type, r.amount_cents, r.category, r.date,
      r.payment_method::payment_method, r.source_id, false, ${now}, ${now}
    from unnest(
      ${column('userId')}::uuid[], ${column('accountId')}::uuid[], ${column('title')}::text[], ${column('description')}::text[],
      ${column('type')}::text[], ${column('amountCents')}::bigint[], ${column('category')}::text[],
      ${column('date')}::date[], ${column('paymentMethod')}::text[], ${column('sourceId')}::text[]
    ) as r(user_id, account_id, title, description, type, amount_cents, category, date, payment_method, source_id)
    on conflict (account_id, source_id) where source_id is not null do nothing
    returning id
  `);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

/** The user's default account, or undefined while they have none (it is made on their first write). */
export async function findDefaultAccountId(db: Db, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.isDefault, true)));
  return row?.id;
}

/**
 * Which of `sourceIds` the account already holds: one statement, the ids as one array parameter,
 * answered by the (account, source id) unique index. At most an import's worth of ids.
 */
export async function findKnownSourceIds(
  db: Db,
  userId: string,
  accountId: string,
  sourceIds: readonly string[],
): Promise<Set<string>> {
  if (sourceIds.length === 0) return new Set();
  if (sourceIds.length > TRANSACTION_LIMITS.importRowsMax) throw new Error('Too many source ids for one query');
  const result = await db.execute(sql`
    select source_id from ${transactions}
    where account_id = ${accountId} and user_id = ${userId} and source_id = any(${sql.param(sourceIds)}::text[])
  `);
  return new Set((result as unknown as { rows: { source_id: string }[] }).rows.map((row) => row.source_id));
}

/**
 * Occurrences of a recurring template. A (template, date) pair that already exists is skipped, so
 * running this twice for the same dates never creates a second copy. Returns how many were new.
 */
export async function insertOccurrences(db: Db, rows: NewTransaction[], now: Date): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
    // A turn of the event loop between statements: the embedded database answers without one.
    if (start > 0) await yieldToEventLoop();
    const chunk = rows
      .slice(start, start + INSERT_CHUNK_ROWS)
      .map((row) => ({ ...row, createdAt: now, updatedAt: now }));
    const result = await db
      .insert(transactions)
      .values(chunk)
      .onConflictDoNothing({ target: [transactions.templateId, transactions.date] })
      .returning({ id: transactions.id });
    inserted += result.length;
  }
  return inserted;
}

export async function updateUserTransaction(
  db: Db,
  userId: string,
  id: string,
  // templateId null: the occurrence becomes a series of its own (a split).
  changes: TransactionChanges & { templateId?: null },
  now: Date,
): Promise<TransactionRow | undefined> {
  const [row] = await db
    .update(transactions)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(transactions.id, id), eq(transactions.userId, userId)))
    .returning(transactionColumns);
  return row;
}

export async function deleteUserTransactions(db: Db, userId: string, ids: string[]): Promise<number> {
  const deleted = await db
    .delete(transactions)
    .where(and(eq(transactions.userId, userId), inArray(transactions.id, ids)))
    .returning({ id: transactions.id });
  return deleted.length;
}

/** The latest occurrence a template has created, so a changed schedule resumes after it. */
export async function findLatestOccurrenceDate(db: Db, templateId: string): Promise<string | null> {
  const [row] = await db
    .select({ date: sql<string | null>`max(${transactions.date})` })
    .from(transactions)
    .where(eq(transactions.templateId, templateId));
  return row?.date ?? null;
}

/**
 * A series' template, locked for the caller's transaction. Waits for a recurring job that holds it
 * (unlike lockTemplate, which passes it by): an edit of the series must see the schedule the job
 * leaves, and the job cannot make an occurrence of it until the edit commits.
 */
export async function lockSeriesTemplate(
  tx: Db,
  userId: string,
  templateId: string,
): Promise<TransactionRow | undefined> {
  const [row] = await tx
    .select(transactionColumns)
    .from(transactions)
    .where(and(eq(transactions.id, templateId), eq(transactions.userId, userId)))
    .for('update');
  return row;
}

/** The first and last date among a template's occurrences after `after`, or nulls when it has none. */
export async function findOccurrenceSpanAfter(
  db: Db,
  templateId: string,
  after: CalendarDate,
): Promise<{ first: CalendarDate | null; last: CalendarDate | null }> {
  const [row] = await db
    .select({
      first: sql<string | null>`min(${transactions.date})`,
      last: sql<string | null>`max(${transactions.date})`,
    })
    .from(transactions)
    .where(and(eq(transactions.templateId, templateId), gt(transactions.date, after)));
  return { first: row?.first ?? null, last: row?.last ?? null };
}

/** The fields an edit of a series passes on to its occurrences; their dates stay their own. */
export type OccurrenceChanges = Partial<
  Pick<TransactionRow, 'title' | 'description' | 'type' | 'amountCents' | 'category' | 'paymentMethod'>
>;

/**
 * Rewrites the first `limit` occurrences of a template dated after `after` (all dates when null), in
 * date order and one statement: gives them `changes` and, with `toTemplateId`, moves them to that
 * series. Answers the last date it rewrote, where the next call goes on, or null when none was left.
 * The (template, date) unique index serves both the order and the keyset.
 */
export async function updateOccurrencesAfter(
  tx: Db,
  target: { userId: string; templateId: string; after: CalendarDate | null },
  changes: OccurrenceChanges & { toTemplateId?: string },
  now: Date,
  limit: number,
): Promise<CalendarDate | null> {
  const { toTemplateId, ...fields } = changes;
  const chunk = tx
    .select({ id: transactions.id })
    .from(transactions)
    .where(
      and(
        eq(transactions.templateId, target.templateId),
        target.after === null ? undefined : gt(transactions.date, target.after),
      ),
    )
    .orderBy(asc(transactions.date))
    .limit(limit);
  // The latest date is read in SQL: `UPDATE … RETURNING` gives its rows in no defined order.
  const updated = tx.$with('updated').as(
    tx
      .update(transactions)
      .set({ ...fields, ...(toTemplateId ? { templateId: toTemplateId } : {}), updatedAt: now })
      .where(and(eq(transactions.userId, target.userId), inArray(transactions.id, chunk)))
      .returning({ date: transactions.date }),
  );
  const [row] = await tx
    .with(updated)
    .select({ last: sql<CalendarDate | null>`max(${updated.date})` })
    .from(updated);
  return row?.last ?? null;
}

/**
 * The user's categories with how many transactions use each, read from the per-day rollup that
 * triggers keep exact (transaction_daily_totals): a few thousand rows per user instead of a scan
 * of the whole ledger, so autocomplete stays instant at a million transactions.
 */
export async function findCategoryCounts(db: Db, userId: string): Promise<CategoryCount[]> {
  const total = sql<number>`sum(${transactionDailyTotals.transactionCount})::int`;
  return db
    .select({ category: transactionDailyTotals.category, count: total })
    .from(transactionDailyTotals)
    .where(eq(transactionDailyTotals.userId, userId))
    .groupBy(transactionDailyTotals.category)
    .having(sql`sum(${transactionDailyTotals.transactionCount}) > 0`)
    .orderBy(desc(total), asc(transactionDailyTotals.category));
}

/** A template whose series still runs: recurring, with an interval and a next date. */
const isLiveTemplate = and(
  eq(transactions.isRecurring, true),
  isNotNull(transactions.nextRecurringDate),
  isNotNull(transactions.recurringInterval),
);

/**
 * Up to `limit` ids of templates due by `horizon`, after `afterId` in id order: one page of the
 * recurring job's work, read without locks (each template is locked on its own afterwards).
 */
export async function findDueTemplateIds(
  db: Db,
  horizon: CalendarDate,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(
      and(
        isLiveTemplate,
        lte(transactions.nextRecurringDate, horizon),
        afterId === null ? undefined : gt(transactions.id, afterId),
      ),
    )
    .orderBy(asc(transactions.id))
    .limit(limit);
  return rows.map((row) => row.id);
}

/**
 * The template with its owner's time zone, locked for the caller's transaction; undefined when it is
 * gone, no longer due by `horizon`, or being handled by another process right now (SKIP LOCKED: that
 * process is working on it, so this one passes it by).
 */
export async function lockTemplate(
  tx: Db,
  id: string,
  horizon: CalendarDate,
): Promise<(TransactionRecord & { timezone: string }) | undefined> {
  const [row] = await tx
    .select({ ...getTableColumns(transactions), timezone: users.timezone })
    .from(transactions)
    .innerJoin(users, eq(users.id, transactions.userId))
    .where(and(eq(transactions.id, id), isLiveTemplate, lte(transactions.nextRecurringDate, horizon)))
    .for('update', { of: transactions, skipLocked: true });
  return row;
}

/**
 * The user's templates due by `today`, locked for the caller's transaction in id order. A template
 * another process holds is waited for, not skipped; PostgreSQL then reads it again, and one that
 * process advanced past `today` no longer matches.
 */
export async function lockUserTemplates(tx: Db, userId: string, today: CalendarDate): Promise<TransactionRecord[]> {
  return tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.userId, userId), isLiveTemplate, lte(transactions.nextRecurringDate, today)))
    .orderBy(asc(transactions.id))
    .for('update');
}

/** Moves the template on to its next occurrence; null ends the series. */
export async function advanceTemplate(tx: Db, id: string, nextRecurringDate: CalendarDate | null): Promise<void> {
  await tx.update(transactions).set({ nextRecurringDate }).where(eq(transactions.id, id));
}
