import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, queryRows } from './client';
import { buildTemplate } from './template';

describe('buildTemplate', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'finailytics-template-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('makes a migrated cluster of one database, readable by anyone, that a new data folder starts from', async () => {
    const template = path.join(root, 'template');
    await buildTemplate(template);
    // Built by one user and copied by another: folders and files readable by all.
    expect(statSync(path.join(template, 'pgdata', 'base')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(template, 'pgdata', 'PG_VERSION')).mode & 0o777).toBe(0o644);
    // One folder per database under base/: the template databases are gone, only `postgres` is left.
    expect(readdirSync(path.join(template, 'pgdata', 'base'))).toHaveLength(1);

    const database = await createDatabase({ dataDir: path.join(root, 'data'), templateDir: template });
    try {
      expect(database.fromTemplate).toBe(true);
      const names = await queryRows<{ datname: string }>(database.db, sql`select datname from pg_database`);
      expect(names).toEqual([{ datname: 'postgres' }]);
      // Migrated: the app's tables are there, empty.
      const users = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from users`);
      expect(users).toEqual([{ count: 0 }]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
