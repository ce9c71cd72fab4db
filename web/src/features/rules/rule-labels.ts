import {
  type Categorisation,
  fromCents,
  type Rule,
  type RuleField,
  type RuleOperator,
  toCents,
} from '@finailytics/shared';

export const FIELD_LABELS: Record<RuleField, string> = {
  TITLE: 'Title',
  DESCRIPTION: 'Description',
  ANY: 'Title or description',
};

export const OPERATOR_LABELS: Record<RuleOperator, string> = {
  CONTAINS: 'contains',
  STARTS_WITH: 'starts with',
  EQUALS: 'is exactly',
  MATCHES: 'has the words',
};

/** "10.00–50.00", "at least 10.00", "at most 50.00", or null for no range. */
export function describeRange(rule: Pick<Rule, 'amountMin' | 'amountMax'>): string | null {
  const money = (amount: number) => fromCents(toCents(amount)).toFixed(2);
  if (rule.amountMin !== null && rule.amountMax !== null) return `${money(rule.amountMin)}–${money(rule.amountMax)}`;
  if (rule.amountMin !== null) return `at least ${money(rule.amountMin)}`;
  if (rule.amountMax !== null) return `at most ${money(rule.amountMax)}`;
  return null;
}

/** The condition in words: "Title contains ‘uber’, 10.00–50.00, expenses". */
export function describeCondition(rule: Rule): string {
  const parts = [`${FIELD_LABELS[rule.field]} ${OPERATOR_LABELS[rule.operator]} ‘${rule.pattern}’`];
  const range = describeRange(rule);
  if (range) parts.push(range);
  if (rule.transactionType) parts.push(rule.transactionType === 'INCOME' ? 'income' : 'expenses');
  return parts.join(', ');
}

/** How the import preview and the drawer name what categorised a transaction. */
export function describeCategorisation(categorisation: Categorisation): string {
  return categorisation.by === 'rule'
    ? `by rule ‘${categorisation.rulePattern}’`
    : `suggested from ${categorisation.count} earlier “${categorisation.merchant}”`;
}
