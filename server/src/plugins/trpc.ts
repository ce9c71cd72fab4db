import { type AnyProcedure, getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import { type FastifyTRPCPluginOptions, fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { TRPCResponse } from '@trpc/server/rpc';
// tRPC's own request parsing and error shaping, so the answers stay exactly tRPC's; the package's
// version is pinned by the lockfile and the HTTP tests in app.test.ts cover what this relies on.
import {
  getErrorShape,
  getRequestInfo,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../deps';
import { AppError } from '../lib/errors';
import { type Context, type CookieSettings, createContextFactory } from '../trpc/context';
import { type AppRouter, appRouter } from '../trpc/router';

export interface TrpcOptions {
  deps: AppDeps;
  cookie: CookieSettings;
  maxBatchSize: number;
}

type TrpcHandlerOptions = FastifyTRPCPluginOptions<AppRouter>['trpcOptions'];
type RequestInfo = Awaited<ReturnType<typeof getRequestInfo>>;
type CallType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** Which HTTP methods each kind of procedure answers (tRPC's defaults, without method override). */
const ACCEPTED_METHODS: Record<CallType, string | null> = {
  query: 'GET',
  mutation: 'POST',
  subscription: 'GET',
  unknown: null,
};

const config = appRouter._def._config;

/** The Retry-After of the first throttled call, as the header the answer carries. */
function retryAfterHeader(errors: readonly TRPCError[]): Record<string, string> {
  for (const error of errors) {
    const seconds = error.cause instanceof AppError ? error.cause.retryAfterSeconds : undefined;
    if (seconds !== undefined) return { 'retry-after': String(seconds) };
  }
  return {};
}

/** A value tRPC would only stream (a promise or async iterable inside it), which a JSON answer cannot carry. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  return Object.values(value).some((item) => isPromise(item) || isAsyncIterable(item));
}

/** Everything the fast path does not handle goes to tRPC's own adapter: HEAD, streams, other methods. */
function needsStockHandler(request: FastifyRequest): boolean {
  const { method, headers } = request;
  if (method !== 'GET' && method !== 'POST') return true;
  if (method === 'POST' && !headers['content-type']?.startsWith('application/json')) return true;
  return headers['trpc-accept'] !== undefined || (headers.accept?.includes('application/jsonl') ?? false);
}

/** The few parts of a Fetch Request that tRPC's request parser reads, over Fastify's parsed request. */
function requestView(request: FastifyRequest) {
  const header = (name: string) => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : (value ?? null);
  };
  const headers = { get: header, has: (name: string) => header(name) !== null } as unknown as Headers;
  const query = request.query as Record<string, string | string[] | undefined>;
  const searchParams = {
    get(name: string) {
      const value = query[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  } as unknown as URLSearchParams;
  const req = {
    method: request.method,
    headers,
    // The body arrives as a string (the content-type parser below); an empty one is malformed JSON.
    json: async () => JSON.parse(typeof request.body === 'string' ? request.body : ''),
  } as unknown as Request;
  return { req, headers, searchParams };
}

// Every procedure by its full dotted path (tRPC keeps this flat record beside the nested one).
const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure | undefined>;
const SUCCESS_HEADERS = { vary: 'trpc-accept, accept', 'content-type': 'application/json' } as const;

/**
 * The input of one call, read and parsed on first use and kept, with tRPC's rules: GET takes it from
 * `?input=`, POST from the body, and anything unreadable is a BAD_REQUEST carrying the parser's message.
 */
class SingleCallInput {
  #value: unknown;
  #read = false;

  constructor(private readonly request: FastifyRequest) {}

  read = async (): Promise<unknown> => {
    if (!this.#read) {
      this.#value = this.#parse();
      this.#read = true;
    }
    return this.#value;
  };

  result = (): unknown => this.#value;

  #parse(): unknown {
    let raw: unknown;
    try {
      if (this.request.method === 'GET') {
        const query = queryValue(this.request, 'input');
        if (query) raw = JSON.parse(query);
      } else {
        // The body arrives as a string (the content-type parser below); an empty one is malformed JSON.
        raw = JSON.parse(typeof this.request.body === 'string' ? this.request.body : '');
      }
    } catch (cause) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: cause instanceof Error ? cause.message : 'Invalid input',
        cause,
      });
    }
    return raw === undefined ? undefined : config.transformer.input.deserialize(raw);
  }
}

interface SingleCall {
  path: string;
  procedure: AnyProcedure;
  input: SingleCallInput;
}

function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A request that names one existing query or mutation and nothing tRPC's parser treats specially
 * (a batch, connection parameters, a form or binary body): the common case, answered directly.
 * Everything else goes through tRPC's parser below, so its errors stay exactly tRPC's.
 */
function singleCallOf(request: FastifyRequest<{ Params: { path: string } }>): SingleCall | null {
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !contentType.startsWith('application/json')) return null;
  if (queryValue(request, 'batch') === '1' || queryValue(request, 'connectionParams') !== undefined) return null;
  let path: string;
  try {
    path = decodeURIComponent(request.params.path);
  } catch {
    return null;
  }
  const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
  if (!procedure || procedure._def.type === 'subscription') return null;
  return { path, procedure, input: new SingleCallInput(request) };
}

