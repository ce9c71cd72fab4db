import { Link } from 'react-router';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { errorMessage } from '../../lib/errors';
import { formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { ACCOUNT_KIND_LABELS, groupAccounts } from './account-groups';
import './accounts.css';

/** The overview's accounts: each open account with its balance, and the net worth they make. */
export function AccountsCard({ currency }: { currency: string }) {
  // Balances change with ledger writes made elsewhere in the app: fresh figures each time this shows.
  const accounts = trpc.account.list.useQuery(undefined, { refetchOnMount: 'always' });
  const groups = groupAccounts(accounts.data ?? []);
  const open = [...groups.assets, ...groups.liabilities];
  return (
    <section className="card" aria-labelledby="accounts-card-heading">
      <div className="card-header">
        <h2 id="accounts-card-heading">Accounts</h2>
        <Link to="/accounts">Manage accounts</Link>
      </div>
      {accounts.isLoading ? (
        <div className="card-body">
          <Skeleton height={120} />
        </div>
      ) : accounts.error ? (
        <div className="card-body">
          <Alert>{errorMessage(accounts.error)}</Alert>
        </div>
      ) : open.length === 0 ? (
        <EmptyState icon={<Icon name="overview" size={22} />} title="No open accounts">
          Add an account to see its balance here.
        </EmptyState>
      ) : (
        <>
          <ul className="list">
            {open.map((account) => (
              <li key={account.id} className="list-row" data-testid="overview-account">
                <div className="grow">
                  <div className="title">{account.name}</div>
                  <div className="sub">{ACCOUNT_KIND_LABELS[account.kind]}</div>
                </div>
                <span className="num account-balance">{formatMoney(account.balance, account.currency)}</span>
              </li>
            ))}
          </ul>
          <p className="card-body account-card-total">
            Net worth <strong className="num">{formatMoney(groups.netWorth, currency)}</strong>
          </p>
        </>
      )}
    </section>
  );
}
