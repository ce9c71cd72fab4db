import { formatMoney, formatPercent } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';

type Summary = RouterOutputs['analytics']['summary'];

/** The change against the previous period, green or red by whether it is good news. */
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

export function StatCards({ summary, currency }: { summary: Summary; currency: string }) {
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
