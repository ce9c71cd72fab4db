import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../lib/trpc';
import { AuthProvider, QUIET_RESTORE_MS, RequireAuth } from './AuthProvider';

const NOTICE = "Can't reach FinAIlytics right now — trying again…";

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const unavailable = () =>
  json(503, {
    error: {
      message: 'The database is unavailable. Please retry shortly.',
      code: -32603,
      data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
    },
  });

const restored = () =>
  json(200, {
    result: { data: { accessToken: 'token-1', expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() } },
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('the start-up splash', () => {
  it('stays quiet while merely slow, says so when attempts fail, and recovers at once on "Try now"', async () => {
    vi.useFakeTimers();
    let answerFirst: (response: Response) => void = () => {};
    const answers: (() => Response | Promise<Response>)[] = [
      () => new Promise<Response>((resolve) => (answerFirst = resolve)),
      unavailable,
      restored,
    ];
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async () => {
      const next = answers.shift();
      if (!next) throw new Error('unexpected call');
      return next();
    });

    render(
      <QueryClientProvider client={new QueryClient()}>
        <AuthProvider>
          <MemoryRouter>
            <Routes>
              <Route element={<RequireAuth />}>
                <Route index element={<p>Overview</p>} />
              </Route>
            </Routes>
          </MemoryRouter>
        </AuthProvider>
      </QueryClientProvider>,
    );
    expect(screen.getByRole('status', { name: 'Loading FinAIlytics' })).toBeTruthy();

    // The first attempt takes longer than the quiet time but has not failed: nothing to tell.
    await act(() => vi.advanceTimersByTimeAsync(QUIET_RESTORE_MS + 1_000));
    expect(screen.queryByText(NOTICE)).toBeNull();
    expect(fetchSpy).toHaveBeenCalledTimes(1);

    // It fails: the splash says so, calmly, and the back-off waits before the next attempt.
    await act(async () => answerFirst(unavailable()));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByText(NOTICE)).toBeTruthy();
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(session.status()).toBe('unknown');

    // The second attempt, from the back-off, fails too; the third comes from "Try now", at once.
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(fetchSpy).toHaveBeenCalledTimes(2);
    expect(screen.getByText(NOTICE)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try now' })));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(fetchSpy).toHaveBeenCalledTimes(3);
    expect(screen.getByText('Overview')).toBeTruthy();
    expect(screen.queryByText(NOTICE)).toBeNull();
    expect(session.status()).toBe('signed-in');
  });
});
