import type { BudgetAlert } from '@finailytics/shared';
import { Button } from '../../components/ui/Button';
import { useToast } from '../../components/ui/Toast';
import { formatDate, formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import './budgets.css';

function alertText(alert: BudgetAlert, currency: string): string {
  const what = alert.categoryName === null ? 'your overall budget' : `your ${alert.categoryName} budget`;
  const period = alert.period === 'WEEKLY' ? 'the week of' : 'the month from';
  return `You reached ${alert.threshold}% of ${what} for ${period} ${formatDate(alert.periodStart)}: ${formatMoney(alert.spent, currency)} of ${formatMoney(alert.budgeted, currency)}.`;
}

/** The alerts the user has not dismissed yet, each with its own dismiss button. Nothing when there are none. */
export function BudgetAlerts({ currency }: { currency: string }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const alerts = trpc.budget.alerts.useQuery(undefined, { refetchOnMount: 'always' });
  const dismiss = trpc.budget.dismissAlert.useMutation({
    onSuccess: ({ id }) => utils.budget.alerts.setData(undefined, (list) => list?.filter((alert) => alert.id !== id)),
    onError: (error) => toast.error(error),
  });
  const items = alerts.data ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-label="Budget alerts">
      <ul className="budget-alerts">
        {items.map((alert) => (
          <li key={alert.id} className="budget-alert">
            <span>{alertText(alert, currency)}</span>
            <Button
              variant="ghost"
              onClick={() => dismiss.mutate({ id: alert.id })}
              disabled={dismiss.isPending}
              aria-label={`Dismiss the ${alert.threshold}% alert for ${alert.categoryName ?? 'all spending'}`}
            >
              Dismiss
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
