import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmountInput, numberSeparators, parseAmountInput } from './amount-input';

function cents(text: string, options: Parameters<typeof parseAmountInput>[1]) {
  const result = parseAmountInput(text, options);
  if (!result.ok) throw new Error(`"${text}" was refused: ${result.message}`);
  return result.cents;
}

function refusal(text: string, options: Parameters<typeof parseAmountInput>[1]) {
  const result = parseAmountInput(text, options);
  if (result.ok) throw new Error(`"${text}" was read as ${result.cents} cents`);
  return result.message;
}

/** Each supported locale with a currency its people use. */
const LOCALES: [string, string][] = [
  ['en-US', 'USD'],
  ['en-GB', 'GBP'],
  ['de-DE', 'EUR'],
  ['fr-FR', 'EUR'],
  ['de-CH', 'CHF'],
  ['es-ES', 'EUR'],
  ['it-IT', 'EUR'],
  ['nl-NL', 'EUR'],
  ['pt-BR', 'BRL'],
  ['sv-SE', 'SEK'],
  ['pl-PL', 'PLN'],
  ['ja-JP', 'JPY'],
  ['en-IN', 'INR'],
];

describe('numberSeparators', () => {
  it('reads each locale from its own number format', () => {
    expect(numberSeparators('en-US')).toEqual({ decimal: '.', group: ',', indianGrouping: false });
    expect(numberSeparators('de-DE')).toEqual({ decimal: ',', group: '.', indianGrouping: false });
    expect(numberSeparators('fr-FR')).toEqual({ decimal: ',', group: ' ', indianGrouping: false });
    expect(numberSeparators('de-CH')).toEqual({ decimal: '.', group: "'", indianGrouping: false });
    expect(numberSeparators('en-IN')).toEqual({ decimal: '.', group: ',', indianGrouping: true });
  });

  it('falls back to en-US for a locale that is no locale', () => {
    expect(numberSeparators('not a locale!')).toEqual({ decimal: '.', group: ',', indianGrouping: false });
  });
});

