import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import {
  detectDateFormat,
  detectDecimal,
  escapeFormula,
  parseCsvDate,
  readAmountCell,
  readTypeCell,
  unescapeFormula,
} from './transaction.csv-cells';

/** The refusal detectDateFormat throws, as code and words. */
async function dateFormatRefusal(cells: string[]) {
  const error = await detectDateFormat(cells).then(
    () => {
      throw new Error('expected the detection to refuse');
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, message: (error as AppError).message };
}

describe('escapeFormula and unescapeFormula', () => {
  it('prefixes a cell starting with each formula character, and the apostrophe itself', () => {
    for (const first of ['=', '+', '-', '@', '\t', '\r', "'"]) {
      expect(escapeFormula(`${first}1+2`)).toBe(`'${first}1+2`);
    }
  });

  it('leaves a cell alone whose formula character is not the first', () => {
    expect(escapeFormula('a=1')).toBe('a=1');
    expect(escapeFormula(' =1')).toBe(' =1');
    expect(escapeFormula('')).toBe('');
  });

  it('removes exactly one apostrophe, and only one that escapes', () => {
    expect(unescapeFormula("'=1+2")).toBe('=1+2');
    expect(unescapeFormula("''x")).toBe("'x");
    expect(unescapeFormula("'abc")).toBe("'abc");
    // A formula character without the apostrophe is not an escape.
    expect(unescapeFormula('==1')).toBe('==1');
    expect(unescapeFormula('-5')).toBe('-5');
    expect(unescapeFormula("'")).toBe("'");
  });
});

describe('parseCsvDate', () => {
  it('reads each format into YYYY-MM-DD, padding one-digit months and days', () => {
    expect(parseCsvDate(' 2026-3-5 ', 'YYYY-MM-DD')).toBe('2026-03-05');
    expect(parseCsvDate('2026/3/5', 'YYYY/MM/DD')).toBe('2026-03-05');
    expect(parseCsvDate('5/3/2026', 'DD/MM/YYYY')).toBe('2026-03-05');
    expect(parseCsvDate('3/5/2026', 'MM/DD/YYYY')).toBe('2026-03-05');
    expect(parseCsvDate('5.3.2026', 'DD.MM.YYYY')).toBe('2026-03-05');
    expect(parseCsvDate('5-3-2026', 'DD-MM-YYYY')).toBe('2026-03-05');
    expect(parseCsvDate('20260305', 'YYYYMMDD')).toBe('2026-03-05');
  });

  it('reads two-digit months and days in each format', () => {
    expect(parseCsvDate('2026-03-15', 'YYYY-MM-DD')).toBe('2026-03-15');
    expect(parseCsvDate('2026/03/15', 'YYYY/MM/DD')).toBe('2026-03-15');
    expect(parseCsvDate('15/03/2026', 'DD/MM/YYYY')).toBe('2026-03-15');
    expect(parseCsvDate('03/15/2026', 'MM/DD/YYYY')).toBe('2026-03-15');
    expect(parseCsvDate('15.03.2026', 'DD.MM.YYYY')).toBe('2026-03-15');
    expect(parseCsvDate('15-03-2026', 'DD-MM-YYYY')).toBe('2026-03-15');
  });

  it('answers null for a date with anything before or after it, in each format', () => {
    const samples = {
      'YYYY-MM-DD': '2026-03-15',
      'YYYY/MM/DD': '2026/03/15',
      'DD/MM/YYYY': '15/03/2026',
      'MM/DD/YYYY': '03/15/2026',
      'DD.MM.YYYY': '15.03.2026',
      'DD-MM-YYYY': '15-03-2026',
      YYYYMMDD: '20260315',
    } as const;
    for (const [format, text] of Object.entries(samples) as [keyof typeof samples, string][]) {
      expect({ format, before: parseCsvDate(`1${text}`, format), after: parseCsvDate(`${text}1`, format) }).toEqual({
        format,
        before: null,
        after: null,
      });
    }
  });

  it('answers null for text with more or other around the date', () => {
    expect(parseCsvDate('x2026-03-05', 'YYYY-MM-DD')).toBeNull();
    expect(parseCsvDate('2026-03-05x', 'YYYY-MM-DD')).toBeNull();
    expect(parseCsvDate('2026-03-05', 'DD-MM-YYYY')).toBeNull();
    expect(parseCsvDate('05/03/2026', 'DD.MM.YYYY')).toBeNull();
    expect(parseCsvDate('2026035', 'YYYYMMDD')).toBeNull();
    expect(parseCsvDate('', 'YYYY-MM-DD')).toBeNull();
  });
});

describe('detectDateFormat', () => {
  it('takes the format that reads the most cells', async () => {
    expect(await detectDateFormat(['2026-03-05', '2026-03-06'])).toBe('YYYY-MM-DD');
    expect(await detectDateFormat(['13/01/2026', '01/02/2026'])).toBe('DD/MM/YYYY');
    expect(await detectDateFormat(['01/13/2026', '01/02/2026'])).toBe('MM/DD/YYYY');
    expect(await detectDateFormat(['5.3.2026'])).toBe('DD.MM.YYYY');
    expect(await detectDateFormat(['20260305', 'not a date'])).toBe('YYYYMMDD');
  });

  it('counts only months 1 to 12 and days 1 to 31, at both ends', async () => {
    // Day 13, month 1: only day-first reads it.
    expect(await detectDateFormat(['13/01/2026'])).toBe('DD/MM/YYYY');
    // Month 12, day 13: only month-first reads it.
    expect(await detectDateFormat(['12/13/2026'])).toBe('MM/DD/YYYY');
    // Day 31 of month 1, and month 12 with day 31.
    expect(await detectDateFormat(['31/01/2026'])).toBe('DD/MM/YYYY');
    expect(await detectDateFormat(['12/31/2026'])).toBe('MM/DD/YYYY');
    // The 1st of January reads the same both ways: the first format listed, no refusal.
    expect(await detectDateFormat(['01/01/2026'])).toBe('DD/MM/YYYY');
    // Month 0 and day 0 are read by no format.
    expect(await detectDateFormat(['00/05/2026', '05/00/2026'])).toBe('YYYY-MM-DD');
    expect(await detectDateFormat(['32/01/2026', '01/32/2026'])).toBe('YYYY-MM-DD');
  });

  it('takes the first of two formats that read every cell the same way', async () => {
    expect(await detectDateFormat(['05/05/2026', '12/12/2026'])).toBe('DD/MM/YYYY');
  });

  it('refuses when two formats read as many cells but one differently, naming both and the cell', async () => {
    expect(await dateFormatRefusal([' 01/02/2026 ', '03/03/2026'])).toEqual({
      code: 'BAD_REQUEST',
      message: 'Dates like "01/02/2026" could be DD/MM/YYYY or MM/DD/YYYY: choose the date format',
    });
  });

  it('gives YYYY-MM-DD to a file whose dates fit no format, and to no cells', async () => {
    expect(await detectDateFormat(['yesterday', '2026-13-40'])).toBe('YYYY-MM-DD');
    expect(await detectDateFormat([])).toBe('YYYY-MM-DD');
  });

  it('lets other work run after every 1,000 cells, and not before', async () => {
    const turnTaken = async (count: number) => {
      let ran = false;
      setImmediate(() => {
        ran = true;
      });
      await detectDateFormat(Array.from({ length: count }, () => '2026-03-05'));
      return ran;
    };
    expect(await turnTaken(1000)).toBe(false);
    expect(await turnTaken(1001)).toBe(true);
    expect(await turnTaken(1)).toBe(false);
  });
});

describe('detectDecimal', () => {
  it('finds the separator followed by one or two digits at the end', () => {
    expect(detectDecimal(['12,50'])).toBe(',');
    expect(detectDecimal(['12.50'])).toBe('.');
    expect(detectDecimal(['1,5'])).toBe(',');
    expect(detectDecimal([' 12,50 € '])).toBe(',');
    expect(detectDecimal(['(12.50)'])).toBe('.');
    expect(detectDecimal(['7', '12,50', '3'])).toBe(',');
    expect(detectDecimal(['7', '1.234,50'])).toBe(',');
  });

  it('answers null when the amounts show no decimals, or both separators', () => {
    expect(detectDecimal(['12', '1.234', '1,234'])).toBeNull();
    expect(detectDecimal(['12,50', '3.20'])).toBeNull();
    expect(detectDecimal(['3.20', '12,50', '4.00'])).toBeNull();
    expect(detectDecimal([])).toBeNull();
  });
});

describe('readAmountCell', () => {
  it('reads with the decimal separator given', () => {
    expect(readAmountCell('12,50', ',')).toEqual({ ok: true, cents: 1250 });
    expect(readAmountCell('1.234,50', ',')).toEqual({ ok: true, cents: 123450 });
    expect(readAmountCell('1,234.50', '.')).toEqual({ ok: true, cents: 123450 });
    expect(readAmountCell('-3.20', '.')).toEqual({ ok: true, cents: -320 });
    expect(readAmountCell('0', '.')).toEqual({ ok: true, cents: 0 });
  });

  it('passes on the parser refusal with the separator given', () => {
    const result = readAmountCell('abc', '.');
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('cents');
    expect(result).toMatchObject({ message: expect.stringContaining('abc') });
  });

  it('without a separator takes a cell only when both readings agree', () => {
    expect(readAmountCell('12.50', null)).toEqual({ ok: true, cents: 1250 });
    expect(readAmountCell('12,50', null)).toEqual({ ok: true, cents: 1250 });
    expect(readAmountCell('-7', null)).toEqual({ ok: true, cents: -700 });
    expect(readAmountCell('0', null)).toEqual({ ok: true, cents: 0 });
  });

  it('without a separator names both readings when they differ', () => {
    expect(readAmountCell(' 1.234 ', null)).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^"1\.234" is .+ with a decimal point and .+ with a decimal comma; choose the decimal separator$/,
      ),
    });
  });

  it('without a separator passes on the refusal when neither reading works', () => {
    expect(readAmountCell('abc', null)).toEqual(readAmountCell('abc', '.'));
    expect(readAmountCell('abc', null).ok).toBe(false);
  });
});

describe('readTypeCell', () => {
  it('reads each word of each direction, in any case and with spaces around', () => {
    const words: [string, 'INCOME' | 'EXPENSE'][] = [
      ['income', 'INCOME'],
      ['Credit', 'INCOME'],
      ['CR', 'INCOME'],
      ['Bij', 'INCOME'],
      ['Haben', 'INCOME'],
      ['EXPENSE', 'EXPENSE'],
      ['Debit', 'EXPENSE'],
      ['DR', 'EXPENSE'],
      ['Af', 'EXPENSE'],
      [' Soll ', 'EXPENSE'],
    ];
    for (const [word, type] of words) expect(readTypeCell(word)).toEqual({ ok: true, type });
  });

  it('asks for a type when the cell is blank', () => {
    expect(readTypeCell('')).toEqual({ ok: false, message: 'Type is required' });
    expect(readTypeCell('  ')).toEqual({ ok: false, message: 'Type is required' });
  });

  it('names the word it does not know', () => {
    expect(readTypeCell(' Loan ')).toEqual({
      ok: false,
      message:
        '"Loan" is not a type: use INCOME or EXPENSE (or Credit/Debit), or ignore the column to take the type from the amount\'s sign',
    });
  });
});
