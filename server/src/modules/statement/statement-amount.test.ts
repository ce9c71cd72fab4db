import { describe, expect, it } from 'vitest';
import { parseAmountCents } from './statement-amount';

describe('parseAmountCents', () => {
  it('reads OFX amounts exactly, with a point or a comma', () => {
    const ofx = (value: string) => parseAmountCents(value, { grouping: false });
    expect(['0.29', '-0.29', '-.50', '.5', '+12', '12.3400', '1234,56', '-7,1', '999999999.99'].map(ofx)).toEqual([
      29, -29, -50, 50, 1200, 1234, 123_456, -710, 99_999_999_999,
    ]);
    expect(['1.505', '1,234.56', '', '-', 'abc', '1e3', '12.3.4', '1000000000.01', '0x10'].map(ofx)).toEqual(
      Array(9).fill(null),
    );
  });

  it('reads grouped QIF amounts in US and European styles', () => {
    const qif = (value: string) => parseAmountCents(value, { grouping: true });
    expect(
      ['1,234.56', '-1.234,56', '1 234,56', '1\u00a0234,56', "1'234.50", '(45.10)', '45.10-', '12,50'].map(qif),
    ).toEqual([123_456, -123_456, 123_456, 123_456, 123_450, -4510, -4510, 1250]);
    expect(['1,234,56', '1,23,456.00', '1.234.567,891'].map(qif)).toEqual([null, null, null]);
  });
});
