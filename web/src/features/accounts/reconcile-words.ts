import { formatMoney } from '../../lib/format';

/**
 * A reconcile difference (statement − cleared) in words: which side holds more and by how much, so
 * nobody has to work out what a minus sign means for a card in debt.
 */
export function differenceInWords(difference: number, currency: string, locale?: string): string {
  if (difference === 0) return 'The cleared balance matches the statement.';
  const amount = formatMoney(Math.abs(difference), currency, locale ? { locale } : {});
  return difference > 0
    ? `${amount} more on the statement than cleared`
    : `${amount} less on the statement than cleared`;
}
