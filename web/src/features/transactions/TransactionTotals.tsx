import type { TransactionFiltersInput } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';

/** What the transactions the filters match add up to, over every page, not just the one shown. */
export function TransactionTotals({ query, currency }: { query: TransactionFiltersInput; currency: string }) {
  const totals = trpc.transaction.totals.useQuery(query, { placeholderData: keepPreviousData });
  if (!totals.data) return null;
  const { count, income, expenses, net } = totals.data;
  return (
    <dl className="totals-bar" aria-label="Totals for these filters" aria-busy={totals.isFetching}>
      <div>
        <dt>Transactions</dt>
        <dd className="num">{count.toLocaleString()}</dd>
      </div>
      <div>
        <dt>Income</dt>
        <dd className="num income">
          {income > 0 ? '+' : ''}
          {formatMoney(income, currency)}
        </dd>
      </div>
      <div>
        <dt>Expenses</dt>
        <dd className="num expense">
          {expenses > 0 ? '−' : ''}
          {formatMoney(expenses, currency)}
        </dd>
      </div>
      <div>
        <dt>Net</dt>
        <dd className="num">
          {net < 0 ? '−' : ''}
          {formatMoney(Math.abs(net), currency)}
        </dd>
      </div>
    </dl>
  );
}
