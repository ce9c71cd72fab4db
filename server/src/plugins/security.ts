import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityOptions {
  /** A separate origin the web app is served from; undefined: same origin only, and no CORS at all. */
  frontendOrigin: string | undefined;
  production: boolean;
}

/**
 * Helmet's headers for these options, computed once: helmet builds them from the options on every
 * call, and they never change while the process runs.
 */
function securityHeaders(options: HelmetOptions): { common: Record<string, string>; contentSecurityPolicy: string } {
  const common: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string) {
      common[name.toLowerCase()] = value;
    },
    removeHeader() {},
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  const { 'content-security-policy': contentSecurityPolicy, ...rest } = common;
  if (!contentSecurityPolicy) throw new Error('helmet produced no Content-Security-Policy');
  return { common: rest, contentSecurityPolicy };
}

function isJson(contentType: unknown): boolean {
  return typeof contentType === 'string' && contentType.startsWith('application/json');
}

/**
 * Security headers, CORS for the one front-end origin, and the CSRF rule that every tRPC POST is
 * application/json: a cross-site form or a "simple" fetch cannot send that type without a CORS
 * preflight, which FRONTEND_ORIGIN alone passes.
 */
const TRPC_PREFIX = '/api/trpc/';

export const securityPlugin = fp(async (app: FastifyInstance, options: SecurityOptions) => {
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Chart libraries set style attributes inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: options.production ? [] : null,
      },
    },
    hsts: options.production,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers.common);
    done();
  });
  // The policy governs what a document may load, so it goes on everything a browser could render
  // (pages, files, error pages), not on the API's JSON; a route with a policy of its own keeps it.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('content-security-policy') && !isJson(reply.getHeader('content-type'))) {
      reply.header('content-security-policy', headers.contentSecurityPolicy);
    }
    done(null, payload);
  });

  if (options.frontendOrigin) {
    await app.register(cors, {
      origin: options.frontendOrigin,
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Content-Type', 'Authorization'],
      exposedHeaders: ['Retry-After'],
      maxAge: 600,
    });
  }

  app.addHook('onRequest', (request, reply, done) => {
    // Decided by the route the router matched, not by the raw URL: the router decodes the path, so
    // `/api/%74rpc/…` reaches the same procedures as `/api/trpc/…` and must meet the same rule.
    if (request.method !== 'POST' || !request.routeOptions.url?.startsWith(TRPC_PREFIX)) return done();
    const contentType = request.headers['content-type'] ?? '';
    if (/^application\/json\s*(;|$)/i.test(contentType)) return done();
    reply.code(415).send({
      error: {
        message: 'Requests to the API must be sent as application/json',
        code: -32600,
        data: { code: 'UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 },
      },
    });
  });
});
