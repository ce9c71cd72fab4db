/** Which text of a transaction a rule looks at. `ANY` is the title or the description. */
export const RULE_FIELDS = ['TITLE', 'DESCRIPTION', 'ANY'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/**
 * How a rule's pattern is compared, always literally and ignoring case (never as a regular
 * expression): `MATCHES` is the pattern as whole words ("uber" matches "Uber trip" but not "Huberts").
 */
export const RULE_OPERATORS = ['CONTAINS', 'STARTS_WITH', 'EQUALS', 'MATCHES'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
