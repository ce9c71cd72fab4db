import type { TransactionType } from '@finailytics/shared';
import { useMemo } from 'react';
import { trpc } from '../../lib/trpc';
import type { CategoryChoice } from './CategoryPicker';

/** Grey for a name no category has (a chart's "Others", or a name from before a rename reached the page). */
export const UNCATEGORISED_COLOUR = '#64748b';

/** The user's categories, with choices per kind for the pickers and a colour per name for the charts. */
export function useCategories() {
  const query = trpc.category.list.useQuery(undefined, { staleTime: 30_000 });
  return useMemo(() => {
    const list = query.data ?? [];
    // Both kinds (the filters): a name both kinds have is one choice, as the filter matches by name.
    const choicesOf = (kind: TransactionType | ''): CategoryChoice[] => {
      const chosen = list.filter((category) => kind === '' || category.kind === kind);
      return kind === '' ? [...new Map(chosen.map((category) => [category.name, category])).values()] : chosen;
    };
    const expenseColours = new Map(
      list.filter((category) => category.kind === 'EXPENSE').map((category) => [category.name, category.colour]),
    );
    return { query, list, choicesOf, expenseColours };
  }, [query]);
}
