// The request-path baseline: a bare Fastify process doing user.me's work and nothing else (verify
// the HS256 access token with a prepared key, run the same session-checked query through pg, answer
// the user as JSON), and an empty route. No plugins, hooks or tRPC: what the app's stack costs is the gap to this.
import { createSecretKey } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { toUser, userOf } from './baseline-user-query.mjs';

const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8'));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify();

app.get('/api/ready', async () => ({ status: 'ready' }));
// An answer the size of the user object, computed once: what Fastify alone costs per request.
const CEILING_BODY = JSON.stringify(
  toUser({
    id: '0',
    name: 'Ceiling',
    email: 'ceiling@example.com',
    profile_picture: null,
    timezone: 'UTC',
    currency: 'USD',
    created_at: new Date(0),
    updated_at: new Date(0),
    email_verified_at: null,
  }),
);
app.get('/api/bench/ceiling', async (_request, reply) => reply.type('application/json').send(CEILING_BODY));
app.get('/api/bench/user', async (request, reply) => {
  const user = await userOf(request.headers.authorization, key, pool);
  if (!user) return reply.code(401).send({ error: 'Unauthorized' });
  return user;
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => pool.end().then(() => process.exit(0))));
