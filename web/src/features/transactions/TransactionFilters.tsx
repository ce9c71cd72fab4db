import { SUPPORTED_DATE_RANGE } from '@finailytics/shared';
import { type CategoryChoice, CategoryPicker } from '../categories/CategoryPicker';
import { AccountFilterChip, AccountFilterSelect } from './AccountFilter';
import { PaymentMethodOptions } from './PaymentMethodOptions';
import type { TransactionFilterState } from './use-transaction-filters';

/** Search, account, type, frequency, category, method and date range above the list. */
export function TransactionFilters({
  state: { filters, update, search, setSearch, accounts },
  categories,
}: {
  state: TransactionFilterState;
  categories: readonly CategoryChoice[];
}) {
  const filteredAccount = accounts.list.find((account) => account.id === filters.accountId);
  return (
    <div className="filters">
      <input
        className="input"
        type="search"
        placeholder="Search title, category, description…"
        aria-label="Search transactions"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {accounts.several ? (
        <AccountFilterSelect
          accounts={accounts.list}
          value={filters.accountId}
          onChange={(accountId) => update({ account: accountId })}
        />
      ) : null}
      <select
        className="select"
        aria-label="Type"
        value={filters.type}
        onChange={(event) => update({ type: event.target.value })}
      >
        <option value="">All types</option>
        <option value="INCOME">Income</option>
        <option value="EXPENSE">Expense</option>
      </select>
      <select
        className="select"
        aria-label="Recurring"
        value={filters.recurringStatus}
        onChange={(event) => update({ recurring: event.target.value })}
      >
        <option value="">Any frequency</option>
        <option value="RECURRING">Recurring</option>
        <option value="NON_RECURRING">One-off</option>
      </select>
      <CategoryPicker
        aria-label="Category"
        mode="choose"
        emptyLabel="All categories"
        value={filters.category}
        options={categories}
        onChange={(name) => update({ category: name })}
      />
      <select
        className="select"
        aria-label="Payment method"
        value={filters.paymentMethod}
        onChange={(event) => update({ method: event.target.value })}
      >
        <option value="">All methods</option>
        <PaymentMethodOptions />
      </select>
      <div className="date-range">
        <input
          className="input"
          type="date"
          min={SUPPORTED_DATE_RANGE.min}
          max={SUPPORTED_DATE_RANGE.max}
          aria-label="From date"
          value={filters.from}
          onChange={(event) => update({ from: event.target.value })}
        />
        <input
          className="input"
          type="date"
          min={SUPPORTED_DATE_RANGE.min}
          max={SUPPORTED_DATE_RANGE.max}
          aria-label="To date"
          value={filters.to}
          onChange={(event) => update({ to: event.target.value })}
        />
      </div>
      {filteredAccount ? (
        <AccountFilterChip account={filteredAccount} onRemove={() => update({ account: null })} />
      ) : null}
    </div>
  );
}
