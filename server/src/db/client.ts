import { chmodSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { chmod, copyFile, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema';

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
  /**
   * How long a query on a PostgreSQL server may wait for its answer before it fails (node-postgres
   * query_timeout); absent means forever. A server that hangs without closing its connections
   * (frozen host, network partition) otherwise holds every request that reached it.
   */
  queryTimeoutMs?: number | undefined;
}

/** /api/ready must answer quickly even while queries on a hung server wait out a longer timeout. */
const PING_TIMEOUT_MS = 2_000;

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    return createPostgresDatabase(options.databaseUrl, options.poolSize ?? 10, options.queryTimeoutMs);
  }
  return createEmbeddedDatabase(options.dataDir, options.loadDataDir, options.templateDir);
}

/** node-postgres's error for a query whose answer did not come within query_timeout. */
export function isQueryTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: () => void) => void;

/**
 * A pool whose checked-out clients (what Drizzle's transactions use) are dropped once a query on
 * them times out. node-postgres only stops waiting: the connection still expects the late answer and
 * stays in the transaction, and Drizzle releases it without the error, so the pool would hand the
 * next request a connection with a stranger's unfinished transaction (committed by whoever commits
 * next). And a BEGIN that times out is never released at all, so the pool would shrink for good.
 * Releasing with the error at the timeout closes the connection (the server rolls back), frees its
 * slot, and fails the transaction's later queries at once; Drizzle's own release becomes a no-op.
 * pool.query (everything outside a transaction) already releases with the error.
 */
class TimeoutSafePool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
    // pool.query checks clients out this way, and releases them with the error itself.
    if (callback) {
      super.connect(callback);
      return undefined;
    }
    return super.connect().then(dropOnTimeout);
  }
}

function dropOnTimeout(client: pg.PoolClient): pg.PoolClient {
  const { query, release } = client;
  let released = false;
  client.release = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    // The next holder of this client gets it as the pool left it.
    client.query = query;
    release(error);
  };
  client.query = ((...args: Parameters<typeof query>) => {
    const result = (query as (...values: unknown[]) => unknown).apply(client, args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (isQueryTimeout(error)) client.release(error as Error);
      });
    }
    return result;
  }) as typeof query;
  return client;
}

async function createPostgresDatabase(url: string, poolSize: number, queryTimeoutMs?: number): Promise<Database> {
  const pool = new TimeoutSafePool({
    connectionString: url,
    max: poolSize,
    // Fail fast while the server is down instead of queueing requests behind a dead pool.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor a checked-out one: pg-pool listens for errors only on idle clients, so a server that ends the
  // connection while a transaction holds it (a restart, admin_shutdown) raised an unhandled 'error'
  // event and took the process down. The transaction's next query fails instead, and release() drops
  // the broken client.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  // node-postgres takes query_timeout per query too; its types only know it on the pool.
  const pingQuery = { text: 'select 1', query_timeout: Math.min(queryTimeoutMs ?? PING_TIMEOUT_MS, PING_TIMEOUT_MS) };
  return {
    db,
    kind: 'postgres',
    ping: () =>
      pool.query(pingQuery as pg.QueryConfig).then(
        () => true,
        () => false,
      ),
    poolStats: () => ({
      max: poolSize,
      total: pool.totalCount,
      inUse: pool.totalCount - pool.idleCount,
      waiting: pool.waitingCount,
    }),
    close: () => pool.end(),
  };
}

/** Sets the mode of every folder and file under `root` (a database cluster: no links, bounded depth). */
export function setTreeMode(root: string, folderMode: number, fileMode: number): void {
  chmodSync(root, folderMode);
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? folderMode : fileMode);
  }
}

/** Files of the template copied at once: the copies run on libuv's threads, four by default. */
const COPY_CONCURRENCY = 4;

/**
 * Copies the template's cluster into a new data folder: into a sibling first, then renamed into
 * place, so a copy cut short leaves no half cluster that would later pass for the real one. The files
 * (about a thousand) are copied off the main thread, so the process loads its code and compiles
 * PGlite meanwhile. True when it made the copy.
 */
