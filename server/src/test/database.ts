import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../db/client';
import { migrateDatabase } from '../db/migrate';

/**
 * A migrated database for one test file: in-memory embedded PostgreSQL by default, or the run's
 * database on a PostgreSQL server when DATABASE_URL is set (see global-setup.ts).
 */
export async function createTestDatabase(): Promise<Database> {
  const url = inject('testDatabaseUrl');
  if (url) return createDatabase({ databaseUrl: url, poolSize: 5 });
  return createEmbeddedTestDatabase();
}

/** A migrated embedded database of its own, whichever database the run uses (for embedded-only behaviour). */
export async function createEmbeddedTestDatabase(): Promise<Database> {
  const template = inject('pgliteTemplatePath');
  if (template) return createDatabase({ loadDataDir: new Blob([readFileSync(template)]) });
  const database = await createDatabase({});
  await migrateDatabase(database);
  return database;
}
