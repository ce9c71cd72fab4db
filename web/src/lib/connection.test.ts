import type { AppRouter } from '@finailytics/server/router';
import { createTRPCClient, TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { apiError, fakeServer } from '../test/fake-server';
import {
  connectionLink,
  createConnectionStatus,
  isConnectionProblem,
  QUERY_RETRIES,
  shouldRetryQuery,
} from './connection';

/** An error as the HTTP link makes it from a response without an API error body. */
function bareHttpError(status: number) {
  return TRPCClientError.from(new Error(`HTTP ${status}`), { meta: { response: new Response('', { status }) } });
}

const networkError = () => TRPCClientError.from(new TypeError('Failed to fetch'));
const unavailable = () =>
  apiError('SERVICE_UNAVAILABLE', 'The database is unavailable. Please retry shortly.', { httpStatus: 503 });

describe('isConnectionProblem', () => {
  it('is true when the server could not answer', () => {
    expect(isConnectionProblem(unavailable())).toBe(true);
    expect(isConnectionProblem(networkError())).toBe(true);
    expect(isConnectionProblem(bareHttpError(502))).toBe(true);
  });

  it('is false for an answer about the call itself', () => {
    expect(isConnectionProblem(apiError('NOT_FOUND', 'Transaction not found', { httpStatus: 404 }))).toBe(false);
    expect(isConnectionProblem(apiError('INTERNAL_SERVER_ERROR', 'Internal server error', { httpStatus: 500 }))).toBe(
      false,
    );
    expect(isConnectionProblem(bareHttpError(413))).toBe(false);
    expect(isConnectionProblem(new Error('not from the API'))).toBe(false);
  });
});

describe('shouldRetryQuery', () => {
  it(`retries 503s and network failures ${QUERY_RETRIES} times, then gives up`, () => {
    for (const error of [unavailable(), networkError(), bareHttpError(504)]) {
      const decisions = [0, 1, 2, 3, 4].map((failures) => shouldRetryQuery(failures, error));
      expect(decisions).toEqual([true, true, true, false, false]);
    }
  });

  it('retries a failure on the server side', () => {
    expect(shouldRetryQuery(0, apiError('INTERNAL_SERVER_ERROR', 'Internal server error', { httpStatus: 500 }))).toBe(
      true,
    );
  });

  it('never retries a 4xx answer', () => {
    const answers = [
      apiError('UNAUTHORIZED', 'Not authenticated', { httpStatus: 401 }),
      apiError('FORBIDDEN', 'Forbidden', { httpStatus: 403 }),
      apiError('NOT_FOUND', 'Transaction not found', { httpStatus: 404 }),
      apiError('BAD_REQUEST', 'Invalid input', { httpStatus: 400 }),
      apiError('TOO_MANY_REQUESTS', 'Too many attempts', { httpStatus: 429 }),
      bareHttpError(413),
    ];
    for (const error of answers) expect(shouldRetryQuery(0, error)).toBe(false);
  });

  it('never retries something that is not an API error (a bug in the page)', () => {
    expect(shouldRetryQuery(0, new TypeError('undefined is not a function'))).toBe(false);
  });
});

describe('connection status', () => {
  it('fails with the first unanswered call and recovers with the next successful one', async () => {
    const status = createConnectionStatus();
    const changes: boolean[] = [];
    status.subscribe(() => changes.push(status.failing()));
    let answer: 'down' | 'not-found' | 'up' = 'down';
    const server = fakeServer(() => {
      if (answer === 'down') {
        return {
          error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable. Please retry shortly.' },
        };
      }
      if (answer === 'not-found') return { error: { code: 'NOT_FOUND', message: 'Transaction not found' } };
      return { data: { id: 'u1' } };
    });
    const client = createTRPCClient<AppRouter>({ links: [connectionLink(status), server.link] });

    await expect(client.user.me.query()).rejects.toThrow('The database is unavailable');
    expect(status.failing()).toBe(true);
    await expect(client.transaction.create.mutate({} as never)).rejects.toThrow('The database is unavailable');
    expect(status.failing()).toBe(true);
    // An answer about the call is no sign the database is back.
    answer = 'not-found';
    await expect(client.user.me.query()).rejects.toThrow('Transaction not found');
    expect(status.failing()).toBe(true);
    answer = 'up';
    await expect(client.user.me.query()).resolves.toEqual({ id: 'u1' });
    expect(status.failing()).toBe(false);
    expect(changes).toEqual([true, false]);
  });
});
