import { Link } from 'react-router';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { useChartColors } from '../../lib/chart-colors';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { monthEnds, yearBefore } from './net-worth';
import './accounts.css';

/**
 * Net worth over the last twelve months as a small area chart. The chart is for the eye; the sentence
 * above it and the month-by-month table under it carry the same figures for everyone else.
 */
export function NetWorthCard({ currency, today }: { currency: string; today: string }) {
  const colors = useChartColors();
  const from = yearBefore(today);
  const series = trpc.account.netWorth.useQuery({ from, to: today }, { refetchOnMount: 'always' });
  const points = series.data ?? [];
  const first = points[0];
  const last = points[points.length - 1];
  const money = (value: number) => formatMoney(value, currency);

  return (
    <section className="card" aria-labelledby="net-worth-heading">
      <div className="card-header">
        <h2 id="net-worth-heading">Net worth</h2>
        <Link to="/accounts">Accounts</Link>
      </div>
      <div className="card-body">
        {series.isLoading ? (
          <Skeleton height={180} />
        ) : series.error ? (
          <Alert>{errorMessage(series.error)}</Alert>
        ) : !first || !last ? (
          <p className="muted">No balances yet.</p>
        ) : (
          <>
            <p data-testid="net-worth-summary">
              <strong className="num">{money(last.netWorth)}</strong> on {formatDate(last.date)} (assets{' '}
              {money(last.assets)}, owed {money(last.liabilities)}); {money(first.netWorth)} on {formatDate(first.date)}
              , a change of {formatMoney(last.netWorth - first.netWorth, currency, { signed: true })}.
            </p>
            {/* The chart repeats the sentence and the table for the eye: hidden from screen readers and out of the tab order. */}
            <div className="networth-chart" aria-hidden="true">
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={points} margin={{ top: 8, right: 8, left: 0, bottom: 0 }} accessibilityLayer={false}>
                  <defs>
                    <linearGradient id="fill-net-worth" x1="0" y1="0" x2="0" y2="1">
                      <stop offset="0%" stopColor={colors.series[0]} stopOpacity={0.3} />
                      <stop offset="100%" stopColor={colors.series[0]} stopOpacity={0} />
                    </linearGradient>
                  </defs>
                  <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" vertical={false} />
                  <XAxis
                    dataKey="date"
                    tickFormatter={(date: string) => formatDate(date, { month: 'short' })}
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
                    formatter={(value) => [money(Number(value)), 'Net worth']}
                  />
                  <Area
                    type="monotone"
                    dataKey="netWorth"
                    stroke={colors.series[0]}
                    strokeWidth={2}
                    fill="url(#fill-net-worth)"
                    isAnimationActive={false}
                  />
                </AreaChart>
              </ResponsiveContainer>
            </div>
            <details>
              <summary>Show as a table</summary>
              <table className="networth-table">
                <caption className="visually-hidden">Net worth at the end of each month</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Assets</th>
                    <th scope="col">Owed</th>
                    <th scope="col">Net worth</th>
                  </tr>
                </thead>
                <tbody>
                  {monthEnds(points).map((point) => (
                    <tr key={point.date}>
                      <th scope="row">{formatDate(point.date)}</th>
                      <td className="num">{money(point.assets)}</td>
                      <td className="num">{money(point.liabilities)}</td>
                      <td className="num">{money(point.netWorth)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        )}
      </div>
    </section>
  );
}
