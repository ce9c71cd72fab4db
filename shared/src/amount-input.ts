import { MAX_AMOUNT } from './money';

/**
 * Reads an amount as a person typed it — `86,40`, `1.450,00`, `1'450.00`, `€ 1 450,00` — into integer
 * cents, working on the digits of the text and never through a floating-point number. The locale says
 * which of `,` and `.` is the decimal separator; the other one is read where the text leaves no doubt.
 * Text that could mean two different amounts is refused with a message showing both readings.
 */

export type DecimalSeparator = ',' | '.';

export interface AmountInputOptions {
  /** A BCP 47 locale; its number format decides the decimal and grouping separators. */
  locale?: string;
  /** The decimal separator, for callers that know it without a locale (a CSV file's setting). */
  decimal?: DecimalSeparator;
  /** The person's currency: its local symbol (`kr`, `zł`) may lead or follow the number. */
  currency?: string;
  /** A leading minus or parentheses make the amount negative; refused otherwise. */
  allowNegative?: boolean;
  /** Zero is refused unless allowed. */
  allowZero?: boolean;
}

export type AmountInputResult =
  | {
      ok: true;
      /** The amount in integer cents (negative only when allowed). */
      cents: number;
      /** The same amount as the wire's decimal number with at most two decimals. */
      amount: number;
    }
  | { ok: false; message: string };

/** Longer text than this is refused before it is read. */
export const AMOUNT_INPUT_MAX_LENGTH = 64;

export interface NumberSeparators {
  decimal: DecimalSeparator;
  /** The locale's grouping character, normalized: ',', '.', ' ' (any space) or "'" (any apostrophe). */
  group: string;
  /** Groups of two above the thousands (1,00,000.00), as in en-IN. */
  indianGrouping: boolean;
}

const separatorCache = new Map<string, NumberSeparators>();

/** The decimal and grouping separators of a locale, from its own number format. */
export function numberSeparators(locale: string): NumberSeparators {
  const cached = separatorCache.get(locale);
  if (cached) return cached;
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { useGrouping: true });
  } catch {
    format = new Intl.NumberFormat('en-US', { useGrouping: true });
  }
  const parts = format.formatToParts(12345678.5);
  const decimalPart = parts.find((part) => part.type === 'decimal')?.value;
  const groupPart = parts.find((part) => part.type === 'group')?.value ?? '';
  const integerGroups = parts.filter((part) => part.type === 'integer').map((part) => part.value.length);
  const separators: NumberSeparators = {
    decimal: decimalPart === ',' ? ',' : '.',
    group: normalizeSeparator(groupPart),
    indianGrouping: integerGroups.length > 2 && integerGroups.slice(1, -1).every((length) => length === 2),
  };
  separatorCache.set(locale, separators);
  return separators;
}

const SPACES = /[\s\u00a0\u202f\u2009\u2007]/u;
const APOSTROPHES = /['\u2019\u02bc]/u;

function normalizeSeparator(char: string): string {
  if (SPACES.test(char)) return ' ';
  if (APOSTROPHES.test(char)) return "'";
  return char;
}

let knownCurrencyCodes: Set<string> | undefined;

function isCurrencyCode(token: string): boolean {
  if (!/^[A-Z]{3}$/.test(token)) return false;
  knownCurrencyCodes ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencyCodes.has(token);
}

/** The symbols a person's currency is written with in their locale (`€`, `kr`, `CHF`, `R$`). */
const symbolCache = new Map<string, string[]>();

function localSymbols(locale: string, currency: string | undefined): string[] {
  if (!currency) return [];
  const key = `${locale}|${currency}`;
  const cached = symbolCache.get(key);
  if (cached) return cached;
  const symbols: string[] = [];
  for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
    try {
      const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay }).formatToParts(1);
      const symbol = parts.find((part) => part.type === 'currency')?.value;
      if (symbol) symbols.push(symbol.toLowerCase());
    } catch {
      // An unknown currency or locale has no local symbol.
    }
  }
  if (symbolCache.size < 256) symbolCache.set(key, symbols);
  return symbols;
}

function isCurrencyToken(token: string, symbols: string[]): boolean {
  return isCurrencyCode(token) || /^[A-Za-z]{0,3}\p{Sc}$/u.test(token) || symbols.includes(token.toLowerCase());
}

