import type { AnalyticsPreset } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { useChartColors } from '../../lib/chart-colors';
import { formatMoney } from '../../lib/format';
import { type RouterOutputs, trpc } from '../../lib/trpc';

type Breakdown = RouterOutputs['analytics']['expenseBreakdown'];
type Folded = NonNullable<Breakdown['breakdown'][number]['folded']>;

export function ExpenseDonut({ preset, currency }: { preset: AnalyticsPreset; currency: string }) {
  const colors = useChartColors();
  const breakdown = trpc.analytics.expenseBreakdown.useQuery({ preset }, { placeholderData: keepPreviousData });
  const items = breakdown.data?.breakdown ?? [];
  // The Others entry is the one that carries folded categories; a real category may be called "Others" too.
  const othersColor = colors.series[4] ?? '#94a3b8';
  // Each category in its own colour (Settings → Categories), so the donut, legend and bars agree.
  const colorOf = (index: number) => {
    const item = items[index];
    return item?.folded ? othersColor : (item?.colour ?? colors.series[index] ?? '#94a3b8');
  };
  const [othersOpen, setOthersOpen] = useState(false);
  const navigate = useNavigate();
  const range = breakdown.data?.preset;
  const transactionsOf = (category: string) => categoryExpensesLink(category, range);
  const openSlice = (index: number) => {
    const item = items[index];
    if (!item) return;
    if (item.folded) setOthersOpen(true);
    else navigate(transactionsOf(item.name));
  };
  const amount = (value: number, percentage: number) => share(value, percentage, currency);
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
                    onClick={(_slice: unknown, index: number) => openSlice(index)}
                  >
                    {items.map((item, index) => (
                      <Cell key={item.folded ? 'folded' : `category:${item.name}`} fill={colorOf(index)} />
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
              {items.map((item, index) =>
                item.folded ? (
                  <li key="folded">
                    <i className="legend-swatch" style={{ background: othersColor }} />
                    <button
                      type="button"
                      className="legend-toggle"
                      aria-expanded={othersOpen}
                      aria-controls={FOLDED_LIST_ID}
                      onClick={() => setOthersOpen((open) => !open)}
                    >
                      <Icon name={othersOpen ? 'sortUp' : 'sortDown'} size={16} />
                      {item.name}
                    </button>
                    <span className="num muted">{amount(item.value, item.percentage)}</span>
                    {othersOpen && (
                      <FoldedCategories folded={item.folded} color={othersColor} currency={currency} range={range} />
                    )}
                  </li>
                ) : (
                  <li key={`category:${item.name}`}>
                    <i className="legend-swatch" style={{ background: colorOf(index) }} />
                    <Link to={transactionsOf(item.name)} title={`Show the ${item.name} expenses of this period`}>
                      {item.name}
                    </Link>
                    <span className="num muted">{amount(item.value, item.percentage)}</span>
                  </li>
                ),
              )}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

const FOLDED_LIST_ID = 'donut-others-categories';

/** The transactions behind a legend entry: that category's expenses in the period. */
function categoryExpensesLink(category: string, range: { from: string; to: string } | undefined) {
  const params = new URLSearchParams({ type: 'EXPENSE', category });
  if (range) {
    params.set('from', range.from);
    params.set('to', range.to);
  }
  return `/transactions?${params}`;
}

const share = (value: number, percentage: number, currency: string) =>
  `${formatMoney(value, currency)} · ${percentage}%`;

/** The categories inside Others, each opening its own expenses like the entries above it. */
function FoldedCategories({
  folded,
  color,
  currency,
  range,
}: {
  folded: Folded;
  color: string;
  currency: string;
  range: { from: string; to: string } | undefined;
}) {
  return (
    <ul className="legend legend-folded" id={FOLDED_LIST_ID} aria-label="Categories in Others">
      {folded.categories.map((category) => (
        <li key={category.name}>
          <i className="legend-swatch" style={{ background: category.colour ?? color }} />
          <Link
            to={categoryExpensesLink(category.name, range)}
            title={`Show the ${category.count} ${category.name} ${category.count === 1 ? 'expense' : 'expenses'} of this period`}
          >
            {category.name}
          </Link>
          <span className="num muted">{share(category.value, category.percentage, currency)}</span>
        </li>
      ))}
      {folded.rest && (
        <li className="muted">
          <i className="legend-swatch" style={{ background: color }} />
          <span>
            {folded.rest.categoryCount} more {folded.rest.categoryCount === 1 ? 'category' : 'categories'}
          </span>
          <span className="num">{share(folded.rest.value, folded.rest.percentage, currency)}</span>
        </li>
      )}
    </ul>
  );
}
