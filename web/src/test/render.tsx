import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { Operation } from '@trpc/client';
import type { ReactNode } from 'react';
import { type InitialEntry, MemoryRouter } from 'react-router';
import { ToastProvider } from '../components/ui/Toast';
import { trpc } from '../lib/trpc';
import { type FakeAnswer, fakeServer } from './fake-server';

/** Renders a page with the real providers, answering its API calls with `respond`. */
export function renderWithApi(
  ui: ReactNode,
  respond: (op: Operation) => FakeAnswer | Promise<FakeAnswer>,
  route: InitialEntry = '/',
) {
  const server = fakeServer(respond);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const client = trpc.createClient({ links: [server.link] });
  const view = render(
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </ToastProvider>
      </QueryClientProvider>
    </trpc.Provider>,
  );
  return { ...view, calls: server.calls };
}
