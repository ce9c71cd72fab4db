import { AUTH_MESSAGES, type ErrorCode } from '@finailytics/shared';
import { TRPCClientError } from '@trpc/client';

/** What the interface shows for a failed call. */
export interface ErrorDescription {
  code: ErrorCode | 'NETWORK' | 'UNKNOWN';
  message: string;
  /** Field name → first problem, from the server's zod validation (BAD_REQUEST). */
  fieldErrors: Record<string, string>;
  retryAfterSeconds: number | null;
}

/** Codes whose server message is written for people and shown as is. */
const HUMAN_MESSAGE_CODES = new Set<string>(['BAD_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']);

const FALLBACK: Record<ErrorDescription['code'], string> = {
  BAD_REQUEST: 'Some of the information is not valid. Please check it and try again.',
  UNAUTHORIZED: 'Your session has expired. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'That item no longer exists. It may have been deleted.',
  CONFLICT: 'That conflicts with something that already exists.',
  PAYLOAD_TOO_LARGE: 'That is too large to upload. Please choose a smaller file.',
  TOO_MANY_REQUESTS: 'Too many attempts. Please wait a moment and try again.',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable. Please try again in a few moments.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Please try again.',
  NETWORK: 'Cannot reach FinAIlytics. Check your connection and try again.',
  UNKNOWN: 'Something went wrong. Please try again.',
};

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

interface ErrorData {
  code?: string;
  zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;
  retryAfterSeconds?: number | null;
}

/** Turns any failure of an API call into text a person can act on. */
export function describeError(error: unknown): ErrorDescription {
  if (!(error instanceof TRPCClientError)) {
    return { code: 'UNKNOWN', message: FALLBACK.UNKNOWN, fieldErrors: {}, retryAfterSeconds: null };
  }
  const data = (error.data ?? undefined) as ErrorData | undefined;
  if (!data?.code) {
    // No tRPC error body: either an answer from the HTTP layer (body limit, proxy) or no answer at all.
    const status = httpStatusOf(error);
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status && status >= 500 ? 'SERVICE_UNAVAILABLE' : 'NETWORK';
    return { code, message: FALLBACK[code], fieldErrors: {}, retryAfterSeconds: null };
  }
  const code = (data.code in FALLBACK ? data.code : 'UNKNOWN') as ErrorDescription['code'];
  const fieldErrors: Record<string, string> = {};
  for (const [field, problems] of Object.entries(data.zodError?.fieldErrors ?? {})) {
    if (problems?.[0]) fieldErrors[field] = problems[0];
  }
  const retryAfterSeconds = data.retryAfterSeconds ?? null;

  let message = FALLBACK[code];
  if (code === 'TOO_MANY_REQUESTS' && retryAfterSeconds !== null) {
    message = `Too many attempts. Please try again in ${formatWait(retryAfterSeconds)}.`;
  } else if (code === 'BAD_REQUEST' && Object.keys(fieldErrors).length > 0) {
    message = data.zodError?.formErrors?.[0] ?? 'Please correct the highlighted fields.';
  } else if (code === 'UNAUTHORIZED' && error.message === AUTH_MESSAGES.notAuthenticated) {
    message = FALLBACK.UNAUTHORIZED;
  } else if (HUMAN_MESSAGE_CODES.has(code) && error.message && !error.message.startsWith('[')) {
    // zod's raw JSON issue list starts with '['; anything else the server wrote for people.
    message = error.message;
  } else if (code === 'PAYLOAD_TOO_LARGE' && error.message) {
    message = error.message;
  }
  return { code, message, fieldErrors, retryAfterSeconds };
}

function httpStatusOf(error: TRPCClientError<never>): number | null {
  const response = error.meta?.response;
  return response instanceof Response ? response.status : null;
}

export const errorMessage = (error: unknown): string => describeError(error).message;
