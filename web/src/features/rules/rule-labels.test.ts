import type { Rule } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { describeCategorisation, describeCondition, describeRange } from './rule-labels';

const rule: Rule = {
  id: 'a0000000-0000-4000-8000-000000000001',
  position: 0,
  field: 'ANY',
  operator: 'MATCHES',
  pattern: 'uber',
  amountMin: null,
  amountMax: null,
  transactionType: null,
  categoryId: 'c0000000-0000-4000-8000-000000000001',
  category: 'Transport',
  categoryKind: 'EXPENSE',
  setTitle: null,
  setPaymentMethod: null,
};

describe('rule labels', () => {
  it('says a range with one, both or no bounds', () => {
    expect(describeRange({ amountMin: 5, amountMax: 50.5 })).toBe('5.00–50.50');
    expect(describeRange({ amountMin: 5, amountMax: null })).toBe('at least 5.00');
    expect(describeRange({ amountMin: null, amountMax: 0.1 })).toBe('at most 0.10');
    expect(describeRange({ amountMin: null, amountMax: null })).toBeNull();
  });

  it('puts the condition in words', () => {
    expect(describeCondition(rule)).toBe('Title or description has the words ‘uber’');
    expect(
      describeCondition({
        ...rule,
        field: 'TITLE',
        operator: 'STARTS_WITH',
        amountMax: 20,
        transactionType: 'EXPENSE',
      }),
    ).toBe('Title starts with ‘uber’, at most 20.00, expenses');
  });

  it('names what categorised a transaction', () => {
    expect(
      describeCategorisation({
        by: 'rule',
        ruleId: rule.id,
        rulePattern: 'uber',
        category: 'Transport',
        categoryId: rule.categoryId,
        setTitle: null,
        setPaymentMethod: null,
      }),
    ).toBe('by rule ‘uber’');
    expect(describeCategorisation({ by: 'suggestion', category: 'Coffee', merchant: 'starbucks', count: 3 })).toBe(
      'suggested from 3 earlier “starbucks”',
    );
  });
});