/**
 * tRPC over Fastify in one pass: tRPC's parser reads the call(s) from the request, the procedures
 * run with the context, and the answer is one JSON string with its length, written at once. tRPC's
 * stock adapter goes through a Fetch Request, an AbortController per call and a streamed Response
 * (several writes, no Content-Length), which cost more than the procedures of a simple query.
 * Status codes, error shapes, batching and its limit are tRPC's own (resolveResponse's rules).
 */
/** What tRPC's own handler refuses before running a call, in its order: the wrong method, then a failed context. */
function refuseUnrunnable(type: CallType, method: string, path: string, contextError: TRPCError | undefined): void {
  if (ACCEPTED_METHODS[type] !== method) {
    throw new TRPCError({
      code: 'METHOD_NOT_SUPPORTED',
      message: `Unsupported ${method}-request to ${type} procedure at path "${path}"`,
    });
  }
  if (contextError) throw contextError;
}

function createHandler(options: TrpcHandlerOptions, createContext: ReturnType<typeof createContextFactory>) {
  const onError = options.onError;

  /** One call, answered without tRPC's request parser: same checks, errors and answer as the loop below. */
  const answerSingleCall = async (request: FastifyRequest, reply: FastifyReply, single: SingleCall) => {
    const { path, procedure, input } = single;
    const type = procedure._def.type;
    // The same order as the loop below: the context first, then the method, then a context that failed.
    let ctx: Context | undefined;
    let contextError: TRPCError | undefined;
    try {
      ctx = createContext({ req: request, res: reply });
    } catch (cause) {
      contextError = getTRPCErrorFromUnknown(cause);
    }
    try {
      refuseUnrunnable(type, request.method, path, contextError);
      const data = await procedure({
        path,
        getRawInput: input.read,
        ctx,
        type,
        signal: undefined,
        batchIndex: 0,
      });
      if (isDataStream(data)) {
        throw new TRPCError({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
        });
      }
      return reply
        .code(200)
        .headers(SUCCESS_HEADERS)
        .send(JSON.stringify(transformTRPCResponse(config, { result: { data } })));
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      const rawInput = input.result();
      onError?.({ error, path, input: rawInput, ctx, type, req: request });
      const shape = { error: getErrorShape({ config, error, type, path, input: rawInput, ctx }) };
      return send(reply, getHTTPStatusCode(shape), shape, [error]);
    }
  };

  return async (request: FastifyRequest<{ Params: { path: string } }>, reply: FastifyReply) => {
    if (needsStockHandler(request)) {
      await fastifyRequestHandler({ ...options, req: request, res: reply, path: request.params.path });
      return reply;
    }
    const single = singleCallOf(request);
    if (single) return answerSingleCall(request, reply, single);

    const { req, headers, searchParams } = requestView(request);
    let info: RequestInfo;
    try {
      info = await getRequestInfo({
        req,
        path: decodeURIComponent(request.params.path),
        router: appRouter,
        searchParams,
        headers,
        url: null,
        maxBatchSize: options.maxBatchSize,
      });
    } catch (cause) {
      // Nothing could be read (a batch over the limit, a malformed path): one error, no context.
      const error = getTRPCErrorFromUnknown(cause);
      onError?.({ error, path: undefined, input: undefined, ctx: undefined, type: 'unknown', req: request });
      const shape = {
        error: getErrorShape({ config, error, type: 'unknown', path: undefined, input: undefined, ctx: undefined }),
      };
      return send(reply, getHTTPStatusCode(shape), shape, [error]);
    }
    if (info.type === 'subscription') {
      await fastifyRequestHandler({ ...options, req: request, res: reply, path: request.params.path });
      return reply;
    }

    let ctx: Context | undefined;
    let contextError: TRPCError | undefined;
    try {
      ctx = createContext({ req: request, res: reply });
    } catch (cause) {
      contextError = getTRPCErrorFromUnknown(cause);
    }

    const outcomes = await Promise.all(
      info.calls.map(async (call): Promise<{ response: TRPCResponse; error: TRPCError | null }> => {
        const procedure = call.procedure;
        const type: CallType = procedure?._def.type ?? 'unknown';
        try {
          if (!procedure) {
            throw new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${call.path}"` });
          }
          refuseUnrunnable(type, request.method, call.path, contextError);
          const data = await procedure({
            path: call.path,
            getRawInput: call.getRawInput,
            ctx,
            type: procedure._def.type,
            signal: undefined,
            batchIndex: call.batchIndex,
          });
          if (isDataStream(data)) {
            throw new TRPCError({
              code: 'UNSUPPORTED_MEDIA_TYPE',
              message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
            });
          }
          return { response: { result: { data } }, error: null };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          const input = call.result();
          onError?.({ error, path: call.path, input, ctx, type, req: request });
          const shape = getErrorShape({ config, error, type, path: call.path, input, ctx });
          return { response: { error: shape }, error };
        }
      }),
    );

    const responses = outcomes.map((outcome) => outcome.response);
    const errors = outcomes.flatMap((outcome) => (outcome.error ? [outcome.error] : []));
    return send(
      reply,
      getHTTPStatusCode(responses),
      info.isBatchCall ? responses : (responses[0] as TRPCResponse),
      errors,
    );
  };
}

