import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { createServerDatabase } from './server-database';

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

/**
 * A migrated database no other test file writes to: on a PostgreSQL server a scratch database of its
 * own (dropped on close), else an embedded one. For tests that run the scheduler's jobs, which work
 * through every user's rows: on the run's shared database they would also work through the backlogs
 * other files create at the same time (a daily series from 1900 is tens of thousands of occurrences).
 */
export async function createPrivateTestDatabase(): Promise<PrivateTestDatabase> {
  const url = inject('testDatabaseUrl');
  if (!url) {
    const embedded = await createEmbeddedTestDatabase();
    // The embedded database has one connection; a second "process" shares it.
    return { ...embedded, connectAgain: async () => embedded };
  }
  const scratch = await createServerDatabase(url, 'finailytics_private');
  const database = await createDatabase({ databaseUrl: scratch.url, poolSize: 5 });
  await migrateDatabase(database);
  return {
    ...database,
    connectAgain: () => createDatabase({ databaseUrl: scratch.url, poolSize: 5 }),
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

export interface PrivateTestDatabase extends Database {
  /** Another pool on the same database, standing in for a second server process. */
  connectAgain(): Promise<Database>;
}
