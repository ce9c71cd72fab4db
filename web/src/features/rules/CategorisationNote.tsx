import type { Categorisation } from '@finailytics/shared';
import { describeCategorisation } from './rule-labels';

/** Beside an import preview row: the rule that categorises it, or the category its history suggests. */
export function CategorisationNote({ categorisation }: { categorisation: Categorisation | null | undefined }) {
  if (!categorisation) return null;
  return categorisation.by === 'rule' ? (
    <span className="muted" data-testid="categorised-by-rule">
      {' '}
      · {describeCategorisation(categorisation)}
    </span>
  ) : (
    <span className="muted" data-testid="categorised-by-suggestion">
      {' '}
      · suggested: {categorisation.category} (not applied)
    </span>
  );
}
