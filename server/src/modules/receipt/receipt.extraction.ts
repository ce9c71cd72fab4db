import { isRealCalendarDate, type PaymentMethod, parseAmountInput } from '@finailytics/shared';
import type { ReceiptFields, ReceiptReading } from './receipt-reader';

/**
 * Rules that turn a receipt's recognised text into transaction fields. Each rule answers null rather than
 * a guess, with a confidence (0–1) for what it found: the draft marks the fields the user should check.
 * Every rule works on at most RECEIPT_TEXT_MAX_LINES lines of at most RECEIPT_LINE_MAX_CHARS characters,
 * so its cost is bounded whatever the recogniser returns.
 */

export const RECEIPT_TEXT_MAX_LINES = 200;
export const RECEIPT_LINE_MAX_CHARS = 160;

/** One line of recognised text and how sure the recogniser was of it (0–1; 1 when unknown). */
export interface ReceiptLine {
  text: string;
  confidence: number;
}

export interface Found<T> {
  value: T;
  confidence: number;
}

/** The text's non-blank lines, trimmed and bounded. */
export function receiptLines(text: string, confidences: readonly number[] = []): ReceiptLine[] {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({
      text: line.replace(/\s+/g, ' ').trim().slice(0, RECEIPT_LINE_MAX_CHARS),
      confidence: confidences[index] ?? 1,
    }))
    .filter((line) => line.text !== '')
    .slice(0, RECEIPT_TEXT_MAX_LINES);
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts

/**
 * A printed money amount: an optional currency before it (`€`, `£`, `$`, `EUR`, or `S`, which is how a
 * recogniser often reads `$`), digits with optional thousands groups, and always two decimals after `.` or `,`.
 * Receipts print cents, so a number without them (a quantity, an item code) is not taken for money.
 */
