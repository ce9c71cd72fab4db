import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { EmbeddedStart } from './embedded-start';
import type * as schema from './schema';

export type Schema = typeof schema;

/** One database type for both drivers, so no code knows which one it runs on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  /** The embedded database's own handle (dumps, direct queries); absent on a PostgreSQL server. */
  pglite?: PGlite;
  kind: 'pglite' | 'postgres';
  /** True when this embedded database was just made as a copy of the build's template. */
  fromTemplate?: boolean;
  /** Answers quickly whether the database is reachable; used by /api/ready. */
  ping(): Promise<boolean>;
  /** The connection pool as it stands now, for /api/metrics. */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/**
 * Connections to the database: open ones, those checked out, and requests waiting for one. The
 * embedded database has a single connection on the main thread and no pool; its queries queue inside
 * PGlite, so only its size is known (in use and waiting are null).
 */
export interface PoolStats {
  max: number;
  total: number;
  inUse: number | null;
  waiting: number | null;
}

export interface DatabaseOptions {
  /** A postgres:// URL; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Where the embedded database keeps its files; absent means in memory. */
  dataDir?: string | undefined;
  /** node-postgres pool size. */
  poolSize?: number;
  /** Start the embedded database from a dump (PGlite dumpDataDir) instead of an empty cluster. */
  loadDataDir?: Blob;
  /**
   * A migrated embedded database made at build time (a data folder holding `pgdata`): a new
   * dataDir starts as a copy of it instead of an empty cluster, which initdb and every migration
   * would otherwise have to build first. Ignored when it does not exist or the data is already there.
   */
  templateDir?: string | undefined;
  /** The template's copy and PGlite's compile, when the caller started them early (`main.ts`). */
  embeddedStart?: EmbeddedStart | undefined;
  /**
   * How long a query on a PostgreSQL server may wait for its answer before it fails (node-postgres
   * query_timeout); absent means forever. A server that hangs without closing its connections
   * (frozen host, network partition) otherwise holds every request that reached it.
   */
  queryTimeoutMs?: number | undefined;
}

/**
 * Opens the database. Each driver is loaded only when used: a server on PostgreSQL never loads
 * PGlite, and the embedded database's start does not wait for node-postgres.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { createPostgresDatabase } = await import('./postgres-database');
    return createPostgresDatabase(options.databaseUrl, options.poolSize ?? 10, options.queryTimeoutMs);
  }
  const { createEmbeddedDatabase } = await import('./embedded-database');
  return createEmbeddedDatabase(options);
}

/** node-postgres's error for a query whose answer did not come within query_timeout. */
export function isQueryTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
