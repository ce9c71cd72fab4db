import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { apiError } from '../test/fake-server';
import { describeError } from './errors';

describe('describeError', () => {
  it('shows zod field errors beside their fields', () => {
    const error = apiError('BAD_REQUEST', '[{"code":"too_small"}]', {
      zodError: {
        formErrors: [],
        fieldErrors: { amount: ['Amount must be greater than 0'], title: ['Title is required'] },
      },
    });
    const description = describeError(error);
    expect(description.fieldErrors).toEqual({ amount: 'Amount must be greater than 0', title: 'Title is required' });
    expect(description.message).toBe('Please correct the highlighted fields.');
  });

  it('tells how long to wait when throttled', () => {
    const error = apiError('TOO_MANY_REQUESTS', 'Too many attempts. Please try again later.', {
      retryAfterSeconds: 170,
    });
    expect(describeError(error)).toMatchObject({
      message: 'Too many attempts. Please try again in 3 minutes.',
      retryAfterSeconds: 170,
    });
  });

  it('counts seconds under a minute', () => {
    const error = apiError('TOO_MANY_REQUESTS', 'x', { retryAfterSeconds: 1 });
    expect(describeError(error).message).toBe('Too many attempts. Please try again in 1 second.');
  });

  it("keeps the server's words for a failed sign-in", () => {
    expect(describeError(apiError('UNAUTHORIZED', 'Email/password not found')).message).toBe(
      'Email/password not found',
    );
  });

  it('explains an expired session instead of "Not authenticated"', () => {
    expect(describeError(apiError('UNAUTHORIZED', 'Not authenticated')).message).toBe(
      'Your session has expired. Please sign in again.',
    );
  });

  it('maps every other code to human text', () => {
    const cases: [string, string, RegExp][] = [
      ['FORBIDDEN', '', /not allowed/],
      ['NOT_FOUND', 'Transaction not found', /^Transaction not found$/],
      ['CONFLICT', 'User already exists', /^User already exists$/],
      ['PAYLOAD_TOO_LARGE', '', /too large/],
      ['SERVICE_UNAVAILABLE', 'The database is unavailable', /temporarily unavailable/],
      ['INTERNAL_SERVER_ERROR', 'relation "users" does not exist', /went wrong on our side/],
    ];
    for (const [code, message, expected] of cases) {
      expect(describeError(apiError(code, message)).message, code).toMatch(expected);
    }
  });

  it('recognises a request that never got an answer', () => {
    const error = TRPCClientError.from(new TypeError('Failed to fetch'));
    expect(describeError(error)).toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/Cannot reach/) });
  });

  it('recognises a body-limit refusal from the HTTP layer', () => {
    const error = TRPCClientError.from(new Error('Payload Too Large'), {
      meta: { response: new Response('', { status: 413 }) },
    });
    expect(describeError(error).code).toBe('PAYLOAD_TOO_LARGE');
  });
});
