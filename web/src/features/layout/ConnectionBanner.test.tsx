import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnectionStatus } from '../../lib/connection';
import { ConnectionBanner, PROBE_FIRST_MS } from './ConnectionBanner';

const MESSAGE = 'Connection problem — changes may not be saved. Retrying…';

function renderBanner(extra?: ReactNode) {
  const status = createConnectionStatus();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <ConnectionBanner status={status} />
      {extra}
    </QueryClientProvider>,
  );
  return status;
}

/** A page reading data that stays fresh: only a deliberate refetch asks again. */
function Reader({ queryFn }: { queryFn: () => Promise<string> }) {
  useQuery({ queryKey: ['reader'], queryFn, staleTime: Number.POSITIVE_INFINITY });
  return null;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ConnectionBanner', () => {
  it('shows while calls go unanswered and clears itself when one succeeds', () => {
    const status = renderBanner();
    expect(screen.queryByText(MESSAGE)).toBeNull();
    act(() => status.report('unreachable'));
    expect(screen.getByRole('status').textContent).toBe(MESSAGE);
    act(() => status.report('unreachable'));
    expect(screen.getAllByText(MESSAGE)).toHaveLength(1);
    act(() => status.report('answered'));
    expect(screen.queryByText(MESSAGE)).toBeNull();
  });

  it('asks the active queries again, backing off, until the server answers', async () => {
    vi.useFakeTimers();
    const queryFn = vi.fn(async () => 'ok');
    const status = renderBanner(<Reader queryFn={queryFn} />);
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(queryFn).toHaveBeenCalledTimes(1);

    act(() => status.report('unreachable'));
    await act(() => vi.advanceTimersByTimeAsync(PROBE_FIRST_MS - 10));
    expect(queryFn).toHaveBeenCalledTimes(1);
    await act(() => vi.advanceTimersByTimeAsync(20));
    expect(queryFn).toHaveBeenCalledTimes(2);
    // The next check waits twice as long.
    await act(() => vi.advanceTimersByTimeAsync(PROBE_FIRST_MS * 2 - 20));
    expect(queryFn).toHaveBeenCalledTimes(2);
    await act(() => vi.advanceTimersByTimeAsync(40));
    expect(queryFn).toHaveBeenCalledTimes(3);

    // Once a call succeeds the checks stop.
    act(() => status.report('answered'));
    await act(() => vi.advanceTimersByTimeAsync(PROBE_FIRST_MS * 10));
    expect(queryFn).toHaveBeenCalledTimes(3);
  });
});
