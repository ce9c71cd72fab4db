import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { createBrowserRouter } from 'react-router';
// The DOM build of the provider, so a navigation can ask to be committed at once (flushSync).
import { RouterProvider } from 'react-router/dom';
import { ToastProvider } from './components/ui/Toast';
import { AuthProvider, GuestOnly, RequireAuth, Splash } from './features/auth/AuthProvider';
import { RouteError } from './features/errors/RouteError';
import { AppShell } from './features/layout/AppShell';
import { shouldRetryQuery } from './lib/connection';
import { createTrpcClient, trpc } from './lib/trpc';

// Every page is its own chunk; the first load carries only the shell, the client and the router.
const SignInPage = lazy(() => import('./features/auth/SignInPage'));
const SignUpPage = lazy(() => import('./features/auth/SignUpPage'));
const OverviewPage = lazy(() => import('./features/overview/OverviewPage'));
const TransactionsPage = lazy(() => import('./features/transactions/TransactionsPage'));
const ReportsPage = lazy(() => import('./features/reports/ReportsPage'));
const BudgetsPage = lazy(() => import('./features/budgets/BudgetsPage'));
const AccountsPage = lazy(() => import('./features/accounts/AccountsPage'));
const SettingsPage = lazy(() => import('./features/settings/SettingsPage'));
const NotFoundPage = lazy(() => import('./features/errors/NotFoundPage'));
const ForgotPasswordPage = lazy(() => import('./features/auth/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('./features/auth/ResetPasswordPage'));
const VerifyEmailPage = lazy(() => import('./features/auth/VerifyEmailPage'));

const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <GuestOnly />,
        children: [
          { path: '/signin', element: <SignInPage /> },
          { path: '/signup', element: <SignUpPage /> },
          { path: '/forgot-password', element: <ForgotPasswordPage /> },
        ],
      },
      // Opened from e-mailed links, signed in or not.
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppShell />,
            children: [
              { index: true, element: <OverviewPage /> },
              { path: '/transactions', element: <TransactionsPage /> },
              { path: '/accounts', element: <AccountsPage /> },
              { path: '/budgets', element: <BudgetsPage /> },
              { path: '/reports', element: <ReportsPage /> },
              { path: '/reports/:reportId', element: <ReportsPage /> },
              { path: '/settings', element: <SettingsPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: shouldRetryQuery,
      },
      // A write whose answer was lost may have gone through: never repeat it behind the person's back.
      mutations: { retry: false },
    },
  });
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <AuthProvider>
            <Suspense fallback={<Splash />}>
              <RouterProvider router={router} />
            </Suspense>
          </AuthProvider>
        </ToastProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
