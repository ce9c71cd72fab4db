import type { PaymentMethod, TransactionType } from '@finailytics/shared';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { transactions } from '../../db/schema';

/** An account's transaction as a statement import compares it with the file's rows. */
export interface ExistingAccountRow {
  id: string;
  title: string;
  date: string;
  type: TransactionType;
  amountCents: number;
  sourceId: string | null;
}

/**
 * The account's transactions dated from `from` to `to`, in one statement served by the
 * (user, account, date) index: the file's date range widened by the duplicate window.
 */
export async function findAccountRowsBetween(
  db: Db,
  userId: string,
  accountId: string,
  from: string,
  to: string,
): Promise<ExistingAccountRow[]> {
  const result = await db.execute(sql`
    select id, title, date::text as date, type, amount_cents, source_id
    from ${transactions}
    where user_id = ${userId} and account_id = ${accountId} and date between ${from} and ${to}
    order by date, id
  `);
  const rows = (
    result as unknown as {
      rows: {
        id: string;
        title: string;
        date: string;
        type: TransactionType;
        amount_cents: string | number;
        source_id: string | null;
      }[];
    }
  ).rows;
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    date: row.date,
    type: row.type,
    amountCents: Number(row.amount_cents),
    sourceId: row.source_id,
  }));
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
