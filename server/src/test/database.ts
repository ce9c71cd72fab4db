import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase, type Database } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { settleBackgroundTasks } from '../modules/auth/background';
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

/**
 * The test file's database, opened before its tests and closed after them: a handle usable as a
 * top-level `const` that reads through to the database the hook opened. Mail sent in the background
 * (after sign-up or a reset request) may still query it, so that work finishes before it closes.
 */
export function useTestDatabase(open: () => Promise<Database> = createTestDatabase): Database {
  return openedForTheFile(open).handle;
}

/** useTestDatabase on an embedded database of its own, whichever database the run uses. */
export function useEmbeddedTestDatabase(): Database {
  return useTestDatabase(createEmbeddedTestDatabase);
}

/** useTestDatabase on a database no other test file writes to (see createPrivateTestDatabase). */
export function usePrivateTestDatabase(): PrivateTestDatabase {
  const { handle, opened } = openedForTheFile(createPrivateTestDatabase);
  return Object.assign(handle, { connectAgain: () => opened().connectAgain() });
}

function openedForTheFile<T extends Database>(open: () => Promise<T>): { handle: Database; opened: () => T } {
  let current: T | undefined;
  beforeAll(async () => {
    current = await open();
  });
  afterAll(async () => {
    await settleBackgroundTasks();
    await current?.close();
    current = undefined;
  });
  const opened = (): T => {
    if (!current) throw new Error('The test database is open only inside tests and the hooks after it opens');
    return current;
  };
  const handle: Database = {
    get db() {
      return opened().db;
    },
    get pglite() {
      return opened().pglite;
    },
    get kind() {
      return opened().kind;
    },
    ping: () => opened().ping(),
    poolStats: () => opened().poolStats(),
    close: () => opened().close(),
  };
  return { handle, opened };
}
