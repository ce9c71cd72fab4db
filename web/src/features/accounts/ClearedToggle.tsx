import type { Transaction } from '@finailytics/shared';
import { Icon } from '../../components/ui/Icon';

interface ClearedToggleProps {
  transaction: Pick<Transaction, 'title' | 'clearedAt'>;
  onToggle: (cleared: boolean) => void;
}

/**
 * A row's cleared tick: pressed once the row is ticked off against a statement. The name stays the
 * same either way and aria-pressed carries the state, as a toggle button's should.
 */
export function ClearedToggle({ transaction, onToggle }: ClearedToggleProps) {
  const cleared = transaction.clearedAt !== null;
  return (
    <button
      type="button"
      className="cleared-toggle"
      aria-pressed={cleared}
      aria-label={`Mark ${transaction.title} cleared`}
      title={cleared ? 'Cleared: click to untick' : 'Not cleared: click when the statement shows it'}
      onClick={() => onToggle(!cleared)}
    >
      <Icon name="check" size={14} />
    </button>
  );
}
