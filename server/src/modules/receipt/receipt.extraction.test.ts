import { describe, expect, it } from 'vitest';
import {
  amountsOnLine,
  datesOnLine,
  extractReceipt,
  findDate,
  findMerchant,
  findPaymentMethod,
  findTotal,
  labelWords,
  monthFirst,
  receiptLines,
  summarizeItems,
  totalLabelStrength,
} from './receipt.extraction';

const lines = (text: string) => receiptLines(text);
const total = (text: string, locale = 'en-GB') => findTotal(lines(text), locale)?.value ?? null;
const date = (text: string, locale = 'en-GB') => findDate(lines(text), locale)?.value ?? null;
const merchant = (text: string) => findMerchant(lines(text))?.value ?? null;
const payment = (text: string) => findPaymentMethod(lines(text), 'en-GB')?.value ?? null;
const cents = (text: string, locale = 'en-GB') => amountsOnLine(text, locale).map((amount) => amount.cents);

describe('receiptLines', () => {
  it('trims, folds spaces and drops blank lines', () => {
    expect(receiptLines('  SHOP  \n\n Milk    1.20 \r\n').map((line) => line.text)).toEqual(['SHOP', 'Milk 1.20']);
  });

  it('keeps each line with its recogniser confidence', () => {
    expect(receiptLines('A\nB', [0.9, 0.4])).toEqual([
      { text: 'A', confidence: 0.9 },
      { text: 'B', confidence: 0.4 },
    ]);
  });

  it('bounds the number of lines and their length', () => {
    const many = receiptLines(Array.from({ length: 500 }, (_, index) => `line ${index} ${'x'.repeat(300)}`).join('\n'));
    expect(many).toHaveLength(200);
    expect(many[0]?.text).toHaveLength(160);
  });
});

describe('amountsOnLine', () => {
  it('reads a plain amount', () => expect(cents('Milk 1.29')).toEqual([129]));
  it('reads pounds', () => expect(cents('TOTAL £12.50')).toEqual([1250]));
  it('reads euros after the number with a decimal comma', () => expect(cents('SUMME 23,45 €')).toEqual([2345]));
  it('reads a euro sign before the number', () => expect(cents('Total €7,10')).toEqual([710]));
  it('reads dollars', () => expect(cents('TOTAL $1,234.56')).toEqual([123456]));
  it('reads thousands with a dot and a decimal comma', () => expect(cents('Gesamt 1.234,56')).toEqual([123456]));
  it('reads a currency code', () => expect(cents('TOTAL EUR 45.00')).toEqual([4500]));
  it('reads a $ that the recogniser read as S', () => expect(cents('TOTAL S18.40')).toEqual([1840]));
  it('does not take the S ending a word for a dollar', () => expect(cents('Apples 3.45')).toEqual([345]));
  it('reads every amount on the line, left to right', () => expect(cents('2 x 1.50 3.00')).toEqual([150, 300]));
  it('ignores numbers without cents (quantities, codes)', () => expect(cents('Item 12345 qty 2')).toEqual([]));
  it('ignores a percentage', () => expect(cents('VAT 20.00% 2.00')).toEqual([200]));
  it('marks a negative amount', () => expect(amountsOnLine('Discount -1.50', 'en-GB')[0]?.negative).toBe(true));
  it('refuses a badly grouped number', () => expect(cents('12,34,567.00')).toEqual([]));
});

describe('labelWords', () => {
  it('reads digits a recogniser put in place of letters', () => {
    expect(labelWords('T0TAL')).toEqual(['TOTAL']);
    expect(labelWords('5UBTOTAL')).toEqual(['SUBTOTAL']);
  });
  it('splits on anything that is not a letter', () => expect(labelWords('Total-due:')).toEqual(['TOTAL', 'DUE']));
});

