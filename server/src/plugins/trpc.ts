import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors';
import { type AppDeps, type CookieSettings, createContextFactory } from '../trpc/context';
import { type AppRouter, appRouter } from '../trpc/router';

export interface TrpcOptions {
  deps: AppDeps;
  cookie: CookieSettings;
  maxBatchSize: number;
}

export const trpcPlugin = fp(async (app: FastifyInstance, options: TrpcOptions) => {
  await app.register(fastifyTRPCPlugin, {
    prefix: '/api/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: createContextFactory(options.deps, options.cookie),
      // Every call in a batch is a separate procedure call with its own throttling; the cap keeps
      // one request from carrying an unbounded number of them.
      maxBatchSize: options.maxBatchSize,
      responseMeta({ errors }) {
        const retryAfter = errors
          .map((error) => (error.cause instanceof AppError ? error.cause.retryAfterSeconds : undefined))
          .find((seconds) => seconds !== undefined);
        return retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } };
      },
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          app.log.error({ err: error.cause ?? error, path }, 'procedure failed');
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
});
