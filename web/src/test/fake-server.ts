import type { AppRouter } from '@finailytics/server/router';
import { type Operation, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

export type FakeAnswer =
  | { data: unknown }
  | { error: { code: string; message: string; data?: Record<string, unknown> } };

/** An error exactly as the server's error formatter shapes it. */
export function apiError(code: string, message: string, data: Record<string, unknown> = {}) {
  return TRPCClientError.from({
    error: {
      message,
      code: -32000,
      data: { code, httpStatus: 400, path: 'x', zodError: null, retryAfterSeconds: null, ...data },
    },
  });
}

/**
 * A terminating link standing in for the HTTP links: each operation is answered by `respond`,
 * asynchronously, as a real request would be.
 */
export function fakeServer(respond: (op: Operation) => FakeAnswer | Promise<FakeAnswer>): {
  link: TRPCLink<AppRouter>;
  calls: Operation[];
} {
  const calls: Operation[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push(op);
        let cancelled = false;
        Promise.resolve()
          .then(() => respond(op))
          .then((answer) => {
            if (cancelled) return;
            if ('error' in answer) {
              observer.error(apiError(answer.error.code, answer.error.message, answer.error.data));
            } else {
              observer.next({ result: { type: 'data', data: answer.data } });
              observer.complete();
            }
          });
        return () => {
          cancelled = true;
        };
      });
  return { link, calls };
}
