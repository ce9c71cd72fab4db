import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { loadEnv } from '../env';
import { createServerDatabase } from './server-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A freshly created and migrated PostgreSQL database for this run; null on the embedded database. */
    testDatabaseUrl: string | null;
    /** The Redis server to test the shared rate-limit store against, when REDIS_URL is set. */
    testRedisUrl: string | null;
    /** A dump of a migrated embedded database, so each test file skips initdb and migrations. */
    pgliteTemplatePath: string | null;
  }
}

/**
 * With DATABASE_URL set, the run gets a database of its own on that server, created and migrated
 * here and dropped afterwards, so runs never see each other's rows. Without it every test file
 * makes its own in-memory embedded database.
 */
export default async function setup(project: TestProject) {
  const { DATABASE_URL: serverUrl, REDIS_URL: redisUrl } = loadEnv({
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(32),
    JWT_REFRESH_SECRET: 'y'.repeat(32),
  });
  project.provide('testRedisUrl', redisUrl ?? null);
  if (!serverUrl) {
    project.provide('testDatabaseUrl', null);
    const template = await createDatabase({});
    await migrateDatabase(template);
    const dump = await template.pglite?.dumpDataDir('none');
    await template.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'finailytics-pglite-'));
    const file = path.join(dir, 'template.tar');
    writeFileSync(file, Buffer.from(await (dump as Blob).arrayBuffer()));
    project.provide('pgliteTemplatePath', file);
    return () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide('pgliteTemplatePath', null);
  const scratch = await createServerDatabase(serverUrl, `finailytics_test_${Date.now()}`);
  const database = await createDatabase({ databaseUrl: scratch.url });
  await migrateDatabase(database);
  await database.close();
  project.provide('testDatabaseUrl', scratch.url);
  return scratch.drop;
}
