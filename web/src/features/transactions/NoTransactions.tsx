import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';

/** An empty list: nothing matches the filters (clear them), or nothing is recorded yet (add or import). */
export function NoTransactions({
  filtered,
  onClearFilters,
  onAdd,
  onImport,
}: {
  filtered: boolean;
  onClearFilters: () => void;
  onAdd: () => void;
  onImport: () => void;
}) {
  if (filtered) {
    return (
      <EmptyState
        icon={<Icon name="search" size={22} />}
        title="No transactions match"
        action={<Button onClick={onClearFilters}>Clear filters</Button>}
      >
        Try a different search or fewer filters.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={<Icon name="transactions" size={22} />}
      title="No transactions yet"
      action={
        <div className="toolbar">
          <Button variant="primary" onClick={onAdd}>
            Add transaction
          </Button>
          <Button onClick={onImport}>Import CSV</Button>
        </div>
      }
    >
      Add your first income or expense, or import a CSV from your bank.
    </EmptyState>
  );
}