async function copyTemplate(templateDir: string, location: string): Promise<boolean> {
  const source = path.resolve(templateDir, 'pgdata');
  if (!existsSync(path.join(source, 'PG_VERSION'))) return false;
  if (existsSync(location) && readdirSync(location).length > 0) return false;
  const staging = `${location}.copying-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  // The template is readable by anyone (it holds no one's data); the copy will, so only its owner reads it.
  mkdirSync(staging, { mode: 0o700 });
  const files: string[] = [];
  for (const entry of readdirSync(source, { withFileTypes: true, recursive: true })) {
    const relative = path.relative(source, path.join(entry.parentPath, entry.name));
    if (entry.isDirectory()) mkdirSync(path.join(staging, relative), { recursive: true, mode: 0o700 });
    else files.push(relative);
  }
  let next = 0;
  const copyNext = async (): Promise<void> => {
    while (next < files.length) {
      const relative = files[next++] as string;
      const target = path.join(staging, relative);
      // A copy-on-write clone where the file system offers one, a plain copy elsewhere.
      await copyFile(path.join(source, relative), target, constants.COPYFILE_FICLONE);
      await chmod(target, 0o600);
    }
  };
  await Promise.all(Array.from({ length: COPY_CONCURRENCY }, copyNext));
  rmSync(location, { recursive: true, force: true });
  renameSync(staging, location);
  return true;
}

/**
 * PGlite's WebAssembly module, compiled on V8's background threads while the template is copied;
 * PGlite would otherwise compile it itself once the files are in place.
 */
async function compilePglite(): Promise<WebAssembly.Module> {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'pglite.wasm')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  // The compiler's lib has no DOM, so WebAssembly is only a namespace of types there.
  const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } })
    .WebAssembly;
  return wasm.compile(await readFile(path.join(dir, 'pglite.wasm')));
}

/**
 * The list of not-yet-merged entries a GIN index (the transactions' trigram search) keeps, in kB:
 * PostgreSQL's least, its default being 4 MB. The statement that overflows the list merges all of it
 * into the index, and the embedded database has no autovacuum to do that in the background, so with
 * the default one insert every few thousand rows held the event loop for the merge of 4 MB. A short
 * list is merged a little at a time by the inserts that fill it.
 */
const GIN_PENDING_LIST_KB = 64;

/**
 * Settings for the embedded database's one session, whose backend does inside the statement what a
 * server's background processes would do beside it. `wal_init_zero`: PostgreSQL creates each new 16 MB
 * write-ahead-log segment by writing 16 MB of zeros, and the statement whose records crossed into one
 * held the event loop for the 200-300 ms that took (a 10,000-row import crosses one); off, the file is
 * created at its full length in one write.
 */
const EMBEDDED_SESSION_SETTINGS = [`set gin_pending_list_limit = ${GIN_PENDING_LIST_KB}`, 'set wal_init_zero = off'];

async function createEmbeddedDatabase(
  dataDir: string | undefined,
  loadDataDir?: Blob,
  templateDir?: string,
): Promise<Database> {
  let location: string | undefined;
  let fromTemplate = false;
  let wasmModule: WebAssembly.Module | undefined;
  if (dataDir) {
    location = path.resolve(dataDir, 'pgdata');
    mkdirSync(path.dirname(location), { recursive: true });
    if (templateDir && !loadDataDir) {
      const target = location;
      [fromTemplate, wasmModule] = await Promise.all([copyTemplate(templateDir, target), compilePglite()]);
    }
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location, {
    extensions: { pg_trgm },
    ...(loadDataDir ? { loadDataDir } : {}),
    ...(wasmModule ? { pgliteWasmModule: wasmModule } : {}),
  });
  await client.exec(EMBEDDED_SESSION_SETTINGS.join(';\n'));
  const db = drizzlePglite(yieldingClient(client), { schema }) as unknown as Db;
  return {
    db,
    pglite: client,
    kind: 'pglite',
    fromTemplate,
    ping: () => pingDatabase(db),
    poolStats: () => ({ max: 1, total: 1, inUse: null, waiting: null }),
    close: () => client.close(),
  };
}

/**
 * `target` with some methods replaced; every other member is read from `target` itself, methods bound
 * to it (PGlite keeps its state in private fields, which only its own instance may touch).
 */
function withMethods<T extends object>(target: T, methods: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.hasOwn(methods, key)) return methods[key as keyof T];
      const value = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

type Statements = Pick<PGlite, 'query' | 'exec'>;

/** `query` and `exec` of `target`, each run through `run`. */
function statementsThrough<T extends Statements>(
  target: T,
  run: <R>(work: () => Promise<R>) => Promise<R>,
): Partial<T> {
  const methods: Partial<Statements> = {
    query: (...args: Parameters<PGlite['query']>) => run(() => target.query(...args)),
    exec: (...args: Parameters<PGlite['exec']>) => run(() => target.exec(...args)),
  };
  return methods as Partial<T>;
}

/** Runs `work` after a turn of the event loop. */
async function afterTurn<R>(work: () => Promise<R>): Promise<R> {
  await yieldToEventLoop();
  return work();
}

/**
 * The embedded database as Drizzle sees it, with a turn of the event loop (setImmediate) before every
 * statement, inside transactions too. PGlite runs a statement synchronously on the main thread and
 * settles its promise as a microtask, and hands its queue on the same way, so the statements of one
 * request, or of ten requests in one batch, ran back to back as one block: timers, sockets and every
 * other request waited for all of them. Here statements and transactions wait their turn in a queue
 * of their own, one at a time, and each starts only after the event loop has had a turn; a
 * transaction holds the queue until it ends (as PGlite would), and its own statements take a turn
 * each. The longest block is then one statement. The turn costs little: 5,000 `select 1` in a row
 * took 500-560 µs each with it and 495-515 µs without.
 */
function yieldingClient(client: PGlite): PGlite {
  let last: Promise<unknown> = Promise.resolve();
  const exclusive = <R>(work: () => Promise<R>): Promise<R> => {
    const turn = last.then(() => afterTurn(work));
    last = turn.catch(() => {});
    return turn;
  };
  return withMethods(client, {
    ...statementsThrough(client, exclusive),
    transaction: (callback) =>
      exclusive(() => client.transaction((tx) => callback(withMethods(tx, statementsThrough(tx, afterTurn))))),
  });
}

async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