describe('totalLabelStrength', () => {
  it.each([
    ['TOTAL', 2],
    ['Total:', 2],
    ['TOTAL EUR', 2],
    ['T0TAL', 2],
    ['TOTAI', 2],
    ['Total due', 3],
    ['Amount due', 3],
    ['Grand total', 3],
    ['Total to pay', 3],
    ['Balance due', 3],
    ['SUMME', 3],
    ['Subtotal', 0],
    ['Sub total', 0],
    ['SUB-TOTAL', 0],
    ['Total tax', 0],
    ['VAT total', 0],
    ['Total savings', 0],
    ['Cash', 0],
    ['Change', 0],
    ['Total items 3', 0],
  ])('%s → %i', (label, strength) => {
    expect(totalLabelStrength(label)).toBe(strength);
  });
});

describe('findTotal', () => {
  it('takes the line labelled TOTAL', () => {
    expect(total('Milk 1.29\nBread 2.10\nTOTAL 3.39')).toBe(339);
  });

  it('prefers the total over the subtotal before it', () => {
    expect(total('SUBTOTAL 10.00\nTAX 0.80\nTOTAL 10.80')).toBe(1080);
  });

  it('ignores the cash handed over and the change', () => {
    expect(total('TOTAL 7.45\nCASH 20.00\nCHANGE 12.55')).toBe(745);
  });

  it('ignores a tendered line larger than the total', () => {
    expect(total('Total 18.20\nTendered 50.00\nChange due 31.80')).toBe(1820);
  });

  it('prefers an explicit final total over a plain one', () => {
    expect(total('Total 40.00\nTip 6.00\nGrand total 46.00')).toBe(4600);
  });

  it('reads Amount due', () => expect(total('Amount due $23.10')).toBe(2310));
  it('reads Balance due', () => expect(total('Subtotal 9.00\nBalance due 9.72')).toBe(972));
  it('reads Total to pay', () => expect(total('Total to pay £5.60')).toBe(560));
  it('reads TOTAL EUR with a decimal comma', () => expect(total('TOTAL EUR 12,80', 'de-DE')).toBe(1280));
  it('reads T0TAL', () => expect(total('T0TAL 4.99')).toBe(499));
  it('reads a $ read as S', () => expect(total('TOTAL S 18.40')).toBe(1840));
  it('reads a total over a thousand', () => expect(total('TOTAL $1,299.00')).toBe(129900));

  it('reads the amount on the next line when the label stands alone', () => {
    expect(total('TOTAL\n14.99\nVISA 14.99')).toBe(1499);
  });

  it('answers null without a total label, even with amounts', () => {
    expect(total('Milk 1.29\nBread 2.10')).toBeNull();
  });

  it('answers null for a zero total', () => expect(total('Amount due 0.00')).toBeNull());

  it('is more confident when subtotal and tax add up to it', () => {
    const agreeing = findTotal(lines('Subtotal 10.00\nTax 0.80\nTotal 10.80'), 'en-GB');
    const alone = findTotal(lines('Total 10.80'), 'en-GB');
    expect(agreeing?.confidence).toBeGreaterThan(alone?.confidence ?? 1);
  });

  it('is more confident when cash less change comes to it', () => {
    const agreeing = findTotal(lines('Total 7.45\nCash 20.00\nChange 12.55'), 'en-GB');
    const alone = findTotal(lines('Total 7.45\nCash 20.00\nChange 10.00'), 'en-GB');
    expect(agreeing?.confidence).toBeGreaterThan(alone?.confidence ?? 1);
  });
});

describe('monthFirst', () => {
  it('is true for en-US', () => expect(monthFirst('en-US')).toBe(true));
  it('is false for en-GB and de-DE', () => {
    expect(monthFirst('en-GB')).toBe(false);
    expect(monthFirst('de-DE')).toBe(false);
  });
  it('is false for a locale it does not know', () => expect(monthFirst('not a locale')).toBe(false));
});

