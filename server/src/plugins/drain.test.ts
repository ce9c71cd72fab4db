import net from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DRAIN_SERVER_OPTIONS, drainPlugin, SHUTTING_DOWN_ERROR } from './drain';

const sockets: net.Socket[] = [];
afterEach(() => {
  for (const socket of sockets) socket.destroy();
  sockets.length = 0;
});

/** A keep-alive connection that sends raw HTTP and reads back everything the server wrote. */
async function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    send: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`),
    received: () => received,
    ended,
  };
}

async function listening(drainMs = 1_000) {
  const app = Fastify(DRAIN_SERVER_OPTIONS);
  await app.register(drainPlugin, { drainMs });
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { done: true };
  });
  app.get('/fast', async () => ({ done: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as net.AddressInfo;
  return { app, port: address.port };
}

describe('drainPlugin', () => {
  it('finishes the request in flight, answers a late one on an open connection with a 503 and refuses new connections', async () => {
    const { app, port } = await listening();
    const busy = await connect(port);
    const idle = await connect(port);
    idle.send('/fast');
    await expect.poll(() => idle.received()).toContain('"done":true');
    busy.send('/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));

    const closed = app.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A request that was on its way on a kept-alive connection gets an answer, not a reset.
    idle.send('/fast');
    await idle.ended;
    expect(idle.received()).toMatch(/HTTP\/1\.1 503 Service Unavailable[\s\S]*connection: close/i);
    expect(idle.received()).toContain(JSON.stringify(SHUTTING_DOWN_ERROR));
    // A new connection is refused outright.
    await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await closed;
    await busy.ended;
    expect(busy.received()).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*connection: close[\s\S]*\{"done":true\}$/i);
  });

  it('drops a connection that stays silent once the drain time is over', async () => {
    const { app, port } = await listening(200);
    const silent = await connect(port);
    const started = performance.now();
    await app.close();
    await silent.ended;
    expect(silent.received()).toBe('');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
