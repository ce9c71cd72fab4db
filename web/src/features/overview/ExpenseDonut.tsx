import { type AnalyticsPreset, OTHERS_CATEGORY } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { useChartColors } from '../../lib/chart-colors';
import { formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';

export function ExpenseDonut({ preset, currency }: { preset: AnalyticsPreset; currency: string }) {
  const colors = useChartColors();
  const breakdown = trpc.analytics.expenseBreakdown.useQuery({ preset }, { placeholderData: keepPreviousData });
  const items = breakdown.data?.breakdown ?? [];
  const colorOf = (name: string, index: number) =>
    name === OTHERS_CATEGORY ? (colors.series[4] ?? '#94a3b8') : (colors.series[index] ?? '#94a3b8');
  const navigate = useNavigate();
  const range = breakdown.data?.preset;
  // The transactions behind a slice: that category's expenses in the period ("Others": all of them).
  const transactionsOf = (name: string) => {
    const params = new URLSearchParams({ type: 'EXPENSE' });
    if (name !== OTHERS_CATEGORY) params.set('category', name);
    if (range) {
      params.set('from', range.from);
      params.set('to', range.to);
    }
    return `/transactions?${params}`;
  };
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
                    cursor="pointer"
                    onClick={(slice: { name?: string }) => slice.name && navigate(transactionsOf(slice.name))}
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
                  <Link to={transactionsOf(item.name)} title={`Show the ${item.name} expenses of this period`}>
                    {item.name}
                  </Link>
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
