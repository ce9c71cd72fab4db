import type { LedgerAccount } from '@finailytics/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatMoney, todayIn } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { useCurrentUser } from '../auth/session-hooks';
import { TransferButton } from '../transfers/TransferButton';
import { AccountDialog } from './AccountDialog';
import { AccountRegister } from './AccountRegister';
import { AccountRow, type AccountRowActions } from './AccountRow';
import { groupAccounts, movedIds } from './account-groups';
import { DeleteAccountDialog } from './DeleteAccountDialog';
import './accounts.css';

type Editing = { account: LedgerAccount | null } | null;

/** Balances, totals and net worth; each account's register (with its statement import) opens below. */
export default function AccountsPage() {
  usePageTitle('Accounts');
  const toast = useToast();
  const utils = trpc.useUtils();
  const user = useCurrentUser();
  const currency = user.data?.currency ?? 'USD';
  const today = todayIn(user.data?.timezone ?? 'UTC');
  // Balances change with ledger writes made elsewhere in the app: fresh figures each time this shows.
  const accounts = trpc.account.list.useQuery(undefined, { refetchOnMount: 'always' });
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<LedgerAccount | null>(null);

  const done = (message: string) => {
    void utils.account.invalidate();
    toast.success(message);
  };
  const archive = trpc.account.archive.useMutation({
    onSuccess: (_data, input) => done(input.archived === false ? 'Account restored' : 'Account archived'),
    onError: (error) => toast.error(error),
  });
  const setDefault = trpc.account.setDefault.useMutation({
    onSuccess: () => done('Default account changed'),
    onError: (error) => toast.error(error),
  });
  const reorder = trpc.account.reorder.useMutation({
    onSuccess: () => void utils.account.invalidate(),
    onError: (error) => toast.error(error),
  });

  const all = accounts.data ?? [];
  const groups = groupAccounts(all);
  const selected = all.find((account) => account.id === params.get('account')) ?? null;
  const select = (account: LedgerAccount | null) =>
    setParams(account ? { account: account.id } : {}, { replace: true });
  const busy = archive.isPending || setDefault.isPending || reorder.isPending;

  const actionsFor = (siblings: LedgerAccount[]): AccountRowActions => ({
    busy,
    onSelect: (account) => select(account),
    onEdit: (account) => setEditing({ account }),
    onDelete: (account) => setDeleting(account),
    onArchive: (account, archived) => archive.mutate({ id: account.id, archived }),
    onSetDefault: (account) => setDefault.mutate({ id: account.id }),
    onMove: (account, step) => {
      const ids = movedIds(all, siblings, account.id, step);
      if (!ids) return;
      // The list shows the new order at once; the server's answer confirms it.
      utils.account.list.setData(undefined, (current) =>
        current ? ids.flatMap((id) => current.filter((item) => item.id === id)) : current,
      );
      reorder.mutate({ ids });
    },
  });

  const group = (title: string, id: string, items: LedgerAccount[], total: number, totalLabel: string) => (
    <section className="card" aria-labelledby={id}>
      <div className="card-header">
        <h2 id={id}>{title}</h2>
        <span className="num account-group-total" data-testid={`${id}-total`}>
          {totalLabel} {formatMoney(total, currency)}
        </span>
      </div>
      {items.length === 0 ? (
        <p className="card-body muted">None yet.</p>
      ) : (
        <ul className="list" aria-labelledby={id}>
          {items.map((account, index) => (
            <AccountRow
              key={account.id}
              account={account}
              selected={selected?.id === account.id}
              first={index === 0}
              last={index === items.length - 1}
              actions={actionsFor(items)}
            />
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Accounts</h1>
          <p>Where your money sits and what you owe: balances, totals and net worth.</p>
        </div>
        <div className="toolbar">
          <TransferButton today={today} currency={currency} />
          <Button variant="primary" onClick={() => setEditing({ account: null })}>
            <Icon name="plus" /> Add account
          </Button>
        </div>
      </div>
      {accounts.isLoading ? (
        <Skeleton height={240} />
      ) : accounts.error ? (
        <Alert>{errorMessage(accounts.error)}</Alert>
      ) : all.length === 0 ? (
        <EmptyState icon={<Icon name="overview" size={22} />} title="No accounts yet">
          Add a bank account, a wallet or a credit card to see its balance here.
        </EmptyState>
      ) : (
        <>
          <section className="card account-summary" aria-label="Totals">
            <dl className="card-body">
              <div>
                <dt>Assets</dt>
                <dd className="num">{formatMoney(groups.assetsTotal, currency)}</dd>
              </div>
              <div>
                <dt>Liabilities</dt>
                <dd className="num">{formatMoney(groups.liabilitiesTotal, currency)}</dd>
              </div>
              <div>
                <dt>Net worth</dt>
                <dd className="num" data-testid="net-worth">
                  {formatMoney(groups.netWorth, currency)}
                </dd>
              </div>
            </dl>
          </section>
          {group('Assets', 'assets', groups.assets, groups.assetsTotal, 'Total')}
          {group('Liabilities', 'liabilities', groups.liabilities, groups.liabilitiesTotal, 'Owed')}
          {groups.archived.length > 0 ? (
            <details className="card account-archived">
              <summary className="card-header">
                <h2>Archived ({groups.archived.length})</h2>
              </summary>
              <p className="card-body muted">Archived accounts keep their transactions and still count in net worth.</p>
              <ul className="list" aria-label="Archived accounts">
                {groups.archived.map((account) => (
                  <AccountRow
                    key={account.id}
                    account={account}
                    selected={selected?.id === account.id}
                    first
                    last
                    actions={actionsFor([account])}
                  />
                ))}
              </ul>
            </details>
          ) : null}
          {selected ? <AccountRegister key={selected.id} account={selected} today={today} /> : null}
        </>
      )}
      {editing ? (
        <AccountDialog account={editing.account} currency={currency} today={today} onClose={() => setEditing(null)} />
      ) : null}
      {deleting ? (
        <DeleteAccountDialog
          account={deleting}
          accounts={all}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            if (selected?.id === deleting.id) select(null);
            setDeleting(null);
          }}
        />
      ) : null}
    </div>
  );
}
