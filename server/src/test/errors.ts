import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError } from '../lib/errors';

/** The error a call failed with; fails the test when the call succeeds. */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

export function zodIssues(error: TRPCError) {
  if (!(error.cause instanceof ZodError)) throw new Error('expected a validation error');
  return error.cause.issues;
}

export const zodMessages = (error: TRPCError): string[] => zodIssues(error).map((issue) => issue.message);

/** The Retry-After a throttled call carries. */
export function retryAfter(error: TRPCError): number | undefined {
  return error.cause instanceof AppError ? error.cause.retryAfterSeconds : undefined;
}
