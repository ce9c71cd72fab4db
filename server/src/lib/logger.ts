import { createRequire } from 'node:module';
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import pino, { type Logger, type LoggerOptions } from 'pino';
import type { Env } from '../env';
import { withoutQueryDetails } from './errors';

/**
 * pino options. Tokens, cookies, passwords and password hashes must never reach a log line: the
 * default request serializer logs no headers or bodies, these paths are censored in case anything
 * else does, and errors are logged without the SQL statement and parameters a failed query carries.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  'password',
  'passwordHash',
  'accessToken',
  'refreshToken',
];

/** Every logger the server makes — Fastify's and the background tasks' — is built from these. */
export function baseLoggerOptions(env: Pick<Env, 'LOG_LEVEL'>): LoggerOptions {
  return {
    level: env.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: (error: unknown) => pino.stdSerializers.err(withoutQueryDetails(error) as Error) },
  };
}

/** A production install has no development dependencies; it then keeps JSON even in development mode. */
function prettyPrinterInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * Fastify's logger: JSON lines for log collectors, except in development at a terminal, where
 * pino-pretty (a development dependency) prints one readable line per event. Redaction and the error
 * serializer run before either.
 */
export function loggerOptions(
  env: Env,
  stream?: NodeJS.WritableStream,
  terminal: boolean = process.stdout.isTTY === true,
): FastifyServerOptions['logger'] {
  if (stream) return { ...baseLoggerOptions(env), stream };
  if (env.NODE_ENV === 'development' && terminal && prettyPrinterInstalled()) {
    return {
      ...baseLoggerOptions(env),
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
    };
  }
  // Asynchronous writes to standard output: under load the lines of many requests go out in one write
  // instead of one blocking write each, and an idle server still writes each line at once. pino
  // flushes what is pending when the process exits.
  return { ...baseLoggerOptions(env), stream: pino.destination({ dest: 1, sync: false }) };
}

const standaloneLoggers = new Map<string, Logger>();

/** A logger for code that runs without a request (background e-mail, services' own warnings). */
export function standaloneLogger(env: Pick<Env, 'LOG_LEVEL'>): Logger {
  let log = standaloneLoggers.get(env.LOG_LEVEL);
  if (!log) {
    log = pino(baseLoggerOptions(env));
    standaloneLoggers.set(env.LOG_LEVEL, log);
  }
  return log;
}

/**
 * One log line per request instead of Fastify's two ("incoming request", then "request completed"):
 * the completed line carries the request's method, URL and addresses as well, so nothing is lost, and
 * each line costs a serialisation and a pass of the redaction paths. Errors keep Fastify's own lines.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      super.requestCompleted(error, request, reply);
      return;
    }
    if (this.isLogDisabled(request)) return;
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
