import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface HealthOptions {
  ping: () => Promise<boolean>;
}

/** Liveness answers while the process runs; readiness only while the database answers. */
export const healthPlugin = fp(async (app: FastifyInstance, options: HealthOptions) => {
  app.get('/api/health', async () => ({ status: 'ok' }));
  app.get('/api/ready', async (_request, reply) => {
    const ready = await options.ping();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' });
  });
});
