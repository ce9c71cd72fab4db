import { useId } from 'react';
import { Button } from '../../components/ui/Button';
import { Icon } from '../../components/ui/Icon';
import { useToast } from '../../components/ui/Toast';
import { trpc } from '../../lib/trpc';
import { useLedgerChanged } from '../transactions/use-ledger-changed';
import { type TransferCandidate, transferPairOf } from './transfer-pair';

interface MakeTransferButtonProps {
  /** The selected rows. */
  selected: readonly TransferCandidate[];
  /** The pair became a transfer: the selection is done with. */
  onConverted: () => void;
}

/**
 * The selection toolbar's "Make transfer": an expense and an income that are one movement between two
 * accounts (say both imported from statements) become one transfer (transaction.convertToTransfer).
 * A selection that does not qualify keeps the button, disabled, saying why.
 */
export function MakeTransferButton({ selected, onConverted }: MakeTransferButtonProps) {
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const reasonId = useId();
  const convert = trpc.transaction.convertToTransfer.useMutation({
    onSuccess: () => {
      toast.success('Transfer made');
      ledgerChanged();
      onConverted();
    },
    onError: (error) => toast.error(error),
  });
  const pair = transferPairOf(selected);
  const reason = pair.ok ? undefined : pair.reason;
  return (
    <>
      <Button
        size="sm"
        // Focusable while refused, so the keyboard and screen readers reach the reason too.
        aria-disabled={reason ? true : undefined}
        aria-describedby={reason ? reasonId : undefined}
        title={reason}
        loading={convert.isPending}
        onClick={() => {
          if (pair.ok) convert.mutate({ expenseId: pair.expenseId, incomeId: pair.incomeId });
        }}
      >
        <Icon name="transfer" size={15} /> Make transfer
      </Button>
      {reason ? (
        <span id={reasonId} className="visually-hidden">
          {reason}
        </span>
      ) : null}
    </>
  );
}
