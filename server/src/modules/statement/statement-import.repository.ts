import type { PaymentMethod, TransactionType } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { transactions } from '../../db/schema';

/** An account's transaction as a statement import compares it with the file's rows. */
export interface ExistingAccountRow {
  id: string;
  /** Null for a row with a source id: only its source id is compared. */
  title: string | null;
  date: string;
  type: TransactionType;
  amountCents: number;
  sourceId: string | null;
}

/** Where one batch of an account's rows ended, in (date, id) order. */
export interface AccountRowCursor {
  date: string;
  id: string;
}

export interface AccountRowBatch {
  /** The batch's rows that can matter: those with a source id, and manual rows with one of the amounts. */
  rows: ExistingAccountRow[];
  /** Rows the batch read, matching or not; fewer than the limit means the range is done. */
  scanned: number;
  /** The last row read, where the next batch starts; null when the batch read nothing. */
  last: AccountRowCursor | null;
}

/**
 * The next `limit` of the account's transactions dated from `from` to `to`, in (date, id) order after
 * `after`, read on the (user, account, date, id) index: one statement whose work is bounded by
 * `limit` however many rows the account holds in the range. Of those it answers only the rows with a
 * source id (which may be a file row imported before) and the rows whose amount is among
 * `amountsCents` (which may be a possible duplicate; only these come with their title); the rest
 * cannot match any row of the file.
 */
export async function findAccountRowBatch(
  db: Db,
  userId: string,
  accountId: string,
  range: { from: string; to: string },
  amountsCents: readonly number[],
  after: AccountRowCursor | null,
  limit: number,
): Promise<AccountRowBatch> {
  const afterCursor = after ? sql`and (date, id) > (${after.date}::date, ${after.id}::uuid)` : sql``;
  // The indexes hold (date, id) DESC NULLS LAST; only this order (the same read backwards) lets the
  // limit stop the index scan, where any other order reads and sorts every row in the range.
  const result = await db.execute(sql`
    with scanned as (
      select id, title, date, type, amount_cents, source_id
      from ${transactions}
      where user_id = ${userId} and account_id = ${accountId} and date between ${range.from} and ${range.to}
        ${afterCursor}
      order by date nulls first, id nulls first
      limit ${limit}
    ),
    tail as (
      select id, date, count(*) over () as scanned from scanned order by date desc, id desc limit 1
    )
    select s.id, case when s.amount_cents = any(${sql.param(amountsCents)}::bigint[]) then s.title end as title,
      s.date::text as date, s.type,
      s.amount_cents, s.source_id, null::int as scanned
    from scanned as s
    where s.source_id is not null or s.amount_cents = any(${sql.param(amountsCents)}::bigint[])
    union all
    select t.id, null, t.date::text, null, null, null, t.scanned::int from tail as t
  `);
  const raw = (
    result as unknown as {
      rows: {
        id: string;
        title: string | null;
        date: string;
        type: TransactionType | null;
        amount_cents: string | number | null;
        source_id: string | null;
        scanned: number | null;
      }[];
    }
  ).rows;
  const rows: ExistingAccountRow[] = [];
  let scanned = 0;
  let last: AccountRowCursor | null = null;
  for (const row of raw) {
    if (row.scanned !== null) {
      scanned = Number(row.scanned);
      last = { date: row.date, id: row.id };
      continue;
    }
    rows.push({
      id: row.id,
      title: row.title,
      date: row.date,
      type: row.type as TransactionType,
      amountCents: Number(row.amount_cents),
      sourceId: row.source_id,
    });
  }
  return { rows, scanned, last };
}

export interface NewStatementTransaction {
  title: string;
  description: string | null;
  type: TransactionType;
  amountCents: number;
  category: string;
  date: string;
  paymentMethod: PaymentMethod;
  sourceId: string;
}

/**
 * Inserts statement rows into one account, skipping any whose source id the account already holds
 * (ON CONFLICT on the partial unique index), so an import that races another of an overlapping
 * statement never stores a row twice. Columns travel as arrays and `unnest` turns them into rows.
 * Returns how many rows were new.
 */
export async function insertStatementTransactions(
  db: Db,
  userId: string,
  accountId: string,
  rows: readonly NewStatementTransaction[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const column = <K extends keyof NewStatementTransaction>(key: K) => sql.param(rows.map((row) => row[key]));
  const result = await db.execute(sql`
    insert into ${transactions}
      (user_id, account_id, title, description, type, amount_cents, category, date, payment_method,
       source_id, is_recurring, created_at, updated_at)
    select ${userId}::uuid, ${accountId}::uuid, r.title, r.description, r.type::transaction_type, r.amount_cents,
      r.category, r.date, r.payment_method::payment_method, r.source_id, false, ${now}, ${now}
    from unnest(
      ${column('title')}::text[], ${column('description')}::text[], ${column('type')}::text[],
      ${column('amountCents')}::bigint[], ${column('category')}::text[], ${column('date')}::date[],
      ${column('paymentMethod')}::text[], ${column('sourceId')}::text[]
    ) as r(title, description, type, amount_cents, category, date, payment_method, source_id)
    on conflict (account_id, source_id) where source_id is not null do nothing
    returning id
  `);
  return (result as unknown as { rows: { id: string }[] }).rows.length;
}