const AMOUNT_PATTERN =
  /(?<![\d.,])(-?)\s?(?:[€£$¥]|EUR|GBP|USD|CHF|(?<!\p{L})S(?=\s?\d))?\s?(\d{1,3}(?:[,.'\u2019]\d{3})+|\d+)\s?([.,])\s?(\d{2})(?![\d]|[.,]\d)(?!\s?%)/gu;

export interface AmountMatch {
  cents: number;
  /** Where the amount starts on its line: what comes before it is the line's label. */
  index: number;
  negative: boolean;
}

/** The money amounts printed on one line, left to right. */
export function amountsOnLine(text: string, locale: string): AmountMatch[] {
  const matches: AmountMatch[] = [];
  for (const match of text.matchAll(AMOUNT_PATTERN)) {
    const [, minus = '', integer = '', separatorText = '.', decimals = ''] = match;
    const separator = separatorText === ',' ? ',' : '.';
    const digits = integer.replace(/[,.'\u2019]/g, '');
    // The decimal separator is the one before the two decimals; the shared parser checks the grouping.
    const grouped = integer.replace(/[.,'\u2019]/g, separator === '.' ? ',' : '.');
    const parsed = parseAmountInput(`${grouped}${separator}${decimals}`, { locale, decimal: separator });
    if (!parsed.ok || digits.length > 9) continue;
    matches.push({ cents: parsed.cents, index: match.index ?? 0, negative: minus === '-' });
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------------------------
// Labels

/**
 * A line's label as words for matching: upper case, with the digits a recogniser puts in place of letters
 * (`T0TAL`, `TOTA1`, `5UBTOTAL`) read as those letters, and everything that is not a letter a space.
 */
export function labelWords(label: string): string[] {
  const letters = label
    .toUpperCase()
    .replace(/(?<=[A-Z])0|0(?=[A-Z])/g, 'O')
    .replace(/(?<=[A-Z])[1|](?=[A-Z]|\b)/g, 'L')
    .replace(/(?<=[A-Z])5|5(?=[A-Z])/g, 'S')
    .replace(/[^A-ZÄÖÜ]+/g, ' ')
    .trim();
  return letters === '' ? [] : letters.split(' ');
}

/** Edit distance of two short words, stopping early past `max`. */
function withinEdits(word: string, target: string, max: number): boolean {
  if (Math.abs(word.length - target.length) > max) return false;
  let previous = Array.from({ length: target.length + 1 }, (_, index) => index);
  for (let i = 1; i <= word.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= target.length; j++) {
      const cost = word[i - 1] === target[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    previous = current;
  }
  return (previous[target.length] ?? max + 1) <= max;
}

/** A word read as `target`, allowing one misread letter in words of five letters or more. */
function isWord(word: string, target: string): boolean {
  return word === target || (target.length >= 5 && withinEdits(word, target, 1));
}

function hasWord(words: readonly string[], target: string): boolean {
  return words.some((word) => isWord(word, target));
}

function hasPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (phrase.every((target, offset) => isWord(words[start + offset] ?? '', target))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Total

/** Labels that name the amount paid, strongest first. A plain TOTAL (or `TOTAL EUR`) comes after them. */
const FINAL_TOTAL_PHRASES: ReadonlyArray<readonly string[]> = [
  ['GRAND', 'TOTAL'],
  ['TOTAL', 'DUE'],
  ['AMOUNT', 'DUE'],
  ['TOTAL', 'TO', 'PAY'],
  ['BALANCE', 'DUE'],
  ['TOTAL', 'PAID'],
  ['AMOUNT', 'PAID'],
  ['TOTAL', 'AMOUNT'],
  ['AMOUNT', 'TO', 'PAY'],
  ['TO', 'PAY'],
  ['BETRAG'],
  ['SUMME'],
  ['GESAMT'],
  ['ZU', 'ZAHLEN'],
];

/** Lines that carry an amount which is not the total paid. */
const NOT_TOTAL_WORDS = [
  'SUBTOTAL',
  'SUB',
  'NET',
  'TAX',
  'VAT',
  'GST',
  'HST',
  'MWST',
  'CASH',
  'TENDERED',
  'GEGEBEN',
  'RÜCKGELD',
  'WECHSELGELD',
  'TENDER',
  'CHANGE',
  'SAVINGS',
  'SAVED',
  'DISCOUNT',
  'ITEMS',
  'QTY',
  'TIP',
  'POINTS',
];

function isSubtotal(words: readonly string[]): boolean {
  return hasWord(words, 'SUBTOTAL') || hasPhrase(words, ['SUB', 'TOTAL']) || hasWord(words, 'ZWISCHENSUMME');
}

/** How strongly a label names the final total: 3 an explicit one, 2 a plain TOTAL, 0 not a total. */
export function totalLabelStrength(label: string): number {
  const words = labelWords(label);
  if (words.length === 0 || words.length > 5) return 0;
  if (isSubtotal(words)) return 0;
  if (FINAL_TOTAL_PHRASES.some((phrase) => hasPhrase(words, phrase))) {
    return NOT_TOTAL_WORDS.some((word) => words.includes(word)) ? 0 : 3;
  }
  if (!hasWord(words, 'TOTAL')) return 0;
  return NOT_TOTAL_WORDS.some((word) => words.some((candidate) => isWord(candidate, word))) ? 0 : 2;
}

function isCashLine(words: readonly string[]): boolean {
  return isCashWord(words, false) || CHANGE_WORDS.some((word) => words.includes(word));
}

/** The last amount on the line (the price column), or on the next line when the label stands alone. */
function lineAmount(lines: readonly ReceiptLine[], at: number, locale: string): AmountMatch | null {
  const line = lines[at];
  if (!line) return null;
  const own = amountsOnLine(line.text, locale).filter((match) => match.index > 0);
  if (own.length > 0) return own[own.length - 1] ?? null;
  const next = lines[at + 1];
  if (!next || labelWords(next.text).length > 1) return null;
  const below = amountsOnLine(next.text, locale);
  return below[below.length - 1] ?? null;
}

function labelOf(text: string, amount: AmountMatch | null): string {
  return amount && amount.index > 0 ? text.slice(0, amount.index) : text;
}

/**
 * The total paid: the amount on the strongest total line (an explicit `Total due`, `Grand total`… over a
 * plain `TOTAL`), the last such line when several are equally strong (a receipt repeats its total after
 * the items), never a subtotal, tax, cash tendered or change line. Without a total label there is no total.
 * The confidence rises when the receipt agrees with itself: subtotal plus tax, or cash less change.
 */
export function findTotal(lines: readonly ReceiptLine[], locale: string): Found<number> | null {
  let best: { cents: number; strength: number; at: number } | null = null;
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at] as ReceiptLine;
    const amount = lineAmount(lines, at, locale);
    if (!amount || amount.negative || amount.cents <= 0) continue;
    const strength = totalLabelStrength(labelOf(line.text, amount));
    if (strength === 0) continue;
    if (!best || strength > best.strength || (strength === best.strength && amount.cents >= best.cents)) {
      best = { cents: amount.cents, strength, at };
    }
  }
  if (!best) return null;
  const ocr = lines[best.at]?.confidence ?? 1;
  const base = best.strength === 3 ? 0.85 : 0.75;
  const agrees = totalAgreesWithReceipt(lines, best.cents, locale);
  return { value: best.cents, confidence: round(Math.min(1, (agrees ? base + 0.15 : base) * (0.5 + ocr / 2))) };
}

/** Whether a subtotal plus the tax lines, or the cash tendered less the change, comes to the total. */
function totalAgreesWithReceipt(lines: readonly ReceiptLine[], total: number, locale: string): boolean {
  let subtotal: number | null = null;
  let tax = 0;
  let cash: number | null = null;
  let change: number | null = null;
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at] as ReceiptLine;
    const amount = lineAmount(lines, at, locale);
    if (!amount) continue;
    const words = labelWords(labelOf(line.text, amount));
    if (isSubtotal(words)) subtotal = amount.cents;
    else if (['TAX', 'VAT', 'GST', 'HST'].some((word) => words.includes(word)) && !words.includes('INCL')) {
      tax += amount.cents;
    } else if (CHANGE_WORDS.some((word) => words.includes(word))) change = amount.cents;
    else if (isCashWord(words, true)) cash = amount.cents;
  }
  if (subtotal !== null && (subtotal === total || subtotal + tax === total)) return true;
  return cash !== null && change !== null && cash - change === total;
}

// ---------------------------------------------------------------------------------------------------------------
// Date

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  MÄR: 3,
  MRZ: 3,
  APR: 4,
  MAY: 5,
  MAI: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  SEPT: 9,
  OCT: 10,
  OKT: 10,
  NOV: 11,
  DEC: 12,
  DEZ: 12,
};
const MONTH_NAME = '(JAN|FEB|MAR|MÄR|MRZ|APR|MAY|MAI|JUNE?|JULY?|AUG|SEPT?|OCT|OKT|NOV|DEC|DEZ)[A-ZÄ]*\\.?';

/** Whether the locale writes the month before the day (en-US: 03/14/2026), from its own date format. */
export function monthFirst(locale: string): boolean {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
      new Date(Date.UTC(2026, 2, 14)),
    );
  } catch {
    return false;
  }
  const types = parts.map((part) => part.type);
  return types.indexOf('month') < types.indexOf('day');
}

/** A two-digit year is this century's up to 79 and last century's from 80 (receipts are recent). */
function fullYear(year: string): number {
  const value = Number(year);
  if (year.length === 4) return value;
  return value < 80 ? 2000 + value : 1900 + value;
}

function isoDate(year: number, month: number, day: number): string | null {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return year >= 1990 && year <= 2100 && isRealCalendarDate(text) ? text : null;
}

interface DateCandidate {
  value: string;
  /** 1 when the printed form leaves no doubt; lower when the locale decided day and month. */
  certainty: number;
}

/**
 * The dates printed on one line. Numeric dates: year first is ISO (2026-03-14); with dots it is day first
 * (14.03.2026, as printed where dots are used); with slashes or dashes a part over 12 is the day, and when
 * both parts could be the month the locale decides (month first in en-US and the other locales whose own
 * date format puts it first, day first elsewhere), with a lower confidence.
 */
export function datesOnLine(text: string, locale: string): DateCandidate[] {
  const upper = text.toUpperCase();
  const found: DateCandidate[] = [];
  for (const match of upper.matchAll(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g)) {
    const value = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
    if (value) found.push({ value, certainty: 1 });
  }
  for (const match of upper.matchAll(
    /(?<![\d.,/-])(\d{1,2})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d.,]?\d)/g,
  )) {
    const first = Number(match[1]);
    const second = Number(match[3]);
    const year = fullYear(match[4] ?? '');
    const separator = match[2];
    let dayFirst: boolean;
    let certainty = 1;
    if (first > 12 && second <= 12) dayFirst = true;
    else if (second > 12 && first <= 12) dayFirst = false;
    else if (separator === '.') dayFirst = true;
    else {
      dayFirst = !monthFirst(locale);
      certainty = first === second ? 1 : 0.7;
    }
    const value = dayFirst ? isoDate(year, second, first) : isoDate(year, first, second);
    if (value) found.push({ value, certainty: (match[4] ?? '').length === 2 ? certainty * 0.9 : certainty });
  }
  const dayMonth = new RegExp(
    `(?<!\\d)(\\d{1,2})(?:ST|ND|RD|TH)?[\\s.-]*${MONTH_NAME}[\\s,.-]*(\\d{4}|\\d{2})(?!\\d)`,
    'gu',
  );
  for (const match of upper.matchAll(dayMonth)) {
    const month = MONTHS[(match[2] ?? '').slice(0, 3)] ?? MONTHS[match[2] ?? ''];
    const value = month ? isoDate(fullYear(match[3] ?? ''), month, Number(match[1])) : null;
    if (value) found.push({ value, certainty: 1 });
  }
  const monthDay = new RegExp(`${MONTH_NAME}\\s*(\\d{1,2})(?:ST|ND|RD|TH)?,?\\s*(\\d{4})(?!\\d)`, 'gu');
  for (const match of upper.matchAll(monthDay)) {
    const month = MONTHS[(match[1] ?? '').slice(0, 3)] ?? MONTHS[match[1] ?? ''];
    const value = month ? isoDate(fullYear(match[3] ?? ''), month, Number(match[2])) : null;
    if (value) found.push({ value, certainty: 1 });
  }
  return found;
}

/**
 * The purchase date: the first date on a line labelled as the date (`Date:`), else the first date on the
 * receipt (a "best before" or return-by date comes further down, after the items).
 */
export function findDate(lines: readonly ReceiptLine[], locale: string): Found<string> | null {
  let first: { candidate: DateCandidate; line: ReceiptLine } | null = null;
  for (const line of lines) {
    const candidates = datesOnLine(line.text, locale);
    const candidate = candidates[0];
    if (!candidate) continue;
    const words = labelWords(line.text);
    if (words.some((word) => ['RETURN', 'RETURNS', 'EXPIRES', 'EXP', 'VALID', 'BEFORE', 'UNTIL'].includes(word))) {
      continue;
    }
    if (words.includes('DATE') || words.includes('DATUM')) {
      return { value: candidate.value, confidence: round(candidate.certainty * (0.5 + line.confidence / 2)) };
    }
    first ??= { candidate, line };
  }
  if (!first) return null;
  return {
    value: first.candidate.value,
    confidence: round(0.9 * first.candidate.certainty * (0.5 + first.line.confidence / 2)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Merchant

const HEADER_WORDS = new Set([
  'RECEIPT',
  'WELCOME',
  'INVOICE',
  'TAX',
  'VAT',
  'TEL',
  'PHONE',
  'FAX',
  'REG',
  'CASHIER',
  'SALES',
  'ORDER',
  'TABLE',
  'SERVER',
  'DATE',
  'TIME',
  'THANK',
  'THANKS',
  'COPY',
  'CUSTOMER',
  'KASSENBON',
  'QUITTUNG',
  'RECHNUNG',
  'BELEG',
  'WILLKOMMEN',
  'BIENVENUE',
]);
const STREET_WORDS = new Set([
  'ST',
  'STREET',
  'RD',
  'ROAD',
  'AVE',
  'AVENUE',
  'BLVD',
  'LANE',
  'LN',
  'DR',
  'DRIVE',
  'WAY',
  'HWY',
  'PLACE',
  'PL',
  'SQUARE',
  'SUITE',
  'STE',
  'UNIT',
  'FLOOR',
  'STRASSE',
  'STR',
  'PLATZ',
  'WEG',
  'GASSE',
  'ALLEE',
]);

/** Why a top line is not the merchant's name: an address, a phone number, a web address, a heading. */
function notMerchantName(text: string): boolean {
  if (
    /https?:|www\.|@|\b[\w-]+\.(com|net|org|co\.uk|uk|ie|de|fr|it|es|nl|at|ch|eu|us|ca|au|io|shop|store)\b/i.test(text)
  ) {
    return true;
  }
  if ((text.match(/\d/g) ?? []).length >= 6) return true;
  if (/\d{1,2}:\d{2}/.test(text)) return true;
  if (/^(store|branch|shop|till|pos)\s*(no\.?|#|number)/i.test(text)) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 2 || letters.length < text.replace(/\s/g, '').length / 2) return true;
  const words = text
    .toUpperCase()
    .replace(/STRAßE/g, 'STRASSE')
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  if (words.some((word) => HEADER_WORDS.has(word))) return true;
  if (/^\d/.test(text.trim()) && words.some((word) => STREET_WORDS.has(word))) return true;
  if (words.some((word) => STREET_WORDS.has(word)) && /\d/.test(text)) return true;
  // A postcode line: "SW1A 1AA", "10115 Berlin", "Springfield, IL 62704".
  if (/\b\d{5}\b/.test(text) || /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/.test(text)) return true;
  return false;
}

/** Noise a recogniser leaves around a heading: rules, borders and stray marks. */
function cleanName(text: string): string {
  return text
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/[^\p{L}\p{N}.)'!&]+$/u, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** How many lines from the top the merchant's name may be on. */
const MERCHANT_SEARCH_LINES = 6;

/**
 * The merchant: the first line near the top that reads as a name (mostly letters, not an address, a
 * phone number, a web address, a date or a heading such as "Receipt" or "Welcome to").
 */
export function findMerchant(lines: readonly ReceiptLine[]): Found<string> | null {
  for (const [position, line] of lines.slice(0, MERCHANT_SEARCH_LINES).entries()) {
    const name = cleanName(line.text);
    if (name.length < 2 || notMerchantName(name)) continue;
    if (amountsOnLine(name, 'en-US').length > 0) continue;
    const confidence = (position === 0 ? 0.9 : 0.75) * (0.4 + (line.confidence * 6) / 10);
    return { value: name.slice(0, 255), confidence: round(confidence) };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Payment method

const CARD_WORDS = [
  'VISA',
  'MASTERCARD',
  'MAESTRO',
  'AMEX',
  'DEBIT',
  'CREDIT',
  'CONTACTLESS',
  'CARD',
  'EFTPOS',
  'GIROCARD',
  'KARTE',
  'KARTENZAHLUNG',
];
const NOT_PAYMENT_CARD = ['LOYALTY', 'CLUBCARD', 'REWARDS', 'REWARD', 'POINTS', 'GIFT', 'MEMBER', 'NECTAR'];
/** Money handed over: cash. `BAR` (German for cash) only with an amount, as a shop can be a bar. */
const CASH_WORDS = ['CASH', 'TENDERED', 'GEGEBEN'];
/**
 * Money given back. Matched exactly: one misread letter away are words that mean something else
 * (`Service charge`).
 */
const CHANGE_WORDS = ['CHANGE', 'RÜCKGELD', 'WECHSELGELD'];

/** Words that name a card however they are used. */
const CARD_BRANDS = ['VISA', 'MASTERCARD', 'MAESTRO', 'AMEX', 'CONTACTLESS', 'GIROCARD', 'EFTPOS'];

/** Where the payment lines begin: the first total line, or the top when there is none. */
function paymentSectionStart(lines: readonly ReceiptLine[], locale: string): number {
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at] as ReceiptLine;
    const amount = lineAmount(lines, at, locale);
    if (amount && totalLabelStrength(labelOf(line.text, amount)) > 0) return at;
  }
  return 0;
}

function isCashWord(words: readonly string[], hasAmount: boolean): boolean {
  if (hasPhrase(words, ['CASH', 'BACK']) || words.includes('CASHBACK')) return false;
  return CASH_WORDS.some((target) => hasWord(words, target)) || (hasAmount && words.includes('BAR'));
}

/**
 * How the receipt says it was paid: cash handed over (or change given back) means cash; otherwise a card
 * line (Visa, Mastercard, debit, contactless, girocard…) means card and a phone wallet a mobile payment.
 */
export function findPaymentMethod(lines: readonly ReceiptLine[], locale: string): Found<PaymentMethod> | null {
  let card: ReceiptLine | null = null;
  let mobile: ReceiptLine | null = null;
  let cash: ReceiptLine | null = null;
  let change: ReceiptLine | null = null;
  const paymentsFrom = paymentSectionStart(lines, locale);
  for (const [at, line] of lines.entries()) {
    const words = labelWords(line.text);
    if (NOT_PAYMENT_CARD.some((word) => words.includes(word))) continue;
    const amounts = amountsOnLine(line.text, locale);
    if (hasPhrase(words, ['APPLE', 'PAY']) || hasPhrase(words, ['GOOGLE', 'PAY'])) mobile ??= line;
    // A card brand means a card anywhere; a plain "card" only from the total down, as items can be cards.
    const cardWords = at >= paymentsFrom ? CARD_WORDS : CARD_BRANDS;
    if (
      cardWords.some((target) => words.some((word) => isWord(word, target))) ||
      hasPhrase(words, ['MASTER', 'CARD'])
    ) {
      card ??= line;
    }
    if (CHANGE_WORDS.some((word) => words.includes(word)) && amounts.some((amount) => amount.cents > 0)) {
      change ??= line;
    }
    if (isCashWord(words, amounts.length > 0)) cash ??= line;
  }
  const pick = (method: PaymentMethod, line: ReceiptLine, base: number): Found<PaymentMethod> => ({
    value: method,
    confidence: round(base * (0.5 + line.confidence / 2)),
  });
  if (change && cash) return pick('CASH', cash, 0.95);
  if (mobile) return pick('MOBILE_PAYMENT', mobile, 0.85);
  if (card) return pick('CARD', card, 0.9);
  if (cash) return pick('CASH', cash, 0.85);
  if (change) return pick('CASH', change, 0.7);
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Description

const DESCRIPTION_MAX_ITEMS = 5;
const DESCRIPTION_MAX_CHARS = 200;

/**
 * A short summary of what was bought: the names on the item lines (a label and a price) above the first
 * total or subtotal, up to DESCRIPTION_MAX_ITEMS of them and "+ n more".
 */
export function summarizeItems(lines: readonly ReceiptLine[], locale: string): string | null {
  const items: string[] = [];
  let more = 0;
  for (const line of lines) {
    const amounts = amountsOnLine(line.text, locale);
    const amount = amounts[0];
    const words = labelWords(line.text);
    if (totalLabelStrength(labelOf(line.text, amount ?? null)) > 0 || isSubtotal(words)) break;
    if (!amount || amount.index === 0 || amount.negative) continue;
    if (NOT_TOTAL_WORDS.some((word) => words.includes(word)) || isCashLine(words)) continue;
    const name = cleanName(line.text.slice(0, amount.index).replace(/^\d+\s*[xX@]?\s+/, ''));
    if ((name.match(/\p{L}/gu) ?? []).length < 2) continue;
    if (items.length < DESCRIPTION_MAX_ITEMS) items.push(name);
    else more++;
  }
  if (items.length === 0) return null;
  const summary = items.join(', ') + (more > 0 ? ` + ${more} more` : '');
  return summary.length > DESCRIPTION_MAX_CHARS ? `${summary.slice(0, DESCRIPTION_MAX_CHARS - 1)}…` : summary;
}

function round(value: number): number {
  return Math.round(Math.max(0, Math.min(1, value)) * 100) / 100;
}

/** Every field the rules find on a receipt's lines, with its confidence (0 for a field not found). */
export function extractReceipt(
  lines: readonly ReceiptLine[],
  locale: string,
): { fields: ReceiptFields; confidence: ReceiptReading['confidence'] } {
  const title = findMerchant(lines);
  const total = findTotal(lines, locale);
  const date = findDate(lines, locale);
  const paymentMethod = findPaymentMethod(lines, locale);
  const confidence = {
    title: title?.confidence ?? 0,
    amount: total?.confidence ?? 0,
    date: date?.confidence ?? 0,
    paymentMethod: paymentMethod?.confidence ?? 0,
  };
  const overall = round((confidence.title + confidence.amount + confidence.date + confidence.paymentMethod) / 4);
  return {
    fields: {
      title: title?.value ?? null,
      amountCents: total?.value ?? null,
      date: date?.value ?? null,
      paymentMethod: paymentMethod?.value ?? null,
      description: total || title ? summarizeItems(lines, locale) : null,
    },
    confidence: { ...confidence, overall },
  };
}
