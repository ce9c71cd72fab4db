import type { BudgetPeriodStatus } from '@finailytics/shared';
import { formatMoney } from '../../lib/format';
import './budgets.css';

export function budgetName(status: Pick<BudgetPeriodStatus, 'budget'>): string {
  return status.budget.categoryName ?? 'All spending';
}

/** What the bar says in words, so over budget never rests on the red alone. */
function stateText(status: BudgetPeriodStatus, currency: string): string {
  if (status.overBudget) return `Over budget by ${formatMoney(-status.remaining, currency)}`;
  const left = `${formatMoney(status.remaining, currency)} left`;
  const days = status.daysLeft > 0 ? ` · ${status.daysLeft} ${status.daysLeft === 1 ? 'day' : 'days'} to go` : '';
  const pace =
    status.daysLeft > 0 && status.projected > status.budgeted
      ? ` · on pace for ${formatMoney(status.projected, currency)}`
      : '';
  return `${left}${days}${pace}`;
}

/** One budget: name, spent of budgeted, a bar (decorative; the text carries the figures) and its state. */
export function BudgetBar({ status, currency }: { status: BudgetPeriodStatus; currency: string }) {
  const percent = status.percent ?? (status.spent > 0 ? 100 : 0);
  const tone = status.overBudget ? 'is-over' : percent >= 80 ? 'is-near' : '';
  return (
    <div className={`budget-bar ${tone}`} data-testid="budget-bar" data-over={status.overBudget ? 'true' : 'false'}>
      <div className="budget-bar-head">
        <span className="budget-bar-name">{budgetName(status)}</span>
        <span className="budget-bar-figures num">
          {formatMoney(status.spent, currency)} of {formatMoney(status.budgeted, currency)}
          {status.percent !== null ? ` (${Math.round(status.percent)}%)` : ''}
        </span>
      </div>
      <div className="progress" aria-hidden="true">
        <span style={{ width: `${Math.min(percent, 100)}%` }} />
      </div>
      <span className="budget-bar-state">{stateText(status, currency)}</span>
    </div>
  );
}
