import { OTHERS_CATEGORY, type ReportContent } from '@finailytics/shared';
import { useChartColors } from '../../lib/chart-colors';
import { formatDate, formatMoney, formatPercent } from '../../lib/format';
import { useCategories } from '../categories/use-categories';

/** One report as the e-mail carries it: totals, top categories and insights. */
export function ReportView({ content }: { content: ReportContent }) {
  const colors = useChartColors();
  const { expenseColours } = useCategories();
  const { summary, currency } = content;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div>
        <h3>{content.period.label}</h3>
        <p className="muted">
          {formatDate(content.period.from)} – {formatDate(content.period.to)}
        </p>
      </div>
      <div className="stats report-stats">
        <div className="card stat">
          <span className="stat-label">Income</span>
          <span className="stat-value income">{formatMoney(summary.income, currency)}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">Expenses</span>
          <span className="stat-value expense">{formatMoney(summary.expenses, currency)}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">Balance</span>
          <span className="stat-value">{formatMoney(summary.balance, currency)}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">Savings rate</span>
          <span className="stat-value">{summary.savingsRate === null ? '—' : formatPercent(summary.savingsRate)}</span>
        </div>
      </div>
      {summary.topCategories.length > 0 ? (
        <div>
          <h3 style={{ marginBottom: 8 }}>Top spending categories</h3>
          <ul className="legend">
            {summary.topCategories.map((category, index) => (
              <li key={category.name}>
                {/*
                  Each category in its own colour, as the overview's donut draws it; a name no category has
                  any more (a report stored before a rename) takes the palette's colour for its place.
                */}
                <i
                  className="legend-swatch"
                  aria-hidden="true"
                  style={{
                    background:
                      category.name === OTHERS_CATEGORY
                        ? colors.series[4]
                        : (expenseColours.get(category.name) ?? colors.series[index % colors.series.length]),
                  }}
                />
                <span>{category.name}</span>
                <span className="num muted">
                  {formatMoney(category.amount, currency)} · {category.percent}%
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {content.insights.length > 0 ? (
        <div>
          <h3 style={{ marginBottom: 8 }}>Insights</h3>
          <ul style={{ margin: 0, paddingLeft: 18, display: 'grid', gap: 6 }}>
            {content.insights.map((insight) => (
              <li key={insight}>{insight}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
