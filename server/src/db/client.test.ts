import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../lib/errors';
import { createDatabase, queryRows } from './client';
import { setTreeMode } from './embedded-start';

/** One PostgreSQL wire-protocol message: type byte, length, body. */
function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};
const authenticationOk = message('R', int32(0));
const readyForQuery = (status: 'I' | 'T') => message('Z', Buffer.from(status));
const commandComplete = (tag: string) => message('C', Buffer.from(`${tag}\0`));
/** What PostgreSQL sends every backend on a fast shutdown, right before it closes the connection. */
const adminShutdown = message(
  'E',
  Buffer.from('SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0'),
);

/**
 * A stand-in PostgreSQL server that accepts a connection, answers BEGIN, then shuts down the way a
 * real server's fast shutdown does: FATAL 57P01, connection closed, while the client sits in its
 * transaction between two queries.
 */
function serverThatShutsDownMidTransaction(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket: Socket) => {
      socket.once('data', () => {
        socket.write(Buffer.concat([authenticationOk, readyForQuery('I')]));
        socket.once('data', () => {
          socket.write(Buffer.concat([commandComplete('BEGIN'), readyForQuery('T')]));
          setTimeout(() => socket.end(adminShutdown), 10);
        });
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

interface SilentServer {
  server: Server;
  /** Connections the server accepted. */
  connections: number;
  /** Of those, how many the client has closed. */
  closed: number;
  /** Queries answered so far. */
  answered: number;
}

/**
 * A stand-in PostgreSQL server that hangs the way a frozen host does: it accepts connections and
 * answers the first `answered` queries it receives (as BEGIN), then never answers again, never closing.
 */
function serverThatStopsAnswering(answered: number): Promise<SilentServer> {
  return new Promise((resolve) => {
    const state: SilentServer = { server: createServer(), connections: 0, closed: 0, answered: 0 };
    state.server.on('connection', (socket: Socket) => {
      state.connections++;
      socket.on('close', () => state.closed++);
      socket.on('error', () => {});
      let started = false;
      socket.on('data', (data: Buffer) => {
        if (!started) {
          started = true;
          socket.write(Buffer.concat([authenticationOk, readyForQuery('I')]));
        } else if (data.toString('latin1', 0, 1) === 'X') {
          socket.end();
        } else if (state.answered < answered) {
          state.answered++;
          socket.write(Buffer.concat([commandComplete('BEGIN'), readyForQuery('T')]));
        }
      });
    });
    state.server.listen(0, '127.0.0.1', () => resolve(state));
  });
}

const urlOf = (target: Server) => {
  const address = target.address();
  return `postgres://postgres@127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/app`;
};

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

describe('createDatabase (PostgreSQL server)', () => {
  it('survives the server ending a connection a transaction holds, and reports it as unavailable', async () => {
    server = await serverThatShutsDownMidTransaction();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const database = await createDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/app` });
    // Unless someone listens, the FATAL arrives as an unhandled 'error' event on the client: an
    // uncaught exception that ends the process (and fails this test run).
    const failure = await database.db
      .transaction(async (tx) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await tx.execute(sql`select 1`);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await database.close();
  });
});

describe('createDatabase (PostgreSQL server that stops answering)', () => {
  const QUERY_TIMEOUT_MS = 300;

  it('fails a query the server never answers after queryTimeoutMs, as unavailable', async () => {
    const silent = await serverThatStopsAnswering(0);
    server = silent.server;
    const database = await createDatabase({ databaseUrl: urlOf(server), queryTimeoutMs: QUERY_TIMEOUT_MS });
    const started = performance.now();
    const failure = await failureOf(database.db.execute(sql`select 1`));
    const elapsed = performance.now() - started;
    expect(failure).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
    // Readiness answers false within the timeout too, instead of hanging.
    expect(await database.ping()).toBe(false);
    await database.close();
  });

  it('gives up on a hung transaction: the connection is closed, not handed to the next request', async () => {
    // BEGIN is answered, the insert after it never is: the server may still run it once it wakes up.
    const silent = await serverThatStopsAnswering(1);
    server = silent.server;
    const database = await createDatabase({
      databaseUrl: urlOf(server),
      poolSize: 1,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
    });
    const failure = await failureOf(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
      }),
    );
    expect(isDatabaseUnavailable(failure)).toBe(true);
    // Closed, so the server rolls the transaction back instead of a later request committing it.
    await expect.poll(() => silent.closed).toBe(1);
    // The pool's only slot is free again: the next query opens a new connection (and times out on
    // its own) instead of waiting behind the hung one or failing for want of a connection.
    const next = await failureOf(database.db.execute(sql`select 1`));
    expect((next as Error).cause ?? next).toMatchObject({ message: 'Query read timeout' });
    expect(silent.connections).toBe(2);
    await database.close();
  });

  it('frees the connection of a transaction whose BEGIN never got an answer', async () => {
    const silent = await serverThatStopsAnswering(0);
    server = silent.server;
    const database = await createDatabase({
      databaseUrl: urlOf(server),
      poolSize: 1,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
    });
    for (let attempt = 1; attempt <= 3; attempt++) {
      // Drizzle releases a transaction's client only after BEGIN succeeded; without the pool's own
      // release each attempt would keep the one slot for good, and the next would wait for it.
      const failure = await failureOf(database.db.transaction(async () => {}));
      expect(isDatabaseUnavailable(failure)).toBe(true);
      expect(((failure as Error).cause as Error | undefined)?.message ?? (failure as Error).message).toBe(
        'Query read timeout',
      );
    }
    expect(silent.connections).toBe(3);
    await expect.poll(() => silent.closed).toBe(3);
    await database.close();
  });
});

describe('createDatabase (embedded)', () => {
  it('starts sized for its one session, not for a server of a hundred connections', async () => {
    const database = await createDatabase({});
    try {
      const settings = await queryRows<{ buffers: string; connections: string }>(
        database.db,
        sql`select current_setting('shared_buffers') as buffers, current_setting('max_connections') as connections`,
      );
      expect(settings).toEqual([{ buffers: '32MB', connections: '10' }]);
    } finally {
      await database.close();
    }
  }, 120_000);
});

describe('createDatabase (embedded, from a template)', () => {
  const folders: string[] = [];
  const folder = () => {
    const made = mkdtempSync(path.join(tmpdir(), 'finailytics-template-test-'));
    folders.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of folders.splice(0)) rmSync(made, { recursive: true, force: true });
  });

  it('starts a new data folder as a copy of the template, and leaves a folder with data alone', async () => {
    const template = folder();
    const made = await createDatabase({ dataDir: template });
    await made.db.execute(sql`create table template_marker (note text)`);
    await made.db.execute(sql`insert into template_marker values ('from the template')`);
    await made.close();
    // As the build leaves it: readable by the app's user, whoever built it.
    setTreeMode(template, 0o755, 0o644);

    const dataDir = folder();
    const copy = await createDatabase({ dataDir, templateDir: template });
    const rows = await copy.db.execute(sql`select note from template_marker`);
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([{ note: 'from the template' }]);
    await copy.db.execute(sql`update template_marker set note = 'changed in the copy'`);
    await copy.close();
    // Only the cluster itself is left: no staging folder from the copy.
    expect(readdirSync(dataDir)).toEqual(['pgdata']);
    // The copy holds the user's data: its owner alone reads it.
    expect(statSync(path.join(dataDir, 'pgdata')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, 'pgdata', 'PG_VERSION')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'pgdata', 'base')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, 'pgdata', 'global', 'pg_control')).mode & 0o777).toBe(0o600);

    const reopened = await createDatabase({ dataDir, templateDir: template });
    const after = await reopened.db.execute(sql`select note from template_marker`);
    expect((after as unknown as { rows: unknown[] }).rows).toEqual([{ note: 'changed in the copy' }]);
    await reopened.close();
  }, 120_000);

  it('leaves no half cluster when the copy fails, and says why', async () => {
    const template = folder();
    mkdirSync(path.join(template, 'pgdata', 'base'), { recursive: true });
    writeFileSync(path.join(template, 'pgdata', 'PG_VERSION'), '18\n');
    // A link to nothing: the copy stops there with the file system's error.
    symlinkSync(path.join(template, 'missing'), path.join(template, 'pgdata', 'base', 'broken'));
    const dataDir = folder();
    await expect(createDatabase({ dataDir, templateDir: template })).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dataDir)).toEqual([]);
  }, 120_000);

  it('creates an empty cluster when the template folder holds none', async () => {
    const dataDir = folder();
    const emptyTemplate = folder();
    mkdirSync(path.join(emptyTemplate, 'pgdata'));
    const database = await createDatabase({ dataDir, templateDir: emptyTemplate });
    await expect(database.db.execute(sql`select note from template_marker`)).rejects.toThrow(/template_marker/);
    await database.close();
    expect(existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
  }, 120_000);
});
