import type { Budget } from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/Dialog';
import { EmptyState } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { QueryView } from '../../components/ui/QueryView';
import { useToast } from '../../components/ui/Toast';
import { formatDate, formatMoney } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { useCurrentUser } from '../auth/session-hooks';
import { AlertSettingsCard } from './AlertSettingsCard';
import { BudgetAlerts } from './BudgetAlerts';
import { BudgetBar, budgetName } from './BudgetBar';
import { BudgetDialog } from './BudgetDialog';
import { useBudgetStatus } from './use-budget-status';

type Editing = { budget: Budget | null } | null;

export default function BudgetsPage() {
  usePageTitle('Budgets');
  const toast = useToast();
  const utils = trpc.useUtils();
  const currency = useCurrentUser().data?.currency ?? 'USD';
  const { query, overall } = useBudgetStatus();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Budget | null>(null);
  const remove = trpc.budget.delete.useMutation({
    onSuccess: () => {
      void utils.budget.invalidate();
      toast.success('Budget deleted');
      setDeleting(null);
    },
    onError: (error) => toast.error(error),
  });
  const taken = {
    categoryIds: new Set(
      (query.data ?? []).flatMap((item) => (item.budget.categoryId ? [item.budget.categoryId] : [])),
    ),
    overall: overall != null,
  };

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Budgets</h1>
          <p>Limits per expense category or for all spending, by week (Monday to Sunday) or month.</p>
        </div>
        <Button variant="primary" onClick={() => setEditing({ budget: null })}>
          <Icon name="plus" /> Set a budget
        </Button>
      </div>
      <BudgetAlerts currency={currency} />
      <section className="card" aria-labelledby="budget-list-heading">
        <div className="card-header">
          <h2 id="budget-list-heading">This period</h2>
        </div>
        <QueryView query={query} skeletonHeight={160} padded>
          {(budgets) =>
            budgets.length === 0 ? (
              <EmptyState icon={<Icon name="reports" size={22} />} title="No budgets yet">
                Set a budget for a category, or one for all spending.
              </EmptyState>
            ) : (
              <ul className="list">
                {budgets.map((item) => (
                  <li key={item.budget.id} className="list-row budget-row">
                    <div className="budget-bar-wrap" style={{ flex: 1, minWidth: 0 }}>
                      <BudgetBar status={item} currency={currency} />
                      <span className="budget-bar-state">
                        {item.budget.period === 'WEEKLY' ? 'Weekly' : 'Monthly'}, {formatDate(item.from)} –{' '}
                        {formatDate(item.to)}
                        {item.budget.rollover
                          ? ` · rolled over ${formatMoney(item.carriedOver, currency, { signed: true })}`
                          : ''}
                      </span>
                    </div>
                    <Button
                      variant="ghost"
                      icon
                      aria-label={`Edit the ${budgetName(item)} budget`}
                      onClick={() => setEditing({ budget: item.budget })}
                    >
                      <Icon name="edit" />
                    </Button>
                    <Button
                      variant="ghost"
                      icon
                      aria-label={`Delete the ${budgetName(item)} budget`}
                      onClick={() => setDeleting(item.budget)}
                    >
                      <Icon name="trash" />
                    </Button>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>
      <AlertSettingsCard />
      {editing ? (
        <BudgetDialog open budget={editing.budget} taken={taken} currency={currency} onClose={() => setEditing(null)} />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete budget"
        message={`Delete the ${deleting?.categoryName ?? 'overall'} budget? Its alerts go with it.`}
        confirmLabel="Delete"
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}
