import { Link } from 'react-router';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { errorMessage } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { BudgetAlerts } from './BudgetAlerts';
import { BudgetBar } from './BudgetBar';

/** The overview's budgets: a bar per budget for the current period, overall first. */
export function BudgetsCard({ currency }: { currency: string }) {
  // Spending changes with ledger writes made elsewhere in the app: fresh figures each time this shows.
  const status = trpc.budget.status.useQuery({}, { refetchOnMount: 'always' });
  const all = status.data ? [...(status.data.overall ? [status.data.overall] : []), ...status.data.items] : [];
  return (
    <section className="card" aria-labelledby="budgets-card-heading">
      <div className="card-header">
        <h2 id="budgets-card-heading">Budgets</h2>
        <Link to="/budgets">Manage budgets</Link>
      </div>
      {status.isLoading ? (
        <div className="card-body">
          <Skeleton height={120} />
        </div>
      ) : status.error ? (
        <div className="card-body">
          <Alert>{errorMessage(status.error)}</Alert>
        </div>
      ) : all.length === 0 ? (
        <EmptyState
          icon={<Icon name="reports" size={22} />}
          title="No budgets yet"
          action={
            <Link className="btn btn-primary" to="/budgets">
              Set a budget
            </Link>
          }
        >
          Set a limit for a category or for all spending, and see here how much is left.
        </EmptyState>
      ) : (
        <div className="card-body budget-list">
          <BudgetAlerts currency={currency} />
          {all.map((item) => (
            <BudgetBar key={item.budget.id} status={item} currency={currency} />
          ))}
        </div>
      )}
    </section>
  );
}
