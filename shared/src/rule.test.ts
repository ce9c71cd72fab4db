import { describe, expect, it } from 'vitest';
import {
  firstMatchingRule,
  foldText,
  type MatchableRule,
  matchRule,
  normaliseMerchant,
  ruleInputSchema,
  updateRuleSchema,
} from './rule';

function rule(overrides: Partial<MatchableRule> = {}): MatchableRule {
  return {
    field: 'TITLE',
    operator: 'CONTAINS',
    pattern: 'uber',
    amountMinCents: null,
    amountMaxCents: null,
    transactionType: null,
    ...overrides,
  };
}

const tx = (title: string, more: { description?: string; amountCents?: number; type?: 'INCOME' | 'EXPENSE' } = {}) => ({
  title,
  type: more.type ?? ('EXPENSE' as const),
  description: more.description ?? null,
  amountCents: more.amountCents ?? 1000,
});

describe('matchRule operators', () => {
  it('CONTAINS finds the pattern anywhere, ignoring case', () => {
    expect(matchRule(rule(), tx('UBER *TRIP 4411'))).toBe(true);
    expect(matchRule(rule(), tx('Huberts bakery'))).toBe(true);
    expect(matchRule(rule(), tx('Lyft ride'))).toBe(false);
  });

  it('STARTS_WITH needs the pattern at the start', () => {
    expect(matchRule(rule({ operator: 'STARTS_WITH' }), tx('Uber Eats'))).toBe(true);
    expect(matchRule(rule({ operator: 'STARTS_WITH' }), tx('My Uber'))).toBe(false);
  });

  it('EQUALS compares the whole text, with spaces collapsed and trimmed', () => {
    expect(matchRule(rule({ operator: 'EQUALS', pattern: 'Uber  Eats' }), tx('  uber eats '))).toBe(true);
    expect(matchRule(rule({ operator: 'EQUALS', pattern: 'Uber' }), tx('Uber Eats'))).toBe(false);
  });

  it('MATCHES needs whole words on both sides', () => {
    const words = rule({ operator: 'MATCHES' });
    expect(matchRule(words, tx('Uber trip'))).toBe(true);
    expect(matchRule(words, tx('trip: UBER*4411'))).toBe(true);
    expect(matchRule(words, tx('Huberts'))).toBe(false);
    expect(matchRule(words, tx('Ubers'))).toBe(false);
    // A later occurrence may be the whole word even when the first is not.
    expect(matchRule(words, tx('Huber and Uber'))).toBe(true);
  });

  it('MATCHES with a pattern of several words or ending in punctuation', () => {
    expect(matchRule(rule({ operator: 'MATCHES', pattern: 'uber eats' }), tx('Paid Uber Eats order'))).toBe(true);
    expect(matchRule(rule({ operator: 'MATCHES', pattern: 'amzn*' }), tx('AMZN*MKTP'))).toBe(true);
  });

  it('reads the pattern literally: regular expression characters are plain text', () => {
    expect(matchRule(rule({ pattern: '.*' }), tx('Anything'))).toBe(false);
    expect(matchRule(rule({ pattern: '.*' }), tx('Weird .* shop'))).toBe(true);
    expect(matchRule(rule({ operator: 'MATCHES', pattern: '(a+)+$' }), tx('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'))).toBe(
      false,
    );
  });

  it('looks at the description or at either text as the field says', () => {
    const withDescription = tx('Card payment', { description: 'UBER BV Amsterdam' });
    expect(matchRule(rule({ field: 'TITLE' }), withDescription)).toBe(false);
    expect(matchRule(rule({ field: 'DESCRIPTION' }), withDescription)).toBe(true);
    expect(matchRule(rule({ field: 'ANY' }), withDescription)).toBe(true);
    expect(matchRule(rule({ field: 'DESCRIPTION' }), tx('Uber'))).toBe(false);
  });
});

describe('matchRule Unicode', () => {
  it('folds case beyond ASCII', () => {
    expect(matchRule(rule({ pattern: 'ÉPICERIE' }), tx('épicerie du coin'))).toBe(true);
    expect(matchRule(rule({ pattern: 'straße' }), tx('STRASSE 5 Parkhaus'))).toBe(true);
    expect(matchRule(rule({ pattern: 'ΟΔΟΣ' }), tx('οδος'))).toBe(true);
  });

  it('treats full-width and compatibility forms as their plain letters', () => {
    expect(matchRule(rule({ pattern: 'uber' }), tx('ＵＢＥＲ'))).toBe(true);
    expect(matchRule(rule({ pattern: 'ﬁtness' }), tx('Fitness First'))).toBe(true);
  });

  it('lower-cases without a Turkish locale: I is i', () => {
    expect(foldText('IKEA')).toBe('ikea');
  });

  it('counts letters of any script and accents as word characters', () => {
    expect(matchRule(rule({ operator: 'MATCHES', pattern: 'café' }), tx('Café Central'))).toBe(true);
    expect(matchRule(rule({ operator: 'MATCHES', pattern: 'caf' }), tx('Café Central'))).toBe(false);
    expect(matchRule(rule({ operator: 'MATCHES', pattern: '寿司' }), tx('寿司 bar'))).toBe(true);
    expect(matchRule(rule({ operator: 'MATCHES', pattern: 'emoji' }), tx('😀emoji😀'))).toBe(true);
  });
});

