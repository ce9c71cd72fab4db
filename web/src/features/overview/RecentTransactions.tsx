import { Link } from 'react-router';
import { EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { formatDate, formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { transferLabel } from '../transfers/transfer-label';
import { useTransfersOf } from '../transfers/use-transfers';

/** The six latest transactions, whatever the period picked above. */
export function RecentTransactions({ currency }: { currency: string }) {
  const recent = trpc.transaction.list.useQuery({ page: 1, pageSize: 6, sortBy: 'date', sortDir: 'desc' });
  const items = recent.data?.items ?? [];
  const transfers = useTransfersOf(items);
  return (
    <section className="card" aria-labelledby="recent-heading">
      <div className="card-header">
        <h2 id="recent-heading">Recent transactions</h2>
        <Link to="/transactions">View all</Link>
      </div>
      {recent.isLoading ? (
        <div className="card-body">
          <Skeleton height={160} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          icon={<Icon name="transactions" size={22} />}
          title="Nothing recorded yet"
          action={
            <Link className="btn btn-primary" to="/transactions">
              Add a transaction
            </Link>
          }
        >
          Your latest income and expenses will show up here.
        </EmptyState>
      ) : (
        <ul className="list">
          {items.map((item) => (
            <li key={item.id} className="list-row">
              <span className={`tx-icon ${item.type === 'INCOME' ? 'income' : 'expense'}`} aria-hidden="true">
                {item.transferId ? '⇄' : item.type === 'INCOME' ? '↓' : '↑'}
              </span>
              <div className="grow">
                <div className="title">{item.title}</div>
                <div className="sub">
                  {item.transferId ? transferLabel(transfers.routeOf(item)) : item.category} · {formatDate(item.date)}
                </div>
              </div>
              <span className={`num ${item.type === 'INCOME' ? 'income' : 'expense'}`} style={{ fontWeight: 600 }}>
                {item.type === 'INCOME' ? '+' : '−'}
                {formatMoney(item.amount, currency)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
