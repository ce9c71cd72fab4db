import { ANALYTICS_PRESETS, type AnalyticsPreset } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { PeriodSelect } from '../../components/ui/PeriodSelect';
import { errorMessage } from '../../lib/errors';
import { formatDate, todayIn } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { AccountsCard } from '../accounts/AccountsCard';
import { NetWorthCard } from '../accounts/NetWorthCard';
import { useCurrentUser } from '../auth/session-hooks';
import { BudgetsCard } from '../budgets/BudgetsCard';
import { ExpenseDonut } from './ExpenseDonut';
import { IncomeExpenseChart } from './IncomeExpenseChart';
import { RecentTransactions } from './RecentTransactions';
import { StatCards } from './StatCards';

function greeting(name: string | undefined): string {
  const hour = new Date().getHours();
  const part = hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
  return name ? `${part}, ${name.split(' ')[0]}` : part;
}

export default function OverviewPage() {
  usePageTitle('Overview');
  const user = useCurrentUser();
  const currency = user.data?.currency ?? 'USD';
  const [params, setParams] = useSearchParams();
  const requested = params.get('period');
  const preset = (ANALYTICS_PRESETS as readonly string[]).includes(requested ?? '')
    ? (requested as AnalyticsPreset)
    : '30days';
  const summary = trpc.analytics.summary.useQuery({ preset }, { placeholderData: keepPreviousData });

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Overview</h1>
          <p>
            {greeting(user.data?.name)}.{' '}
            {summary.data ? `${formatDate(summary.data.preset.from)} – ${formatDate(summary.data.preset.to)}` : ''}
          </p>
        </div>
        <PeriodSelect
          label="Period"
          value={preset}
          onChange={(next) => setParams(next === '30days' ? {} : { period: next }, { replace: true })}
        />
      </div>
      {summary.error ? (
        <Alert>{errorMessage(summary.error)}</Alert>
      ) : summary.data ? (
        <StatCards summary={summary.data} currency={currency} />
      ) : (
        <div className="stats">
          {[0, 1, 2, 3].map((index) => (
            <Skeleton key={index} height={118} />
          ))}
        </div>
      )}
      <div className="charts">
        <IncomeExpenseChart preset={preset} currency={currency} />
        <ExpenseDonut preset={preset} currency={currency} />
      </div>
      <div className="charts">
        <NetWorthCard currency={currency} today={todayIn(user.data?.timezone ?? 'UTC')} />
        <AccountsCard currency={currency} />
      </div>
      <BudgetsCard currency={currency} />
      <RecentTransactions currency={currency} />
    </div>
  );
}
