import { Link } from 'react-router';
import { EmptyState } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { QueryView } from '../../components/ui/QueryView';
import { BudgetAlerts } from './BudgetAlerts';
import { BudgetBar } from './BudgetBar';
import { useBudgetStatus } from './use-budget-status';

/** The overview's budgets: a bar per budget for the current period, overall first. */
export function BudgetsCard({ currency }: { currency: string }) {
  const { query } = useBudgetStatus();
  return (
    <section className="card" aria-labelledby="budgets-card-heading">
      <div className="card-header">
        <h2 id="budgets-card-heading">Budgets</h2>
        <Link to="/budgets">Manage budgets</Link>
      </div>
      <QueryView query={query} skeletonHeight={120} padded>
        {(budgets) =>
          budgets.length === 0 ? (
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
              {budgets.map((item) => (
                <BudgetBar key={item.budget.id} status={item} currency={currency} />
              ))}
            </div>
          )
        }
      </QueryView>
    </section>
  );
}
