import type { ListTransactionsInput } from '@finailytics/shared';
import { useToast } from '../../components/ui/Toast';
import { trpc } from '../../lib/trpc';

/**
 * Ticks rows of one register page off (or unticks them) with `transaction.setCleared`. The page shows
 * the new state at once and goes back if the server refuses; afterwards the lists and the account
 * queries (the reconcile status counts cleared rows) refetch.
 */
export function useSetCleared(pageInput: ListTransactionsInput) {
  const toast = useToast();
  const utils = trpc.useUtils();
  return trpc.transaction.setCleared.useMutation({
    onMutate: async ({ ids, cleared }) => {
      // A refetch already on its way would answer with the old state and undo the tick on screen.
      await utils.transaction.list.cancel(pageInput);
      const previous = utils.transaction.list.getData(pageInput);
      const marked = new Set(ids);
      const stamp = new Date().toISOString();
      utils.transaction.list.setData(pageInput, (current) =>
        current
          ? {
              ...current,
              items: current.items.map((item) =>
                marked.has(item.id) && (item.clearedAt !== null) !== cleared
                  ? { ...item, clearedAt: cleared ? stamp : null }
                  : item,
              ),
            }
          : current,
      );
      return { previous };
    },
    onError: (error, _input, context) => {
      if (context?.previous) utils.transaction.list.setData(pageInput, context.previous);
      toast.error(error);
    },
    onSettled: () => {
      void utils.transaction.invalidate();
      void utils.account.invalidate();
    },
  });
}