describe('datesOnLine and findDate', () => {
  it('reads ISO', () => expect(date('2026-03-14 10:22')).toBe('2026-03-14'));
  it('reads ISO with slashes', () => expect(date('2026/03/14')).toBe('2026-03-14'));
  it('reads DD/MM/YYYY when the day is over 12, whatever the locale', () => {
    expect(date('14/03/2026', 'en-US')).toBe('2026-03-14');
  });
  it('reads MM/DD/YYYY when the day is over 12, whatever the locale', () => {
    expect(date('03/14/2026', 'en-GB')).toBe('2026-03-14');
  });
  it('reads an ambiguous date month first in en-US', () => expect(date('03/04/2026', 'en-US')).toBe('2026-03-04'));
  it('reads an ambiguous date day first in en-GB', () => expect(date('03/04/2026', 'en-GB')).toBe('2026-04-03'));
  it('reads an ambiguous date day first in de-DE', () => expect(date('03-04-2026', 'de-DE')).toBe('2026-04-03'));
  it('reads dotted dates day first, even in en-US', () => expect(date('03.04.2026', 'en-US')).toBe('2026-04-03'));
  it('reads 14.03.2026', () => expect(date('Datum: 14.03.2026')).toBe('2026-03-14'));
  it('reads 14 Mar 2026', () => expect(date('14 Mar 2026 18:02')).toBe('2026-03-14'));
  it('reads 14-MAR-26', () => expect(date('14-MAR-26')).toBe('2026-03-14'));
  it('reads Mar 14, 2026', () => expect(date('Mar 14, 2026')).toBe('2026-03-14'));
  it('reads March 14th, 2026', () => expect(date('March 14th, 2026')).toBe('2026-03-14'));
  it('reads 1st September 2025', () => expect(date('1st September 2025')).toBe('2025-09-01'));
  it('reads German month names', () => expect(date('14. Mär 2026')).toBe('2026-03-14'));
  it('reads two-digit years as this century', () => expect(date('14/03/26')).toBe('2026-03-14'));
  it('refuses a day that does not exist', () => expect(date('31/02/2026')).toBeNull());
  it('does not take a price for a date', () => expect(date('Milk 1.29\nTOTAL 12.50')).toBeNull());
  it('does not take a time for a date', () => expect(date('10:22:05')).toBeNull());

  it('prefers the line labelled Date', () => {
    expect(date('Order 01/02/2026 ref\nDate: 14/03/2026')).toBe('2026-03-14');
  });

  it('skips a return-by date', () => {
    expect(date('Returns until 14/04/2026\nPrinted 14/03/2026')).toBe('2026-03-14');
  });

  it('is less sure of a date the locale decided', () => {
    const decided = datesOnLine('03/04/2026', 'en-GB')[0];
    const plain = datesOnLine('14/03/2026', 'en-GB')[0];
    expect(decided?.certainty).toBeLessThan(plain?.certainty ?? 0);
  });
});

describe('findMerchant', () => {
  it('takes the first line', () => expect(merchant('CORNER GROCER\n12 High Street\nTOTAL 3.00')).toBe('CORNER GROCER'));

  it('skips a Welcome heading', () => {
    expect(merchant('Welcome to\nThe Olive Tree Bistro\n1 Main St')).toBe('The Olive Tree Bistro');
  });

  it('skips Receipt and Tax invoice headings', () => {
    expect(merchant('RECEIPT\nTAX INVOICE\nHappy Paws Pet Store')).toBe('Happy Paws Pet Store');
  });

  it('skips an address, a phone number and a web address', () => {
    expect(merchant('221B Baker Street\nTel: 020 7946 0000\nwww.example.com\nMetro Electronics')).toBe(
      'Metro Electronics',
    );
  });

  it('skips a postcode line', () => expect(merchant('SW1A 1AA\nBean There')).toBe('Bean There'));

  it('cleans the rules and stars around a heading', () => {
    expect(merchant('*** FRESHWAY SUPERMARKET ***')).toBe('FRESHWAY SUPERMARKET');
  });

  it('keeps the name as printed, accents and ampersands included', () => {
    expect(merchant('Café Müller & Söhne')).toBe('Café Müller & Söhne');
  });

  it('skips a line of noise', () =>
    expect(merchant('~ = - .\nMarktplatz Frischemarkt')).toBe('Marktplatz Frischemarkt'));

  it('answers null when the top has no name', () => {
    expect(merchant('12/03/2026 10:22\n1.20\n3.40\n5.00\n7.00\n9.00\nShop')).toBeNull();
  });
});