describe('matchRule amounts and types', () => {
  it('includes both bounds of the range', () => {
    const range = rule({ amountMinCents: 500, amountMaxCents: 1500 });
    expect(matchRule(range, tx('Uber', { amountCents: 500 }))).toBe(true);
    expect(matchRule(range, tx('Uber', { amountCents: 1500 }))).toBe(true);
    expect(matchRule(range, tx('Uber', { amountCents: 499 }))).toBe(false);
    expect(matchRule(range, tx('Uber', { amountCents: 1501 }))).toBe(false);
  });

  it('leaves an open bound open', () => {
    expect(matchRule(rule({ amountMinCents: 5000 }), tx('Uber', { amountCents: 10_000_000 }))).toBe(true);
    expect(matchRule(rule({ amountMaxCents: 5000 }), tx('Uber', { amountCents: 1 }))).toBe(true);
  });

  it('does not match a range while the amount is unknown', () => {
    expect(matchRule(rule({ amountMinCents: 1 }), { title: 'Uber', type: 'EXPENSE' })).toBe(false);
    expect(matchRule(rule(), { title: 'Uber', type: 'EXPENSE' })).toBe(true);
  });

  it('matches only its transaction type when it has one', () => {
    expect(matchRule(rule({ transactionType: 'INCOME' }), tx('Uber payout', { type: 'INCOME' }))).toBe(true);
    expect(matchRule(rule({ transactionType: 'INCOME' }), tx('Uber trip'))).toBe(false);
  });
});

describe('firstMatchingRule', () => {
  const rules = [
    { ...rule({ pattern: 'uber' }), position: 2, name: 'broad' },
    { ...rule({ pattern: 'uber eats' }), position: 1, name: 'eats' },
    { ...rule({ pattern: 'lyft' }), position: 0, name: 'lyft' },
  ];

  it('takes the first matching rule in position order, not in list order', () => {
    expect(firstMatchingRule(rules, tx('Uber Eats London'))?.name).toBe('eats');
    expect(firstMatchingRule(rules, tx('Uber trip'))?.name).toBe('broad');
  });

  it('answers undefined when no rule matches', () => {
    expect(firstMatchingRule(rules, tx('Bolt'))).toBeUndefined();
    expect(firstMatchingRule([], tx('Uber'))).toBeUndefined();
  });
});

describe('normaliseMerchant', () => {
  it('removes store numbers, digits and punctuation', () => {
    expect(normaliseMerchant('TESCO STORE 55 LONDON')).toBe('tesco london');
    expect(normaliseMerchant('Starbucks #1234')).toBe('starbucks');
    expect(normaliseMerchant('UBER *TRIP 4411')).toBe('uber trip');
    expect(normaliseMerchant('  Uber   trip ')).toBe('uber trip');
  });

  it('folds case and compatibility forms like the matcher', () => {
    expect(normaliseMerchant('ＳＴＡＲＢＵＣＫＳ No. 7')).toBe('starbucks');
    expect(normaliseMerchant('Café-Bar')).toBe('café bar');
  });

  it('is empty when only digits and marks are left', () => {
    expect(normaliseMerchant('#1234 / 55')).toBe('');
  });

  it('is never longer than a rule pattern', () => {
    expect(normaliseMerchant('a'.repeat(300)).length).toBe(100);
  });
});

describe('rule input', () => {
  const valid = { field: 'TITLE', operator: 'CONTAINS', pattern: ' Uber ', categoryId: crypto.randomUUID() } as const;

  it('trims the pattern and defaults the optional parts', () => {
    const parsed = ruleInputSchema.parse(valid);
    expect(parsed.pattern).toBe('Uber');
    expect(parsed.setTitle).toBeNull();
  });

  it('refuses a blank or overlong pattern and a range upside down', () => {
    expect(ruleInputSchema.safeParse({ ...valid, pattern: '   ' }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ ...valid, pattern: 'x'.repeat(101) }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ ...valid, amountMin: 10, amountMax: 5 }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ ...valid, amountMin: 5, amountMax: 5 }).success).toBe(true);
  });

  it('lets an update change one field alone', () => {
    const parsed = updateRuleSchema.parse({ id: crypto.randomUUID(), pattern: 'Lyft' });
    expect(parsed.pattern).toBe('Lyft');
    expect(parsed.categoryId).toBeUndefined();
  });
});