describe('parseAmountInput', () => {
  it('returns the cents and the wire amount', () => {
    expect(parseAmountInput('86,40', 'de-DE')).toEqual({ ok: true, cents: 8640, amount: 86.4 });
  });

  // [typed text, locale, cents]
  const readings: [string, string, number][] = [
    // One separator followed by one or two digits can only be the decimals.
    ['86,40', 'de-DE', 8640],
    ['86.40', 'de-DE', 8640],
    ['86.40', 'en-US', 8640],
    ['86,40', 'en-US', 8640],
    ['86,4', 'de-DE', 8640],
    [',5', 'de-DE', 50],
    ['0.05', 'en-US', 5],
    ['1450', 'de-DE', 145000],
    // Grouped amounts read by their last separator, in any locale.
    ...['en-US', 'de-DE', 'fr-FR'].flatMap((locale): [string, string, number][] => [
      ['1.450,00', locale, 145000],
      ['1,450.00', locale, 145000],
      ['12.345.678,90', locale, 1234567890],
      ['12,345,678', locale, 1234567800],
    ]),
    // Spaces, non-breaking and narrow spaces and apostrophes group.
    ['1 450,00', 'fr-FR', 145000],
    ['1\u00a0450,00', 'sv-SE', 145000],
    ['1\u202f450,00', 'fr-FR', 145000],
    ["1'450.00", 'de-CH', 145000],
    ['1\u2019450.00', 'de-CH', 145000],
    ['12 345 678', 'en-US', 1234567800],
    // A single separator followed by three digits is the locale's own grouping.
    ['1.450', 'de-DE', 145000],
    ['1,450', 'en-US', 145000],
    ['12,345', 'en-IN', 1234500],
    ['1,00,000.50', 'en-IN', 10000050],
  ];

  it.each(readings)('reads %j in %s as %i cents', (text, locale, expected) => {
    expect(cents(text, locale)).toBe(expected);
  });

  it('refuses a single separator that could be decimals or grouping, showing both readings', () => {
    expect(refusal('1.450', 'en-US')).toBe('"1.450" could be 1.45 or 1,450; write 1.45 or 1450');
    expect(refusal('1,450', 'de-DE')).toBe('"1,450" could be 1,45 or 1.450; write 1,45 or 1450');
    expect(refusal('1.450', 'fr-FR')).toBe('"1.450" could be 1,45 or 1.450; write 1,45 or 1450');
    expect(refusal('1.450', 'de-CH')).toBe('"1.450" could be 1.45 or 1,450; write 1.45 or 1450');
    expect(refusal('3.505', 'en-US')).toBe(
      '"3.505" could be 3,505, but an amount has at most 2 decimals; write 3505 for 3,505',
    );
  });

  it('takes a currency symbol or code before or after the number', () => {
    expect(cents('€86,40', 'de-DE')).toBe(8640);
    expect(cents('86,40 €', 'de-DE')).toBe(8640);
    expect(cents('EUR 1.450,00', 'de-DE')).toBe(145000);
    expect(cents('1.450,00 EUR', 'de-DE')).toBe(145000);
    expect(cents('$1,450.00', 'en-US')).toBe(145000);
    expect(cents('R$ 1.450,00', 'pt-BR')).toBe(145000);
    expect(cents('CHF 1’450.00', 'de-CH')).toBe(145000);
    expect(cents('1 450,00 kr', { locale: 'sv-SE', currency: 'SEK' })).toBe(145000);
    expect(cents('1450,00 zł', { locale: 'pl-PL', currency: 'PLN' })).toBe(145000);
  });

  const wrongPlace = 'has a separator in the wrong place: group digits by three, or leave the grouping out';
  const notAmount = 'is not an amount: use digits, with , or . before the cents';
  // [typed text, locale, message]
  const refusals: [string, string, string][] = [
    // More than two decimals.
    ['86,405', 'de-DE', '"86,405" could be 86.405, but an amount has at most 2 decimals; write 86405 for 86.405'],
    ['1234.567', 'en-US', '"1234.567" has 3 decimals; an amount has at most 2'],
    ['0,4500', 'de-DE', '"0,4500" has 4 decimals; an amount has at most 2'],
    ['1.450,005', 'de-DE', '"1.450,005" has 3 decimals; an amount has at most 2'],
    ['0.450', 'en-US', '"0.450" has 3 decimals; an amount has at most 2'],
    // Grouping in the wrong places.
    ['1,450,00', 'en-US', `"1,450,00" ${wrongPlace}`],
    ['14,50.00', 'en-US', `"14,50.00" ${wrongPlace}`],
    ['1 45', 'fr-FR', `"1 45" ${wrongPlace}`],
    ['1.450 000,00', 'de-DE', `"1.450 000,00" ${wrongPlace}`],
    ['1,00,000', 'en-US', `"1,00,000" ${wrongPlace}`],
    ['0,450,000', 'en-US', `"0,450,000" ${wrongPlace}`],
    // A separator with nothing after it.
    ['86,', 'de-DE', '"86," ends with ",": write the decimals after it, or leave it out'],
    // Letters that are no currency, and empty text.
    ['12a', 'en-US', `"12a" ${notAmount}`],
    ['abc', 'en-US', `"abc" ${notAmount}`],
    ['1e5', 'en-US', `"1e5" ${notAmount}`],
    ['XYZ 12', 'en-US', `"XYZ 12" ${notAmount}`],
    ['1 450,00 kr', 'sv-SE', `"1 450,00 kr" ${notAmount}`],
    ['12-', 'en-US', `"12-" ${notAmount}`],
    ['€', 'en-US', `"€" ${notAmount}`],
    ['   ', 'en-US', 'Amount is required'],
    ['1'.repeat(65), 'en-US', 'Amount is too long'],
  ];

  it.each(refusals)('refuses %j in %s: %s', (text, locale, message) => {
    expect(refusal(text, locale)).toBe(message);
  });

  it('refuses more than the largest amount, and reads the largest exactly', () => {
    expect(cents('1.000.000.000,00', 'de-DE')).toBe(100_000_000_000);
    expect(refusal('1.000.000.000,01', 'de-DE')).toBe('Amount must be at most 1,000,000,000');
    expect(refusal('99999999999999999999', 'en-US')).toBe('Amount must be at most 1,000,000,000');
  });

  it('refuses zero and negatives unless the caller allows them', () => {
    expect(refusal('0,00', 'de-DE')).toBe('Amount must be greater than 0');
    expect(cents('0,00', { locale: 'de-DE', allowZero: true })).toBe(0);
    expect(refusal('-12,50', 'de-DE')).toBe('Amount cannot be negative');
    expect(refusal('(12.50)', 'en-US')).toBe('Amount cannot be negative');
    const negative = { locale: 'de-DE', allowNegative: true };
    expect(cents('-12,50', negative)).toBe(-1250);
    expect(cents('\u221212,50', negative)).toBe(-1250);
    expect(cents('(12,50)', negative)).toBe(-1250);
    expect(cents('-€12,50', negative)).toBe(-1250);
    expect(cents('€ -12,50', negative)).toBe(-1250);
    expect(cents('EUR-12,50', negative)).toBe(-1250);
    expect(cents('+12,50', 'de-DE')).toBe(1250);
  });

  it('takes the decimal separator as an option, for a reader that knows it without a locale', () => {
    expect(cents('1.450,00', { decimal: ',' })).toBe(145000);
    expect(cents('1.450', { decimal: ',' })).toBe(145000);
    expect(cents('1,450', { decimal: '.' })).toBe(145000);
    expect(cents('-86,40', { decimal: ',', allowNegative: true })).toBe(-8640);
    expect(refusal('1,450', { decimal: ',' })).toBe('"1,450" could be 1,45 or 1.450; write 1,45 or 1450');
    // The option wins over the locale's own separator.
    expect(cents('1.450', { locale: 'en-US', decimal: ',' })).toBe(145000);
  });

  it.each(LOCALES)('reads back every amount %s formats, plain and with its currency', (locale, currency) => {
    const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const money = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    const options = { locale, currency, allowNegative: true };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000_000 }), (value) => {
        expect(cents(plain.format(value / 100), options)).toBe(value);
        expect(cents(money.format(value / 100), options)).toBe(value);
        expect(cents(money.format(-value / 100), options)).toBe(-value);
        expect(cents(formatAmountInput(value / 100, locale), locale)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatAmountInput', () => {
  it('writes an amount back in the locale notation without grouping', () => {
    expect(formatAmountInput(1450.5, 'de-DE')).toBe('1450,50');
    expect(formatAmountInput(1450.5, 'en-US')).toBe('1450.50');
    expect(formatAmountInput(0.29, 'fr-FR')).toBe('0,29');
    expect(formatAmountInput(-3, { decimal: ',' })).toBe('-3,00');
  });
});