describe('findPaymentMethod', () => {
  it('reads VISA as card', () => expect(payment('VISA **** 1234 12.00')).toBe('CARD'));
  it('reads MASTERCARD as card', () => expect(payment('MASTERCARD 5.00')).toBe('CARD'));
  it('reads Debit card as card', () => expect(payment('Debit card 5.00')).toBe('CARD'));
  it('reads CONTACTLESS as card', () => expect(payment('CONTACTLESS')).toBe('CARD'));
  it('reads cash with change as cash', () => expect(payment('CASH 20.00\nCHANGE 5.00')).toBe('CASH'));
  it('reads cash alone as cash', () => expect(payment('Cash 10.00')).toBe('CASH'));
  it('reads Apple Pay as a mobile payment', () => expect(payment('Apple Pay 4.20')).toBe('MOBILE_PAYMENT'));
  it('does not take a loyalty card for the payment', () => expect(payment('Loyalty card points 120')).toBeNull());
  it('reads cashback on a card receipt as card', () => expect(payment('VISA 25.00\nCashback 10.00')).toBe('CARD'));
  it('answers null when the receipt does not say', () => expect(payment('TOTAL 3.00\nThank you')).toBeNull());
  it('does not take a card sold as an item for the payment', () => {
    expect(payment('Greeting Card 2.95\nTotal due 2.95\nPoints earned: 12')).toBeNull();
  });
  it('reads a plain card line below the total', () => expect(payment('Pens 2.95\nTotal 2.95\nCard 2.95')).toBe('CARD'));
});

describe('summarizeItems', () => {
  it('lists the items above the total', () => {
    expect(summarizeItems(lines('SHOP\nMilk 2L 1.29\nBread 2.10\nSUBTOTAL 3.39\nTOTAL 3.39'), 'en-GB')).toBe(
      'Milk 2L, Bread',
    );
  });

  it('drops the quantity in front of an item', () => {
    expect(summarizeItems(lines('2 x Coffee 5.00\nTOTAL 5.00'), 'en-GB')).toBe('Coffee');
  });

  it('keeps five items and counts the rest', () => {
    const items = ['Apples', 'Pears', 'Plums', 'Grapes', 'Melon', 'Kiwi', 'Lime'].map((name) => `${name} 1.00`);
    expect(summarizeItems(lines(`${items.join('\n')}\nTOTAL 7.00`), 'en-GB')).toBe(
      'Apples, Pears, Plums, Grapes, Melon + 2 more',
    );
  });

  it('answers null without item lines', () => expect(summarizeItems(lines('TOTAL 3.00'), 'en-GB')).toBeNull());
});

describe('extractReceipt', () => {
  const receipt = [
    'CORNER GROCER',
    '12 High Street, London',
    '14/03/2026 10:22',
    'Milk 2L 1.29',
    'Bread 2.10',
    'SUBTOTAL 3.39',
    'TOTAL 3.39',
    'VISA CONTACTLESS 3.39',
  ].join('\n');

  it('reads every field of a receipt', () => {
    const { fields } = extractReceipt(lines(receipt), 'en-GB');
    expect(fields).toEqual({
      title: 'CORNER GROCER',
      amountCents: 339,
      date: '2026-03-14',
      paymentMethod: 'CARD',
      description: 'Milk 2L, Bread',
    });
  });

  it('gives the overall confidence as the mean of the four fields', () => {
    const { confidence } = extractReceipt(lines(receipt), 'en-GB');
    const mean = (confidence.title + confidence.amount + confidence.date + confidence.paymentMethod) / 4;
    expect(confidence.overall).toBeCloseTo(mean, 2);
    expect(confidence.amount).toBeGreaterThan(0.8);
  });

  it('answers every field null for text that is no receipt', () => {
    const { fields, confidence } = extractReceipt(lines('~~ ..\n| |'), 'en-GB');
    expect(fields).toEqual({ title: null, amountCents: null, date: null, paymentMethod: null, description: null });
    expect(confidence).toEqual({ title: 0, amount: 0, date: 0, paymentMethod: 0, overall: 0 });
  });
});
