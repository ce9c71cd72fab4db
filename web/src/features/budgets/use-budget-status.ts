import type { BudgetPeriodStatus } from '@finailytics/shared';
import { trpc } from '../../lib/trpc';

/** This period's budgets, the overall one first, with the query for its loading and failed states. */
export function useBudgetStatus() {
  // Spending changes with ledger writes made elsewhere in the app: fresh figures each time this shows.
  const query = trpc.budget.status.useQuery({}, { refetchOnMount: 'always' });
  const budgets: BudgetPeriodStatus[] | undefined = query.data
    ? [...(query.data.overall ? [query.data.overall] : []), ...query.data.items]
    : undefined;
  return { query: { isLoading: query.isLoading, error: query.error, data: budgets }, overall: query.data?.overall };
}
