import { MAX_AMOUNT } from '@finailytics/shared';

/**
 * A decimal amount as written in a statement, in exact integer cents, never through a float: an
 * optional sign (or trailing minus, or parentheses), digits, and a decimal point or comma. With
 * `grouping` (QIF), thousands separators are accepted where they group digits by three and differ
 * from the decimal mark ("1,234.56", "1.234,56", "1 234,56"); OFX has none, so there "1.500" is one
 * and a half. Decimals beyond two must be zeros ("12.3400"). Null when the text is not such an
 * amount or exceeds what a transaction may carry.
 */
// Groups after the first use the same mark (\1), so "1,234.567,890" is refused.
const GROUPED = /^(?:\d{1,3}([,. '])\d{3}(?:\1\d{3})*|\d+)(?:([.,])(\d+))?$/;
// OFX writes ".50" and "-.50" too.
const PLAIN = /^(?=\d|[.,]\d)\d*()(?:([.,])(\d*))?$/;

export function parseAmountCents(text: string, options: { grouping: boolean }): number | null {
  // No-break spaces group thousands in French exports.
  let value = text.trim().replace(/[\u00a0\u202f]/g, ' ');
  if (value.length === 0 || value.length > 40) return null;
  let negative = false;
  if (value.startsWith('(') && value.endsWith(')')) {
    negative = true;
    value = value.slice(1, -1).trim();
  }
  if (value.startsWith('-') || value.startsWith('+')) {
    negative = negative !== value.startsWith('-');
    value = value.slice(1).trim();
  } else if (value.endsWith('-')) {
    negative = !negative;
    value = value.slice(0, -1).trim();
  }
  const pattern = options.grouping ? GROUPED : PLAIN;
  const match = pattern.exec(value);
  if (!match) return null;
  const [, groupMark, decimalMark, fraction = ''] = match;
  if (groupMark && groupMark === decimalMark) return null;
  const integerPart = decimalMark ? value.slice(0, value.lastIndexOf(decimalMark)) : value;
  const whole = groupMark ? integerPart.split(groupMark).join('') : integerPart;
  if (fraction.length > 2 && /[^0]/.test(fraction.slice(2))) return null;
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents > MAX_AMOUNT * 100) return null;
  return negative && cents !== 0 ? -cents : cents;
}
