import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../lib/paths';
import type { Database } from './client';

// Any constant works; it only has to be the same for every instance of this app.
const MIGRATION_LOCK_KEY = 727_431_005;

/** Applies pending migrations. Several instances starting at once take turns through an advisory lock. */
export async function migrateDatabase(database: Database): Promise<void> {
  const migrationsPath = migrationsFolder();
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: migrationsPath });
    return;
  }
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await migrateNodePg(tx as unknown as NodePgDatabase, { migrationsFolder: migrationsPath });
  });
}

/**
 * Whether the build's template (dist/pgdata-template) was made from exactly the migrations this
 * release has: a database just copied from it then has nothing to migrate, and the migrator's
 * reading of every migration file and its queries can be skipped at the first start.
 */
export function templateIsCurrent(templateDir: string): boolean {
  try {
    const madeFrom = JSON.parse(readFileSync(path.join(templateDir, 'made-from.json'), 'utf8')) as {
      migrations?: unknown;
    };
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: Array<{ tag: string }>;
    };
    return JSON.stringify(madeFrom.migrations) === JSON.stringify(journal.entries.map((entry) => entry.tag));
  } catch {
    return false;
  }
}
