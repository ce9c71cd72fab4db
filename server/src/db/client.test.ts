import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../lib/errors';
import { createDatabase } from './client';

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
