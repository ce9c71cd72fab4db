import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../deps';
import { verifyAccessToken } from '../modules/auth/tokens';
import { findUserBySession, toUser } from '../modules/user/user.repository';

export type BenchBaselineOptions = Pick<AppDeps, 'db' | 'env' | 'clock'>;

/** What the ceiling route answers: about the size of a user object, computed once. */
const CEILING_BODY = JSON.stringify({
  id: '00000000-0000-4000-8000-000000000000',
  name: 'Ceiling',
  email: 'ceiling@example.com',
  profilePicture: null,
  timezone: 'UTC',
  currency: 'USD',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/**
 * Plain Fastify routes the benchmark compares the tRPC stack against, registered only when
 * BENCH_BASELINE_ROUTES is on. `user` does exactly what user.me's protected procedure does (verify the
 * HS256 token, load the user through the same session-checked query, return it), so the difference
 * between the two is the cost of tRPC, the context and the middleware. `ceiling` does no work at all.
 */
export const benchBaselinePlugin = fp(async (app: FastifyInstance, options: BenchBaselineOptions) => {
  app.get('/api/bench/user', async (request, reply) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const now = options.clock.now();
    const claims = token ? verifyAccessToken(options.env, token, now) : null;
    const row = claims ? await findUserBySession(options.db, claims.userId, claims.sid, now) : undefined;
    if (!row) return reply.code(401).send({ error: 'Unauthorized' });
    return toUser(row);
  });

  app.get('/api/bench/ceiling', async (_request, reply) => reply.type('application/json').send(CEILING_BODY));
});
