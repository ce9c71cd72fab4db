import type { Transaction } from '@finailytics/shared';
import { useRef } from 'react';
import { useToast } from '../../components/ui/Toast';
import { trpc } from '../../lib/trpc';
import { useLedgerChanged } from './use-ledger-changed';

const plural = (count: number) => `${count} ${count === 1 ? 'transaction' : 'transactions'}`;

/**
 * Deleting without asking first: the delete happens at once and the toast offers "Undo", which puts
 * back exactly what went (the server keeps it for ten minutes; the toast shows the button for a few
 * seconds). Asking "are you sure?" every time teaches people to click yes; undo forgives the slip.
 */
export function useDeleteWithUndo(options: { onDeleted?: () => void } = {}) {
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const transferLegIds = useRef(new Set<string>());
  const transferUndoIds = useRef(new Set<string>());
  const undo = trpc.transaction.undoDelete.useMutation({
    onSuccess: ({ restoredCount }, { undoId }) => {
      toast.success(
        transferUndoIds.current.has(undoId)
          ? 'Transfer restored'
          : restoredCount === 1
            ? 'Transaction restored'
            : `${plural(restoredCount)} restored`,
      );
      ledgerChanged();
    },
    onError: (error) => toast.error(error),
  });
  const offerUndo = (message: string, undoId: string) => {
    options.onDeleted?.();
    ledgerChanged();
    toast.success(message, { label: 'Undo', run: () => undo.mutate({ undoId }) });
  };
  const one = trpc.transaction.delete.useMutation({
    onSuccess: ({ undoId }, { id }) => {
      // Either leg takes the whole transfer with it (both rows), and undo brings both back.
      const transfer = transferLegIds.current.has(id);
      if (transfer) transferUndoIds.current.add(undoId);
      offerUndo(transfer ? 'Transfer deleted' : 'Transaction deleted', undoId);
    },
    onError: (error) => toast.error(error),
  });
  const many = trpc.transaction.bulkDelete.useMutation({
    onSuccess: ({ deletedCount, undoId }) => offerUndo(`${plural(deletedCount)} deleted`, undoId),
    onError: (error) => toast.error(error),
  });
  return {
    deleteOne: (transaction: Transaction) => {
      if (transaction.transferId) transferLegIds.current.add(transaction.id);
      one.mutate({ id: transaction.id });
    },
    deleteMany: (ids: string[]) => many.mutate({ ids }),
    pending: one.isPending || many.isPending,
  };
}