const NOT_AMOUNT_CHAR = /[^\d\s\u00a0\u202f\u2009\u2007\-\u2212+().,'\u2019\u02bc]/u;

/** Takes a leading or trailing currency word or symbol off the text; refuses one that is no currency. */
function stripCurrency(text: string, symbols: string[], end: 'start' | 'end'): { text: string; refused?: string } {
  const chars = [...text];
  let length = 0;
  if (end === 'start') {
    while (length < chars.length && NOT_AMOUNT_CHAR.test(chars[length] ?? '')) length++;
  } else {
    while (length < chars.length && NOT_AMOUNT_CHAR.test(chars[chars.length - 1 - length] ?? '')) length++;
  }
  if (length === 0) return { text };
  const token = end === 'start' ? chars.slice(0, length).join('') : chars.slice(chars.length - length).join('');
  if (!isCurrencyToken(token, symbols)) return { text, refused: token };
  const rest = end === 'start' ? chars.slice(length).join('') : chars.slice(0, chars.length - length).join('');
  return { text: rest.trim() };
}

const MINUS = /^[-\u2212]/u;

function refuse(message: string): AmountInputResult {
  return { ok: false, message };
}

function resolveOptions(localeOrOptions: string | AmountInputOptions): {
  options: AmountInputOptions;
  separators: NumberSeparators;
  locale: string;
} {
  const options = typeof localeOrOptions === 'string' ? { locale: localeOrOptions } : localeOrOptions;
  const locale = options.locale ?? (options.decimal === ',' ? 'de-DE' : 'en-US');
  const fromLocale = numberSeparators(locale);
  const separators: NumberSeparators =
    options.decimal && options.decimal !== fromLocale.decimal
      ? { decimal: options.decimal, group: options.decimal === ',' ? '.' : ',', indianGrouping: false }
      : fromLocale;
  return { options, separators, locale };
}

/** Groups of three (1.450.000), or in an Indian-grouping locale also 1,00,000. */
function groupsFit(groups: string[], indian: boolean): boolean {
  const [first = '', ...rest] = groups;
  if (first.length < 1 || first.length > 3) return false;
  if (rest.length > 0 && first.startsWith('0')) return false;
  if (rest.every((group) => group.length === 3)) return true;
  if (!indian || rest.length < 2 || first.length > 2) return false;
  return rest.slice(0, -1).every((group) => group.length === 2) && rest[rest.length - 1]?.length === 3;
}

/**
 * Parses typed amount text. `localeOrOptions` is a locale (`'de-DE'`) or options; with `decimal` and no
 * locale the other of `,` and `.` is the grouping separator (a CSV reader's setting).
 */
export function parseAmountInput(text: string, localeOrOptions: string | AmountInputOptions): AmountInputResult {
  const { options, separators, locale } = resolveOptions(localeOrOptions);
  const { decimal } = separators;
  let rest = text.trim();
  if (rest === '') return refuse('Amount is required');
  if (rest.length > AMOUNT_INPUT_MAX_LENGTH) return refuse('Amount is too long');

  let negative = false;
  if (rest.startsWith('(') && rest.endsWith(')')) {
    negative = true;
    rest = rest.slice(1, -1).trim();
  }
  const symbols = localSymbols(locale, options.currency);
  let sign = false;
  // A sign and a currency may come in either order: "-€12", "€ -12", "EUR-12".
  for (let round = 0; round < 2; round++) {
    if (!sign && !negative && (MINUS.test(rest) || rest.startsWith('+'))) {
      negative = MINUS.test(rest);
      sign = true;
      rest = rest.slice(1).trim();
    }
    const stripped = stripCurrency(rest, symbols, 'start');
    if (stripped.refused !== undefined) return notAnAmount(text);
    rest = stripped.text;
  }
  const trailing = stripCurrency(rest, symbols, 'end');
  if (trailing.refused !== undefined) return notAnAmount(text);
  rest = trailing.text;

  if (!/^[\d\s\u00a0\u202f\u2009\u2007.,'\u2019\u02bc]+$/u.test(rest) || !/\d/.test(rest)) return notAnAmount(text);
  const normalized = [...rest].map((char) => (/\d/.test(char) ? char : normalizeSeparator(char))).join('');
  const shown = rest;

  // Split the text into its integer digits (with grouping) and its decimals by the last separator.
  const separatorsUsed = [...normalized].filter((char) => !/\d/.test(char));
  const last = separatorsUsed[separatorsUsed.length - 1];
  let integerText = normalized;
  let fraction = '';
  if (last === ',' || last === '.') {
    const at = normalized.lastIndexOf(last);
    const tail = normalized.slice(at + 1);
    const head = normalized.slice(0, at);
    const onlyOnce = separatorsUsed.filter((char) => char === last).length === 1;
    const headSeparators = [...head].filter((char) => !/\d/.test(char));
    if (tail === '') return refuse(`"${shown}" ends with "${last}": write the decimals after it, or leave it out`);
    if (onlyOnce && headSeparators.length > 0) {
      // 1.450,00 or 1 450,00: the last separator is the decimal one, whatever the locale.
      integerText = head;
      fraction = tail;
    } else if (onlyOnce) {
      if (tail.length <= 2) {
        // 86,40 or 86.40: a group has three digits, so this can only be the decimals.
        integerText = head;
        fraction = tail;
      } else if (tail.length === 3 && head.length >= 1 && head.length <= 3 && !head.startsWith('0')) {
        if (last !== separators.group) return ambiguous(shown, head, tail, decimal);
        integerText = head + tail;
      } else if (last === separators.group && groupsFit(normalized.split(last), separators.indianGrouping)) {
        integerText = head + tail;
      } else {
        return tooManyDecimals(shown, tail.length);
      }
    }
    // Otherwise the separator appears more than once, so it groups: 1.450.000.
  }

  const groupChars = new Set([...integerText].filter((char) => !/\d/.test(char)));
  if (
    groupChars.size > 1 ||
    (groupChars.size === 1 && !groupsFit(integerText.split([...groupChars][0] ?? ''), separators.indianGrouping))
  ) {
    return refuse(`"${shown}" has a separator in the wrong place: group digits by three, or leave the grouping out`);
  }
  if (fraction.length > 2) return tooManyDecimals(shown, fraction.length);

  const integerDigits = integerText.replace(/\D/g, '').replace(/^0+(?=\d)/, '') || '0';
  const maxDigits = String(MAX_AMOUNT).length;
  if (integerDigits.length > maxDigits) return overMax();
  const cents = Number(integerDigits) * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MAX_AMOUNT * 100) return overMax();
  if (cents === 0 && !options.allowZero) return refuse('Amount must be greater than 0');
  if (negative && !options.allowNegative) return refuse('Amount cannot be negative');
  const signed = negative && cents !== 0 ? -cents : cents;
  return { ok: true, cents: signed, amount: signed / 100 };
}

function notAnAmount(text: string): AmountInputResult {
  return refuse(`"${text.trim()}" is not an amount: use digits, with , or . before the cents`);
}

function tooManyDecimals(shown: string, count: number): AmountInputResult {
  return refuse(`"${shown}" has ${count} decimals; an amount has at most 2`);
}

function overMax(): AmountInputResult {
  return refuse(`Amount must be at most ${MAX_AMOUNT.toLocaleString('en-US')}`);
}

/** `1.450` could be 1.45 or 1,450: both readings in the person's notation, and how to write each. */
function ambiguous(shown: string, head: string, tail: string, decimal: DecimalSeparator): AmountInputResult {
  const group = decimal === ',' ? '.' : ',';
  const asDecimals = `${head}${decimal}${tail.replace(/0$/, '')}`;
  const asThousands = `${head}${group}${tail}`;
  if (!tail.endsWith('0')) {
    return refuse(
      `"${shown}" could be ${asThousands}, but an amount has at most 2 decimals; write ${head}${tail} for ${asThousands}`,
    );
  }
  return refuse(`"${shown}" could be ${asDecimals} or ${asThousands}; write ${asDecimals} or ${head}${tail}`);
}

/** An amount as it is typed back into a field in the person's notation: `1450,5` → `1450,50`. */
export function formatAmountInput(amount: number, localeOrOptions: string | AmountInputOptions): string {
  const { decimal } = resolveOptions(localeOrOptions).separators;
  const cents = Math.round(Math.abs(amount) * 100);
  const text = `${Math.floor(cents / 100)}${decimal}${String(cents % 100).padStart(2, '0')}`;
  return amount < 0 ? `-${text}` : text;
}
