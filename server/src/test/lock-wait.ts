import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import type { Db } from '../db/client';

/**
 * Resolves once some statement on this database waits for a lock (PostgreSQL server only): the call
 * a test started has reached the row another connection holds. Fails after five seconds, naming `who`.
 */
export async function untilSomethingWaitsForALock(db: Db, who: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    // Raw SQL results are typed per driver; only whether a row came back matters here.
    const waiting = (await db.execute(
      sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    )) as { rows: unknown[] };
    if (waiting.rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${who} never waited for the lock`);
}

/**
 * The databases a test of two transactions at once runs on, for `describe.each`: the PostgreSQL
 * server's URL with DATABASE_URL, none on the embedded database, whose one connection runs one
 * transaction at a time.
 */
export function concurrentDatabases(): string[] {
  const url = inject('testDatabaseUrl');
  return url ? [url] : [];
}

/** How a call ended: its value, or the error it was refused with (caught at once, so never unhandled). */
export const settled = <T>(call: Promise<T>) =>
  call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
