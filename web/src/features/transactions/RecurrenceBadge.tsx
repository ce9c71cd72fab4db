import type { Transaction } from '@finailytics/shared';
import { Icon } from '../../components/ui/Icon';
import { INTERVAL_LABELS } from './labels';

/**
 * Marks a series: its template with how often it repeats, each occurrence it made with "Recurring".
 * Occurrences carry the series' own title, so this badge is what tells them apart from one-offs.
 */
export function RecurrenceBadge({ transaction, plain = false }: { transaction: Transaction; plain?: boolean }) {
  const label =
    transaction.isRecurring && transaction.recurringInterval
      ? INTERVAL_LABELS[transaction.recurringInterval]
      : transaction.templateId
        ? 'Recurring'
        : null;
  if (!label) return null;
  const content = (
    <>
      <Icon name="repeat" size={12} /> {label}
    </>
  );
  return plain ? (
    <span>{content}</span>
  ) : (
    <span className="badge badge-primary" title="Part of a recurring series">
      {content}
    </span>
  );
}
