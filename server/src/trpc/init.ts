import { AUTH_MESSAGES } from '@finailytics/shared';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Env } from '../env';
import { AppError, isDatabaseUnavailable, withoutQueryDetails } from '../lib/errors';
import { verifyAccessToken } from '../modules/auth/tokens';
import { findUserBySession, toUser } from '../modules/user/user.repository';
import type { Context } from './context';

/*
 * The one place that owns tRPC's initialisation, the error shape and the base procedures.
 * No transformer: plain JSON on the wire, so curl or any language can call the API.
 */

const t = initTRPC.context<Context>().create({
  // Stack traces are added by the formatter below, and only in development.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    // Only a server started with NODE_ENV=development explicitly shows internal details, and even then
    // never the SQL statement or its parameters (a password hash can be one of them).
    const development = ctx?.env.NODE_ENV === 'development';
    const internal = shape.data.code === 'INTERNAL_SERVER_ERROR';
    const zodError = error.code === 'BAD_REQUEST' && error.cause instanceof z.ZodError ? error.cause : null;
    const shown = withoutQueryDetails(error) as Error;
    // Internal messages can name tables or constraints; anywhere but development the answer is generic.
    let message = internal && !development ? 'Internal server error' : shown.message;
    // A validation failure reads as its first problem, not as a JSON dump of every issue.
    if (zodError) message = zodError.issues[0]?.message ?? 'Invalid input';
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        ...(development ? { stack: shown.stack } : {}),
        zodError: zodError ? z.flattenError(zodError) : null,
        retryAfterSeconds: error.cause instanceof AppError ? (error.cause.retryAfterSeconds ?? null) : null,
      },
    };
  },
});

/** The lowest PASSWORD_MIN_LENGTH the configuration accepts; input types are declared with it. */
export const PASSWORD_MIN_LENGTH_FLOOR = 4;

/**
 * Parses input against a schema that depends on configuration, answering BAD_REQUEST with the same
 * field errors as `.input()` would.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: parsed.error.issues[0]?.message ?? 'Invalid input',
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Validates the raw input against a schema built from the configuration (e.g. PASSWORD_MIN_LENGTH)
 * before `.input()` runs, so every field error is reported at once with the configured rules.
 */
export function configuredInput<T extends z.ZodType>(schemaFor: (env: Env) => T) {
  return t.middleware(async ({ ctx, getRawInput, next }) => {
    parseInput(schemaFor(ctx.env), await getRawInput());
    return next();
  });
}

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Turns the services' AppErrors (and an unreachable database) into the matching tRPC errors. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (isDatabaseUnavailable(cause ?? result.error)) {
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unavailable. Please retry shortly.',
      cause,
    });
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

/**
 * Verifies the Bearer access token (HS256 only), then loads the user in the same query that checks
 * the token's session is still live, so a revoked session stops working at once.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const now = ctx.clock.now();
  const claims = ctx.accessToken ? verifyAccessToken(ctx.env, ctx.accessToken, now) : null;
  const row = claims ? await findUserBySession(ctx.db, claims.userId, claims.sid, now) : undefined;
  if (!claims || !row) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: AUTH_MESSAGES.notAuthenticated });
  }
  // tRPC merges these into the context it passes on; spreading the context here as well copied it twice.
  return next({ ctx: { user: toUser(row), sessionId: claims.sid } });
});

/**
 * For procedures authenticated by the refresh cookie. SameSite=Strict already keeps other sites'
 * requests from carrying it; refusing foreign Origins as well covers older browsers and same-site
 * subdomains.
 */
export const cookieProcedure = publicProcedure.use(({ ctx, next }) => {
  const { origin, serverOrigin } = ctx.request;
  if (origin !== null && origin !== ctx.env.FRONTEND_ORIGIN && origin !== serverOrigin) {
    throw new TRPCError({ code: 'FORBIDDEN', message: AUTH_MESSAGES.originRefused });
  }
  return next();
});
