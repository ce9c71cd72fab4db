import { mkdirSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Database, DatabaseOptions, Db } from './client';
import { embeddedDataFolder, startEmbeddedDatabase } from './embedded-start';
import * as schema from './schema';

/**
 * The list of not-yet-merged entries a GIN index (the transactions' trigram search) keeps, in kB:
 * PostgreSQL's least, its default being 4 MB. The statement that overflows the list merges all of it
 * into the index, and the embedded database has no autovacuum to do that in the background, so with
 * the default one insert every few thousand rows held the event loop for the merge of 4 MB. A short
 * list is merged a little at a time by the inserts that fill it.
 */
const GIN_PENDING_LIST_KB = 64;

/**
 * Server settings for the embedded database, given at each start. PostgreSQL's defaults size it for
 * a hundred connections and 128 MB of shared buffers, and the WebAssembly build zeroes all of that
 * shared memory at every start: 0.6 s of a 0.85 s start, and 128 MB of the process's memory. It has
 * one session. 32 MB of buffers still holds a large ledger's hot pages: an index scan over 40,000 of
 * 400,000 rows took 12.8 ms with them, 9.7 ms with 128 MB and 25.9 ms with 16 MB.
 */
export const EMBEDDED_START_SETTINGS = ['-c', 'shared_buffers=32MB', '-c', 'max_connections=10'];

/**
 * Settings for the embedded database's one session, whose backend does inside the statement what a
 * server's background processes would do beside it. `wal_init_zero`: PostgreSQL creates each new 16 MB
 * write-ahead-log segment by writing 16 MB of zeros, and the statement whose records crossed into one
 * held the event loop for the 200-300 ms that took (a 10,000-row import crosses one); off, the file is
 * created at its full length in one write.
 */
const EMBEDDED_SESSION_SETTINGS = [`set gin_pending_list_limit = ${GIN_PENDING_LIST_KB}`, 'set wal_init_zero = off'];

export async function createEmbeddedDatabase(options: DatabaseOptions): Promise<Database> {
  const { dataDir, loadDataDir, templateDir } = options;
  let location: string | undefined;
  let fromTemplate = false;
  let wasmModule: WebAssembly.Module | undefined;
  if (dataDir) {
    location = embeddedDataFolder(dataDir);
    const started = options.embeddedStart ?? (loadDataDir ? undefined : startEmbeddedDatabase(dataDir, templateDir));
    if (started) [fromTemplate, wasmModule] = await Promise.all([started.templateCopy, started.wasmModule]);
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location, {
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_START_SETTINGS],
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
