// The start-up baseline: Node and Fastify with nothing else, answering /api/ready as soon as it listens.
import Fastify from 'fastify';

const app = Fastify();
app.get('/api/ready', async () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
