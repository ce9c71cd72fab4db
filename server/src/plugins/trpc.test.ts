import fastifyCookie from '@fastify/cookie';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, refreshCookieSettings } from '../app';
import type { AppDeps } from '../deps';
import { systemClock } from '../lib/clock';
import { createMemoryMailer } from '../lib/mailer';
import { testDeps } from '../test/caller';
import { closedAfterAll } from '../test/cleanup';
import { useTestDatabase } from '../test/database';
import { testEnv } from '../test/env';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../test/factories';
import { createContextFactory } from '../trpc/context';
import { appRouter } from '../trpc/router';

const database = useTestDatabase();
const apps = closedAfterAll<FastifyInstance>();
const env = testEnv();

/** tRPC's own Fastify adapter over the same router and context: the answers the app's handler must match. */
async function stockApp(): Promise<FastifyInstance> {
  const deps: AppDeps = testDeps({ database, env, clock: systemClock });
  const app = Fastify({ routerOptions: { maxParamLength: 2000 } });
  await app.register(fastifyCookie);
  await app.register(fastifyTRPCPlugin, {
    prefix: '/api/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: createContextFactory(deps, refreshCookieSettings(env)),
      maxBatchSize: env.TRPC_MAX_BATCH_SIZE,
    },
  });
  apps.push(app);
  return app;
}

describe('the tRPC handler', () => {
  let app: FastifyInstance;
  let stock: FastifyInstance;
  let authorization: string;

  beforeAll(async () => {
    app = await buildApp({ env, database, mailer: createMemoryMailer() });
    apps.push(app);
    stock = await stockApp();
    const email = uniqueEmail('wire');
    await createUser(database.db, { email });
    const login = await app.inject({
      method: 'POST',
      url: '/api/trpc/auth.login',
      headers: { 'content-type': 'application/json' },
      payload: { email, password: TEST_PASSWORD },
    });
    authorization = `Bearer ${login.json().result.data.accessToken}`;
  });

  const json = { 'content-type': 'application/json' };
  const cases: Array<[string, () => InjectOptions]> = [
    ['a query', () => ({ method: 'GET', url: '/api/trpc/user.me', headers: { authorization } })],
    ['a query without a token', () => ({ method: 'GET', url: '/api/trpc/user.me' })],
    [
      'a query with a forged token',
      () => ({ method: 'GET', url: '/api/trpc/user.me', headers: { authorization: 'Bearer x.y.z' } }),
    ],
    [
      'a query with its input',
      () => ({
        method: 'GET',
        url: `/api/trpc/report.list?input=${encodeURIComponent('{}')}`,
        headers: { authorization },
      }),
    ],
    [
      'a query with input that is not JSON',
      () => ({ method: 'GET', url: '/api/trpc/report.list?input=%7Bnope', headers: { authorization } }),
    ],
    [
      'a query with invalid input',
      () => ({
        method: 'GET',
        url: `/api/trpc/report.get?input=${encodeURIComponent('{"id":1}')}`,
        headers: { authorization },
      }),
    ],
    [
      'a query sent as POST',
      () => ({ method: 'POST', url: '/api/trpc/user.me', headers: { ...json, authorization }, payload: '{}' }),
    ],
    ['a mutation sent as GET', () => ({ method: 'GET', url: '/api/trpc/auth.logoutAll', headers: { authorization } })],
    ['an unknown procedure', () => ({ method: 'GET', url: '/api/trpc/user.nothing', headers: { authorization } })],
    ['a prototype key as procedure', () => ({ method: 'GET', url: '/api/trpc/__proto__', headers: { authorization } })],
    [
      'a mutation with an empty body',
      () => ({ method: 'POST', url: '/api/trpc/user.update', headers: { ...json, authorization } }),
    ],
    [
      'a mutation with invalid input',
      () => ({
        method: 'POST',
        url: '/api/trpc/user.update',
        headers: { ...json, authorization },
        payload: '{"name":""}',
      }),
    ],
    [
      'a mutation with a body that is not JSON',
      () => ({
        method: 'POST',
        url: '/api/trpc/user.update',
        headers: { ...json, authorization },
        payload: '{"name":',
      }),
    ],
    [
      'a sign-in with a wrong password',
      () => ({
        method: 'POST',
        url: '/api/trpc/auth.login',
        headers: json,
        payload: '{"email":"nobody@example.com","password":"wrong-password"}',
      }),
    ],
    ['a batch', () => ({ method: 'GET', url: '/api/trpc/user.me,user.nothing?batch=1', headers: { authorization } })],
    [
      'a batch over the limit',
      () => ({
        method: 'GET',
        url: `/api/trpc/${Array(env.TRPC_MAX_BATCH_SIZE + 1)
          .fill('user.me')
          .join(',')}?batch=1`,
        headers: { authorization },
      }),
    ],
    [
      'connection parameters that are not JSON',
      () => ({ method: 'GET', url: '/api/trpc/user.me?connectionParams=%7B', headers: { authorization } }),
    ],
    [
      'a GET with a form content type',
      () => ({
        method: 'GET',
        url: '/api/trpc/user.me',
        headers: { authorization, 'content-type': 'multipart/form-data; boundary=x' },
      }),
    ],
  ];

  it.each(cases)('answers %s exactly as tRPC does', async (_name, request) => {
    const [ours, theirs] = [await app.inject(request()), await stock.inject(request())];
    expect(ours.statusCode).toBe(theirs.statusCode);
    expect(ours.body).toBe(theirs.body);
    // Every answer is JSON (Fastify names its charset); tRPC's adapter leaves a few without a JSON type.
    expect(ours.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(ours.headers['retry-after']).toBe(theirs.headers['retry-after']);
  });

  it('answers with one write carrying its length', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/trpc/user.me', headers: { authorization } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.body)));
    expect(response.headers['transfer-encoding']).toBeUndefined();
  });
});
