import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** What a request that arrives during shutdown gets: a tRPC error any client already understands. */
export const SHUTTING_DOWN_ERROR = {
  error: {
    message: 'The server is restarting. Please retry shortly.',
    code: -32603,
    data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
  },
};

/** Fastify options the plugin needs: its own answer replaces Fastify's drain 503, which is not an API error. */
export const DRAIN_SERVER_OPTIONS = { return503OnClosing: false } as const;

export interface DrainOptions {
  /** How long open keep-alive connections get to send a request they had started before they are dropped. */
  drainMs?: number;
}

function openConnections(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}

/**
 * Shutdown without a reset connection. Once close() begins the listener stops accepting (new
 * connections are refused), while open keep-alive connections stay up for a short drain: a request a
 * client was already sending on one gets a 503 shaped like every other API error, with
 * `Connection: close`, instead of a reset that would leave it unsure whether a write went through.
 * Requests in flight run to their end meanwhile; only then do the last idle connections close.
 */
export const drainPlugin = fp(async (app: FastifyInstance, options: DrainOptions) => {
  const drainMs = options.drainMs ?? 1_000;
  let closing = false;
  // Requests in flight per open connection, so the drain knows which connections are idle.
  const connections = new Map<net.Socket, number>();
  app.server.on('connection', (socket: net.Socket) => {
    connections.set(socket, 0);
    socket.once('close', () => connections.delete(socket));
  });

  app.addHook('preClose', async () => {
    closing = true;
    const server = app.server;
    if (!server.listening) return;
    // net.Server#close, not http.Server#close: the latter also drops idle keep-alive sockets at once.
    net.Server.prototype.close.call(server);
    const deadline = performance.now() + drainMs;
    while ((await openConnections(server)) > 0 && performance.now() < deadline) await sleep(20);
    // Connections still idle have had their chance, and one that never sent a request (a browser's
    // preconnect) would otherwise hold the shutdown until the headers timeout. Busy ones close
    // themselves after their answer.
    for (const [socket, inFlight] of connections) if (inFlight === 0) socket.destroy();
  });

  // Callback hooks, not async ones: every request passes them, and a promise per hook is measurable.
  app.addHook('onRequest', (request, reply, done) => {
    // Only connections the listener accepted are counted (an injected request has a socket of its own).
    const socket = request.raw.socket;
    const inFlight = connections.get(socket);
    if (inFlight !== undefined) connections.set(socket, inFlight + 1);
    if (!closing) return done();
    reply.code(503).header('connection', 'close').header('retry-after', '1').send(SHUTTING_DOWN_ERROR);
  });
  // An answer to a request that was in flight when the shutdown began ends its connection too.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  // Fastify runs this once the answer is written or the response failed; a connection that closes
  // first leaves the map with its count.
  app.addHook('onResponse', (request, _reply, done) => {
    const socket = request.raw.socket;
    const inFlight = connections.get(socket);
    if (inFlight !== undefined) connections.set(socket, inFlight - 1);
    done();
  });
});
