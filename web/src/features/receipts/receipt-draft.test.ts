import { describe, expect, it } from 'vitest';
import { initialValues } from '../transactions/transaction-form';
import { fillFromReceipt, type ReceiptScan, unsureMessage } from './receipt-draft';

const defaults = { ...initialValues(null, 'UTC', 'en-US'), date: '2026-12-01' };

function scanOf(overrides: {
  draft?: Partial<ReceiptScan['draft']>;
  confidence?: Partial<ReceiptScan['confidence']>;
}): ReceiptScan {
  return {
    receiptId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
    draft: {
      title: 'Corner Market',
      type: 'EXPENSE',
      amount: 1234.5,
      date: '2026-11-28',
      category: 'Groceries',
      paymentMethod: 'CASH',
      description: 'Bread, milk, apples',
      ...overrides.draft,
    },
    confidence: { title: 0.92, amount: 0.97, date: 0.9, paymentMethod: 0.8, overall: 0.9, ...overrides.confidence },
    text: 'CORNER MARKET\nTOTAL 1,234.50',
  };
}

describe('fillFromReceipt', () => {
  it('fills every field from a confident scan and marks none', () => {
    const filled = fillFromReceipt(scanOf({}), defaults, 'en-US');
    expect(filled.values).toEqual({
      ...defaults,
      type: 'EXPENSE',
      title: 'Corner Market',
      amount: '1234.50',
      date: '2026-11-28',
      category: 'Groceries',
      paymentMethod: 'CASH',
      description: 'Bread, milk, apples',
    });
    expect(filled.unsure).toEqual({});
    expect(filled.nothingRead).toBe(false);
  });

  it('writes the amount the way the person types amounts', () => {
    expect(fillFromReceipt(scanOf({}), defaults, 'de-DE').values.amount).toBe('1234,50');
  });

  it('marks a field read with confidence below 0.6 as unsure, and one at 0.6 not', () => {
    const filled = fillFromReceipt(scanOf({ confidence: { title: 0.41, amount: 0.6, date: 0.59 } }), defaults, 'en-US');
    expect(filled.unsure).toEqual({ title: 'unsure', date: 'unsure' });
    expect(filled.values.title).toBe('Corner Market');
  });

  it('keeps the defaults for what was not found and marks those fields missing', () => {
    const filled = fillFromReceipt(
      scanOf({ draft: { date: null, paymentMethod: null, category: null, description: null } }),
      defaults,
      'en-US',
    );
    expect(filled.values).toMatchObject({ date: '2026-12-01', paymentMethod: 'CARD', category: '', description: '' });
    expect(filled.unsure).toEqual({ date: 'missing', paymentMethod: 'missing', category: 'missing' });
  });

  it('keeps what was typed in a field the scan did not find', () => {
    const typed = { ...defaults, title: 'Farmers market', amount: '12.00' };
    const filled = fillFromReceipt(scanOf({ draft: { title: null }, confidence: { title: 0 } }), typed, 'en-US');
    expect(filled.values.title).toBe('Farmers market');
    expect(filled.values.amount).toBe('1234.50');
    expect(filled.unsure.title).toBe('missing');
  });

  it('takes a suggested category as it is, whatever the overall confidence', () => {
    const filled = fillFromReceipt(scanOf({ confidence: { overall: 0.3 } }), defaults, 'en-US');
    expect(filled.values.category).toBe('Groceries');
    expect(filled.unsure.category).toBeUndefined();
  });

  it('says nothing was read when the image has no shop, total, date or payment on it', () => {
    const blank = scanOf({
      draft: { title: null, amount: null, date: null, paymentMethod: null, category: null, description: null },
      confidence: { title: 0, amount: 0, date: 0, paymentMethod: 0, overall: 0 },
    });
    const filled = fillFromReceipt(blank, defaults, 'en-US');
    expect(filled.nothingRead).toBe(true);
    expect(filled.values).toEqual(defaults);
    expect(Object.keys(filled.unsure).sort()).toEqual(['amount', 'category', 'date', 'paymentMethod', 'title']);
  });
});

describe('unsureMessage', () => {
  it.each([
    ['amount', 'unsure', 'Check this: the scanner was not sure it read it right.'],
    ['amount', 'missing', 'Not found on the receipt: please fill it in.'],
    ['date', 'missing', "Check this: no date found on the receipt, so today's date is filled in."],
    ['paymentMethod', 'missing', 'Check this: the receipt does not say how it was paid.'],
  ] as const)('%s %s: %s', (field, reason, message) => {
    expect(unsureMessage(field, reason)).toBe(message);
  });
});
