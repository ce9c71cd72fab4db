import type { AnalyticsPreset } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert, Skeleton } from '../../components/ui/Feedback';
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
