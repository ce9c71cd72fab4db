import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './client';

/*
 * The embedded database (PGlite) is a single PostgreSQL backend with no autovacuum workers, although
 * `show autovacuum` says on: dead row versions pile up and planner statistics go stale, and the
 * ledger and its daily rollup (one dead version per write) slow down. This applies autovacuum's own
 * thresholds from the scheduler instead. A PostgreSQL server does this by itself.
 */

// PostgreSQL's defaults: autovacuum_vacuum_threshold/scale_factor and autovacuum_analyze_*.
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE_FACTOR = 0.2;
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE_FACTOR = 0.1;

export interface MaintenanceResult {
  vacuumed: string[];
  analyzed: string[];
}

interface TableActivity extends Record<string, unknown> {
  relname: string;
  n_live_tup: number | string;
  n_dead_tup: number | string;
  n_mod_since_analyze: number | string;
}

/** Vacuums (and analyzes) each table past autovacuum's thresholds; analyzes those only past the analyze one. */
export async function vacuumWhereNeeded(db: Db): Promise<MaintenanceResult> {
  // This backend's own counts reach the statistics only when flushed, which it otherwise does lazily.
  await db.execute(sql`select pg_stat_force_next_flush()`);
  const rows = await queryRows<TableActivity>(
    db,
    sql`select relname, n_live_tup, n_dead_tup, n_mod_since_analyze
        from pg_stat_user_tables where schemaname = 'public'`,
  );
  const result: MaintenanceResult = { vacuumed: [], analyzed: [] };
  for (const table of rows) {
    const live = Number(table.n_live_tup);
    const name = sql.identifier(table.relname);
    if (Number(table.n_dead_tup) > VACUUM_THRESHOLD + VACUUM_SCALE_FACTOR * live) {
      await db.execute(sql`vacuum (analyze) ${name}`);
      result.vacuumed.push(table.relname);
    } else if (Number(table.n_mod_since_analyze) > ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * live) {
      await db.execute(sql`analyze ${name}`);
      result.analyzed.push(table.relname);
    }
  }
  return result;
}
