import { useState } from 'react';
import { Button, type ButtonProps } from '../../components/ui/Button';
import { Icon } from '../../components/ui/Icon';
import { trpc } from '../../lib/trpc';
import { TransferDialog } from './TransferDialog';

interface TransferButtonProps extends Pick<ButtonProps, 'variant' | 'size'> {
  /** The account the money leaves by default (a register's own). */
  fromAccountId?: string;
  today: string;
  currency: string;
}

/** "Transfer", with its dialog; shown only to someone with two open accounts to move money between. */
export function TransferButton({ fromAccountId, today, currency, variant, size }: TransferButtonProps) {
  const accounts = trpc.account.list.useQuery();
  const [open, setOpen] = useState(false);
  const openCount = (accounts.data ?? []).filter((account) => !account.isArchived).length;
  if (openCount < 2) return null;
  return (
    <>
      <Button variant={variant} size={size} onClick={() => setOpen(true)}>
        <Icon name="transfer" /> Transfer
      </Button>
      {open ? (
        <TransferDialog
          fromAccountId={fromAccountId}
          today={today}
          currency={currency}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
