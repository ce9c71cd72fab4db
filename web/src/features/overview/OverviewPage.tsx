import { ANALYTICS_PRESETS, type AnalyticsPreset, OTHERS_CATEGORY, PRESET_LABELS } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Cell,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatMoney, formatPercent } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { type RouterOutputs, trpc } from '../../lib/trpc';
import { useCurrentUser } from '../auth/session-hooks';
import { useChartColors } from './chart-colors';
import { chartTickLabel, GRANULARITY_CAPTIONS } from './chart-labels';

type Summary = RouterOutputs['analytics']['summary'];

function Change({ value, goodWhenUp }: { value: number | null | undefined; goodWhenUp: boolean }) {
  if (value === null || value === undefined) return <span className="stat-change">No earlier data to compare</span>;
  const up = value > 0;
  const good = value === 0 ? null : up === goodWhenUp;
  return (
    <span className="stat-change">
      <span className={good === null ? '' : good ? 'trend-up' : 'trend-down'}>
        {up ? '▲' : value < 0 ? '▼' : '•'} {formatPercent(Math.abs(value))}
      </span>{' '}
      vs previous period
    </span>
  );
}

function savingsStatus(percentage: number | null): { label: string; className: string } {
  if (percentage === null) return { label: 'No income', className: 'badge' };
  if (percentage >= 20) return { label: 'Healthy', className: 'badge badge-income' };
  if (percentage >= 0) return { label: 'Low', className: 'badge badge-warning' };
  return { label: 'Overspending', className: 'badge badge-expense' };
}

function StatCards({ summary, currency }: { summary: Summary; currency: string }) {
  const overdrawn = summary.availableBalance < 0;
  const status = savingsStatus(summary.savingRate.percentage);
  return (
    <div className="stats">
      <article className="card stat" data-testid="stat-balance" data-alert={overdrawn}>
        <div className="stat-label">
          Balance {overdrawn ? <span className="badge badge-expense">Overdrawn</span> : null}
        </div>
        <div className={`stat-value ${overdrawn ? 'expense' : ''}`}>
          {formatMoney(summary.availableBalance, currency)}
        </div>
        <Change value={summary.percentageChange?.balance} goodWhenUp />
      </article>
      <article className="card stat" data-testid="stat-income">
        <div className="stat-label">Income</div>
        <div className="stat-value">{formatMoney(summary.totalIncome, currency)}</div>
        <Change value={summary.percentageChange?.income} goodWhenUp />
      </article>
      <article className="card stat" data-testid="stat-expenses">
        <div className="stat-label">Expenses</div>
        <div className="stat-value">{formatMoney(summary.totalExpenses, currency)}</div>
        <Change value={summary.percentageChange?.expenses} goodWhenUp={false} />
      </article>
      <article className="card stat" data-testid="stat-savings">
        <div className="stat-label">
          Savings rate <span className={status.className}>{status.label}</span>
        </div>
        <div className="stat-value">
          {summary.savingRate.percentage === null ? '—' : formatPercent(summary.savingRate.percentage)}
        </div>
        <span className="stat-change">
          {summary.transactionCount.toLocaleString('en-US')} transaction{summary.transactionCount === 1 ? '' : 's'} in
          this period
        </span>
      </article>
    </div>
  );
}

