import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { type Database, type Db, isQueryTimeout } from './client';
import * as schema from './schema';

/** /api/ready must answer quickly even while queries on a hung server wait out a longer timeout. */
const PING_TIMEOUT_MS = 2_000;

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

export async function createPostgresDatabase(
  url: string,
  poolSize: number,
  queryTimeoutMs?: number,
): Promise<Database> {
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
