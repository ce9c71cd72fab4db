import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { watchLoop } from './loop-watch';
import { EVENT_LOOP_BLOCK_LIMIT_MS } from './settings';

/** JSON text sent as is: numbers JSON.stringify cannot write (1e309, -0) and deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    // Object.entries keeps an own "__proto__" key, which JSON.stringify would too, but not RawJson.
    return `{${Object.entries(value)
      .map(([key, field]) => `${JSON.stringify(key)}:${toJson(field)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type ProcedureType = 'query' | 'mutation' | 'subscription';

/**
 * The HTTP request for one call, serialised up front so that building it never counts as the
 * server's time. With `batch`, the same input is sent that many times in one batched request.
 */
export function requestFor(path: string, type: ProcedureType, token: string, input: unknown, batch = 0): InjectOptions {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  const url = `/api/trpc/${batch > 0 ? Array(batch).fill(path).join(',') : path}`;
  const json =
    input === undefined
      ? undefined
      : batch > 0
        ? `{${Array.from({ length: batch }, (_, index) => `"${index}":${toJson(input)}`).join(',')}}`
        : toJson(input);
  const batchQuery = batch > 0 ? 'batch=1' : '';
  if (type === 'query') {
    const query = [batchQuery, json === undefined ? '' : `input=${encodeURIComponent(json)}`].filter(Boolean).join('&');
    return { method: 'GET', url: query ? `${url}?${query}` : url, headers };
  }
  const target = batchQuery ? `${url}?${batchQuery}` : url;
  if (json === undefined) return { method: 'POST', url: target, headers };
  return { method: 'POST', url: target, headers: { ...headers, 'content-type': 'application/json' }, payload: json };
}

export interface WatchedResponse {
  response: LightMyRequestResponse;
  blockedMs: number;
}

/** The watched request still being handled, if any: one a timed-out test left running. */
let inFlight: string | undefined;

/**
 * Sends the request and measures how long the server held the event loop while handling it. A call
 * a timed-out test left running would block inside the next one's window and be blamed on it, so
 * the next one is refused instead, naming the call still running.
 */
export async function sendWatched(
  app: FastifyInstance,
  request: InjectOptions,
  settleMs?: number,
): Promise<WatchedResponse> {
  if (inFlight) throw new Error(`${inFlight} is still being handled; its event-loop time would be counted here`);
  inFlight = `${request.method} ${shorten(typeof request.url === 'string' ? request.url : '', 120)}`;
  try {
    const { result, blockedMs } = await watchLoop(() => app.inject(request), settleMs);
    return { response: result, blockedMs };
  } finally {
    inFlight = undefined;
  }
}

/** The start of a long text, for failure messages. */
export function shorten(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Why a call failed the event-loop check: the procedure, the input (as sent) and how long others waited. */
export function blockedMessage(path: string, inputJson: string, blockedMs: number): string {
  return `${path} blocked the event loop for ${blockedMs} ms (limit ${EVENT_LOOP_BLOCK_LIMIT_MS} ms) on ${shorten(inputJson)}`;
}
