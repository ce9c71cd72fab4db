import type { AnalyticsPreset } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { useChartColors } from '../../lib/chart-colors';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { chartTickLabel, GRANULARITY_CAPTIONS } from './chart-labels';

export function IncomeExpenseChart({ preset, currency }: { preset: AnalyticsPreset; currency: string }) {
  const colors = useChartColors();
  const chart = trpc.analytics.chart.useQuery({ preset }, { placeholderData: keepPreviousData });
  const granularity = chart.data?.granularity ?? 'day';
  const tickFormat = (date: string) => chartTickLabel(date, granularity);
  const points = chart.data?.points ?? [];
  // Days and weeks read as a line; months, quarters and years as a pair of bars per bucket.
  const bars = granularity !== 'day' && granularity !== 'week';
  const axes = [
    <CartesianGrid key="grid" stroke={colors.grid} strokeDasharray="3 3" vertical={false} />,
    <XAxis
      key="x"
      dataKey="date"
      tickFormatter={tickFormat}
      stroke={colors.text}
      fontSize={12}
      tickLine={false}
      axisLine={false}
      minTickGap={24}
    />,
    <YAxis
      key="y"
      stroke={colors.text}
      fontSize={12}
      tickLine={false}
      axisLine={false}
      width={64}
      tickFormatter={(value: number) => formatMoney(value, currency, { compact: true })}
    />,
    <Tooltip
      key="tooltip"
      contentStyle={{ background: colors.surface, border: `1px solid ${colors.grid}`, borderRadius: 8 }}
      labelFormatter={(label) => formatDate(String(label))}
      formatter={(value, name) => [formatMoney(Number(value), currency), name === 'income' ? 'Income' : 'Expenses']}
    />,
  ];
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
        ) : points.every((point) => point.income === 0 && point.expenses === 0) ? (
          <EmptyState
            icon={<Icon name="overview" size={22} />}
            title="Nothing recorded in this period"
            action={
              <Link className="btn btn-primary" to="/transactions">
                Add a transaction
              </Link>
            }
          >
            Income and expenses show here once there are some.
          </EmptyState>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {bars ? (
              <BarChart data={points} margin={{ top: 8, right: 8, left: 0, bottom: 0 }} barGap={2}>
                {axes}
                <Bar dataKey="income" fill={colors.income} radius={[3, 3, 0, 0]} isAnimationActive={false} />
                <Bar dataKey="expenses" fill={colors.expense} radius={[3, 3, 0, 0]} isAnimationActive={false} />
              </BarChart>
            ) : (
              <AreaChart data={points} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
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
                {axes}
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
            )}
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}