function send(reply: FastifyReply, status: number, body: TRPCResponse | TRPCResponse[], errors: readonly TRPCError[]) {
  return reply
    .code(status)
    .headers({ vary: 'trpc-accept, accept', 'content-type': 'application/json', ...retryAfterHeader(errors) })
    .send(JSON.stringify(transformTRPCResponse(config, body)));
}

export const trpcPlugin = fp(async (app: FastifyInstance, options: TrpcOptions) => {
  const createContext = createContextFactory(options.deps, options.cookie);
  const trpcOptions: TrpcHandlerOptions = {
    router: appRouter,
    createContext,
    // Every call in a batch is a separate procedure call with its own throttling; the cap keeps
    // one request from carrying an unbounded number of them.
    maxBatchSize: options.maxBatchSize,
    responseMeta({ errors }) {
      const headers = retryAfterHeader(errors);
      return headers['retry-after'] === undefined ? {} : { headers: { 'Retry-After': headers['retry-after'] } };
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        app.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      }
    },
  };
  const handler = createHandler(trpcOptions, createContext);
  // Its own scope, so the body parser below applies to these routes only.
  await app.register(async (scope) => {
    // tRPC reads the JSON itself (its own errors for malformed input); Fastify only collects the text.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    scope.all('/api/trpc/:path', handler);
  });
});