function IncomeExpenseChart({ preset, currency }: { preset: AnalyticsPreset; currency: string }) {
  const colors = useChartColors();
  const chart = trpc.analytics.chart.useQuery({ preset }, { placeholderData: keepPreviousData });
  const granularity = chart.data?.granularity ?? 'day';
  const tickFormat = (date: string) => chartTickLabel(date, granularity);
  return (
    <section className="card" aria-labelledby="chart-heading">
      <div className="card-header">
        <h2 id="chart-heading">Income vs expenses</h2>
        <span className="muted" style={{ fontSize: '0.85rem' }}>
          {GRANULARITY_CAPTIONS[granularity]}
        </span>
      </div>
      <div className="card-body chart-box">
        {chart.isLoading ? (
          <Skeleton height={260} />
        ) : chart.error ? (
          <Alert>{errorMessage(chart.error)}</Alert>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={chart.data?.points ?? []} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
              <defs>
                <linearGradient id="fill-income" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor={colors.income} stopOpacity={0.3} />
                  <stop offset="100%" stopColor={colors.income} stopOpacity={0} />
                </linearGradient>
                <linearGradient id="fill-expense" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor={colors.expense} stopOpacity={0.25} />
                  <stop offset="100%" stopColor={colors.expense} stopOpacity={0} />
                </linearGradient>
              </defs>
              <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="date"
                tickFormatter={tickFormat}
                stroke={colors.text}
                fontSize={12}
                tickLine={false}
                axisLine={false}
                minTickGap={24}
              />
              <YAxis
                stroke={colors.text}
                fontSize={12}
                tickLine={false}
                axisLine={false}
                width={64}
                tickFormatter={(value: number) => formatMoney(value, currency, { compact: true })}
              />
              <Tooltip
                contentStyle={{ background: colors.surface, border: `1px solid ${colors.grid}`, borderRadius: 8 }}
                labelFormatter={(label) => formatDate(String(label))}
                formatter={(value, name) => [
                  formatMoney(Number(value), currency),
                  name === 'income' ? 'Income' : 'Expenses',
                ]}
              />
              <Area
                type="monotone"
                dataKey="income"
                stroke={colors.income}
                strokeWidth={2}
                fill="url(#fill-income)"
                isAnimationActive={false}
              />
              <Area
                type="monotone"
                dataKey="expenses"
                stroke={colors.expense}
                strokeWidth={2}
                fill="url(#fill-expense)"
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}

function ExpenseDonut({ preset, currency }: { preset: AnalyticsPreset; currency: string }) {
  const colors = useChartColors();
  const breakdown = trpc.analytics.expenseBreakdown.useQuery({ preset }, { placeholderData: keepPreviousData });
  const items = breakdown.data?.breakdown ?? [];
  const colorOf = (name: string, index: number) =>
    name === OTHERS_CATEGORY ? (colors.series[4] ?? '#94a3b8') : (colors.series[index] ?? '#94a3b8');
  return (
    <section className="card" aria-labelledby="donut-heading">
      <div className="card-header">
        <h2 id="donut-heading">Where the money went</h2>
      </div>
      <div className="card-body">
        {breakdown.isLoading ? (
          <Skeleton height={240} />
        ) : items.length === 0 ? (
          <EmptyState icon={<Icon name="overview" size={22} />} title="No expenses in this period" />
        ) : (
          <>
            <div className="donut-wrap">
              <ResponsiveContainer width="100%" height="100%">
                <PieChart>
                  <Pie
                    data={items}
                    dataKey="value"
                    nameKey="name"
                    innerRadius="68%"
                    outerRadius="92%"
                    paddingAngle={2}
                    stroke="none"
                    isAnimationActive={false}
                  >
                    {items.map((item, index) => (
                      <Cell key={item.name} fill={colorOf(item.name, index)} />
                    ))}
                  </Pie>
                  <Tooltip
                    contentStyle={{ background: colors.surface, border: `1px solid ${colors.grid}`, borderRadius: 8 }}
                    formatter={(value, name) => [formatMoney(Number(value), currency), String(name)]}
                  />
                </PieChart>
              </ResponsiveContainer>
              <div className="donut-center">
                <strong>{formatMoney(breakdown.data?.totalSpent ?? 0, currency)}</strong>
                <span>spent</span>
              </div>
            </div>
            <ul className="legend">
              {items.map((item, index) => (
                <li key={item.name}>
                  <i className="legend-swatch" style={{ background: colorOf(item.name, index) }} />
                  <span>{item.name}</span>
                  <span className="num muted">
                    {formatMoney(item.value, currency)} · {item.percentage}%
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

function RecentTransactions({ currency }: { currency: string }) {
  const recent = trpc.transaction.list.useQuery({ page: 1, pageSize: 6, sortBy: 'date', sortDir: 'desc' });
  const items = recent.data?.items ?? [];
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
                {item.type === 'INCOME' ? '↓' : '↑'}
              </span>
              <div className="grow">
                <div className="title">{item.title}</div>
                <div className="sub">
                  {item.category} · {formatDate(item.date)}
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
        <select
          className="select"
          style={{ width: 'auto' }}
          aria-label="Period"
          value={preset}
          onChange={(event) =>
            setParams(event.target.value === '30days' ? {} : { period: event.target.value }, { replace: true })
          }
        >
          {ANALYTICS_PRESETS.map((value) => (
            <option key={value} value={value}>
              {PRESET_LABELS[value]}
            </option>
          ))}
        </select>
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
      <RecentTransactions currency={currency} />
    </div>
  );
}
