import {
  type Categorisation,
  foldText,
  normaliseMerchant,
  type TransactionType,
  UNCATEGORIZED_CATEGORY,
} from '@finailytics/shared';
import type { HistoryRow } from './rule.repository';

/** True for the placeholder an import gives rows without a category: rules may replace it. */
export function isUncategorized(category: string): boolean {
  return foldText(category) === foldText(UNCATEGORIZED_CATEGORY);
}

/** Category counts per merchant and type, in the order the history first showed each category. */
type MerchantIndex = Map<string, Map<string, number>>;

const key = (type: TransactionType, merchant: string) => `${type}\u0000${merchant}`;

function indexHistory(history: readonly HistoryRow[]): MerchantIndex {
  const index: MerchantIndex = new Map();
  for (const row of history) {
    if (isUncategorized(row.category)) continue;
    const merchant = normaliseMerchant(row.title);
    if (merchant === '') continue;
    const counts = index.get(key(row.type, merchant)) ?? new Map<string, number>();
    counts.set(row.category, (counts.get(row.category) ?? 0) + 1);
    index.set(key(row.type, merchant), counts);
  }
  return index;
}

/** Histories already indexed, so an import preview indexes its history once for all its rows. */
const indexes = new WeakMap<readonly HistoryRow[], MerchantIndex>();

/**
 * The category most often given to this merchant's transactions of this type in the history (most
 * recent first); on a tie the one seen most recently. Null when the history has none.
 */
export function suggestFromHistory(
  history: readonly HistoryRow[],
  title: string,
  type: TransactionType,
): Categorisation | null {
  const merchant = normaliseMerchant(title);
  if (merchant === '') return null;
  let index = indexes.get(history);
  if (!index) {
    index = indexHistory(history);
    indexes.set(history, index);
  }
  const counts = index.get(key(type, merchant));
  if (!counts) return null;
  let best: { category: string; count: number } | null = null;
  for (const [category, count] of counts) {
    if (!best || count > best.count) best = { category, count };
  }
  return best ? { by: 'suggestion', category: best.category, merchant, count: best.count } : null;
}
