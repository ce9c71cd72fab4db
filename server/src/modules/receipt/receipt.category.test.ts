import { describe, expect, it } from 'vitest';
import { chooseCategory, keywordCategories } from './receipt.category';

describe('keywordCategories', () => {
  it('suggests groceries for a grocer', () => {
    expect(keywordCategories('Corner Grocer', '')[0]?.[0]).toBe('Groceries');
  });

  it('suggests dining for a cafe from its items', () => {
    expect(keywordCategories('The Bean', 'Latte 3.20\nTOTAL 3.20')[0]?.[0]).toBe('Dining');
  });

  it('ranks what the merchant name says before what the items say', () => {
    const suggestions = keywordCategories('Riverside Pharmacy', 'Milk 1.20');
    expect(suggestions.map((names) => names[0])).toEqual(['Health', 'Groceries']);
  });

  it('suggests nothing when no keyword matches', () => {
    expect(keywordCategories('Metro Electronics', 'USB cable 9.99')).toEqual([]);
  });
});

describe('chooseCategory', () => {
  it("uses the user's own spelling of the suggestion", () => {
    expect(chooseCategory(keywordCategories('Corner Grocer', ''), ['Rent', 'grocery'])).toBe('grocery');
  });

  it('uses the first name when the user has none of them', () => {
    expect(chooseCategory(keywordCategories('Northgate Fuel', ''), ['Rent'])).toBe('Transport');
  });

  it('answers null without a suggestion', () => expect(chooseCategory([], ['Rent'])).toBeNull());
});
