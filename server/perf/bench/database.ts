import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDatabase, type Database } from '../../src/db/client';
import { createServerDatabase, type ServerDatabase } from '../../src/test/server-database';
import { seedTransactions } from './seed';

type Rows<T> = { rows: T[] };

/**
 * The database a benchmark run owns: a fresh embedded one in a temporary folder, or a scratch
 * database created on the PostgreSQL server named by DATABASE_URL and dropped afterwards.
 */
export class BenchDatabase {
  readonly kind: 'pglite' | 'postgres';
  readonly #dataDir: string | undefined;
  readonly #scratch: ServerDatabase | undefined;

  private constructor(options: { dataDir?: string; scratch?: ServerDatabase }) {
    this.kind = options.scratch ? 'postgres' : 'pglite';
    this.#dataDir = options.dataDir;
    this.#scratch = options.scratch;
  }

  static async create(serverUrl: string | undefined): Promise<BenchDatabase> {
    if (!serverUrl) return new BenchDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), 'finailytics-bench-')) });
    return new BenchDatabase({ scratch: await createServerDatabase(serverUrl, 'finailytics_bench') });
  }

  get #url(): string | undefined {
    return this.#scratch?.url;
  }

  /** The variables that point the server at this database. */
  serverEnv(): Record<string, string> {
    return this.#url ? { DATABASE_URL: this.#url } : { DATA_DIR: this.#dataDir ?? '' };
  }

  describe(): string {
    if (this.#url) {
      const url = new URL(this.#url);
      return `PostgreSQL server ${url.hostname}:${url.port || 5432}, scratch database ${url.pathname.slice(1)}`;
    }
    return 'embedded PostgreSQL (PGlite), fresh data folder';
  }

  /**
   * Opens the database from the runner. The embedded one has a single owner, so this only happens
   * while the server is stopped.
   */
  async #open<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await createDatabase({ databaseUrl: this.#url, dataDir: this.#dataDir, poolSize: 1 });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  /**
   * Grows one user's ledger from `fromRows` to `toRows` transactions with bulk SQL. For a large
   * batch the secondary indexes are dropped first and rebuilt after (PostgreSQL's own advice for
   * bulk loading), from the definitions read back from the catalog so they come back exactly as the
   * migrations made them; the rollup triggers run as for any insert. Then VACUUM ANALYZE, as
   * autovacuum would. Returns the durations and the user's row count.
   */
  async seedLedger(
    userId: string,
    fromRows: number,
    toRows: number,
    options: { rebuildIndexes: boolean },
  ): Promise<{
    insertMs: number /** Index rebuild (if any) and VACUUM ANALYZE. */;
    indexMs: number;
    userRows: number;
  }> {
    return this.#open(async ({ db }) => {
      let indexDefinitions: string[] = [];
      if (options.rebuildIndexes) {
        const result = (await db.execute(sql`
          select indexname, indexdef from pg_indexes
          where schemaname = 'public' and tablename = 'transactions' and indexdef not like 'CREATE UNIQUE%'`)) as unknown as Rows<{
          indexname: string;
          indexdef: string;
        }>;
        indexDefinitions = result.rows.map((row) => row.indexdef);
        for (const row of result.rows) await db.execute(sql.raw(`drop index "${row.indexname}"`));
      }
      let started = performance.now();
      await seedTransactions(db, userId, fromRows, toRows);
      const insertMs = performance.now() - started;
      started = performance.now();
      for (const definition of indexDefinitions) await db.execute(sql.raw(definition));
      // What autovacuum does on a server after a bulk load: statistics, the visibility map that lets
      // counts read the index alone, and the rollup's dead row versions from the triggers' upserts.
      await db.execute(sql`vacuum analyze transactions`);
      await db.execute(sql`vacuum analyze transaction_daily_totals`);
      const indexMs = performance.now() - started;
      const counted = (await db.execute(
        sql`select count(*)::int as total from transactions where user_id = ${userId}`,
      )) as unknown as Rows<{ total: number }>;
      return { insertMs, indexMs, userRows: counted.rows[0]?.total ?? 0 };
    });
  }

  async dispose(): Promise<void> {
    if (this.#dataDir) rmSync(this.#dataDir, { recursive: true, force: true });
    await this.#scratch?.drop();
  }
}
