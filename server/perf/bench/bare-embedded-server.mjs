// The embedded database's start-up floor: Node, Fastify and PGlite, nothing else. It opens PGlite on
// a cluster already in place (the bench copies the build's template there first, untimed) with the
// server's start settings and the trigram extension, runs one query, and answers /api/ready once it
// listens. No server on the embedded database can start faster; the real one also copies the template
// and builds the app.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import Fastify from 'fastify';

const { DATA_DIR, START_SETTINGS, PORT } = process.env;
const location = path.join(DATA_DIR ?? '', 'pgdata');
const database = await PGlite.create(location, {
  extensions: { pg_trgm },
  startParams: [...PGlite.defaultStartParams, ...JSON.parse(START_SETTINGS ?? '[]')],
});
await database.query('select 1');

const app = Fastify();
app.get('/api/ready', async () => ({ status: 'ready' }));
await app.listen({ port: Number(PORT), host: '127.0.0.1' });
process.on('SIGTERM', () =>
  app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0)),
);
