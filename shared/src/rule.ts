import { z } from 'zod';
import { amountSchema } from './money';
import {
  type PaymentMethod,
  paymentMethodSchema,
  type TransactionType,
  transactionCategorySchema,
  transactionDescriptionSchema,
  transactionTitleSchema,
  transactionTypeSchema,
} from './transaction';

/** Which text of a transaction a rule looks at. `ANY` is the title or the description. */
export const RULE_FIELDS = ['TITLE', 'DESCRIPTION', 'ANY'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/**
 * How a rule's pattern is compared, always literally and ignoring case (never as a regular
 * expression): `MATCHES` is the pattern as whole words ("uber" matches "Uber trip" but not "Huberts").
 */
export const RULE_OPERATORS = ['CONTAINS', 'STARTS_WITH', 'EQUALS', 'MATCHES'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export const RULE_LIMITS = {
  /** Rules one person may have; every transaction written is checked against all of them. */
  perUser: 100,
  patternMax: 100,
  setTitleMax: 255,
  /** Transactions a preview lists by name; its count covers all it scanned. */
  previewSample: 20,
  /** Transactions one preview or apply looks at (the most recent first); a larger ledger is told so. */
  scanMax: 50_000,
} as const;

/* ------------------------------------------------------------------------------------------------
 * Matching: pure, shared by the server (which decides) and the web (which only displays)
 * ---------------------------------------------------------------------------------------------- */

/**
 * Text as rules compare it: compatibility-normalised (NFKC, so "ｕｂｅｒ" and "uber" are one), lower-cased
 * with the language-neutral root locale (no Turkish dotless-i surprises), with the two letters whose
 * lower case still differs from their case fold folded by hand (final sigma, sharp s), and whitespace
 * runs collapsed to one space.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('und')
    .replaceAll('ς', 'σ')
    .replaceAll('ß', 'ss')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The part of a rule the matcher reads. Amounts in cents, both bounds inclusive; null is open. */
export interface MatchableRule {
  field: RuleField;
  operator: RuleOperator;
  pattern: string;
  amountMinCents: number | null;
  amountMaxCents: number | null;
  /** Null matches both kinds. */
  transactionType: TransactionType | null;
}

/** The part of a transaction the matcher reads; an unknown amount matches only rules without a range. */
export interface MatchableTransaction {
  title: string;
  description?: string | null | undefined;
  type: TransactionType;
  amountCents?: number | null | undefined;
}

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && WORD_CHARACTER.test(character);
}

/** The character (code point) that ends just before `index`. */
function characterBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return String.fromCodePoint(text.codePointAt(start) ?? 0);
}

function characterAt(text: string, index: number): string | undefined {
  if (index >= text.length) return undefined;
  return String.fromCodePoint(text.codePointAt(index) ?? 0);
}

/** True when `pattern` occurs in `text` with no letter or digit touching it on either side. */
function containsWholeWords(text: string, pattern: string): boolean {
  // indexOf moves forward at least one position per turn, so this ends within text.length turns.
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    const startsWord = !isWordCharacter(characterBefore(text, at)) || !isWordCharacter(characterAt(pattern, 0));
    const end = at + pattern.length;
    const endsWord =
      !isWordCharacter(characterAt(text, end)) || !isWordCharacter(characterBefore(pattern, pattern.length));
    if (startsWord && endsWord) return true;
  }
  return false;
}

function textMatches(text: string, operator: RuleOperator, pattern: string): boolean {
  switch (operator) {
    case 'CONTAINS':
      return text.includes(pattern);
    case 'STARTS_WITH':
      return text.startsWith(pattern);
    case 'EQUALS':
      return text === pattern;
    case 'MATCHES':
      return containsWholeWords(text, pattern);
  }
}

/** A transaction's texts, folded once however many rules look at them. */
interface FoldedTexts {
  title: string;
  description: string;
}

function foldTexts(transaction: MatchableTransaction): FoldedTexts {
  return { title: foldText(transaction.title), description: foldText(transaction.description ?? '') };
}

/** Patterns folded once per rule object: an import checks thousands of rows against the same rules. */
const foldedPatterns = new WeakMap<MatchableRule, { pattern: string; folded: string }>();

function foldedPattern(rule: MatchableRule): string {
  const cached = foldedPatterns.get(rule);
  if (cached?.pattern === rule.pattern) return cached.folded;
  const folded = foldText(rule.pattern);
  foldedPatterns.set(rule, { pattern: rule.pattern, folded });
  return folded;
}

function matchFolded(rule: MatchableRule, transaction: MatchableTransaction, texts: FoldedTexts): boolean {
  if (rule.transactionType !== null && rule.transactionType !== transaction.type) return false;
  if (rule.amountMinCents !== null || rule.amountMaxCents !== null) {
    const cents = transaction.amountCents;
    if (cents === null || cents === undefined) return false;
    if (rule.amountMinCents !== null && cents < rule.amountMinCents) return false;
    if (rule.amountMaxCents !== null && cents > rule.amountMaxCents) return false;
  }
  const pattern = foldedPattern(rule);
  if (pattern === '') return false;
  const candidates =
    rule.field === 'TITLE'
      ? [texts.title]
      : rule.field === 'DESCRIPTION'
        ? [texts.description]
        : [texts.title, texts.description];
  return candidates.some((text) => textMatches(text, rule.operator, pattern));
}

/** Whether the rule matches the transaction: its type, its amount range and its pattern, all of them. */
export function matchRule(rule: MatchableRule, transaction: MatchableTransaction): boolean {
  return matchFolded(rule, transaction, foldTexts(transaction));
}

/** The first rule, in position order, that matches; undefined when none does. */
export function firstMatchingRule<R extends MatchableRule & { position: number }>(
  rules: readonly R[],
  transaction: MatchableTransaction,
): R | undefined {
  const texts = foldTexts(transaction);
  return [...rules].sort((a, b) => a.position - b.position).find((rule) => matchFolded(rule, transaction, texts));
}

/* ------------------------------------------------------------------------------------------------
 * Merchants: what suggestions group a person's history by
 * ---------------------------------------------------------------------------------------------- */

const STORE_NUMBER = /(?:#|\b(?:store|shop|branch|filiale|no\.?|nr\.?)\s*#?)\s*\d+/gu;
const NOT_A_LETTER = /[^\p{L}\p{M}\s]+/gu;

/**
 * The merchant a title names, for comparing titles: folded like rule text, store numbers ("#1234",
 * "store 55") and every other digit removed, punctuation turned into spaces and spaces collapsed.
 * "UBER *TRIP 4411" and "Uber trip" are one merchant. Empty when nothing but digits and marks is left.
 */
export function normaliseMerchant(title: string): string {
  return foldText(title)
    .replace(STORE_NUMBER, ' ')
    .replace(NOT_A_LETTER, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, RULE_LIMITS.patternMax)
    .trim();
}

/* ------------------------------------------------------------------------------------------------
 * Wire format
 * ---------------------------------------------------------------------------------------------- */

/** A rule as the API returns it: decimal amounts, the category by id and by its current name. */
export interface Rule {
  id: string;
  position: number;
  field: RuleField;
  operator: RuleOperator;
  pattern: string;
  amountMin: number | null;
  amountMax: number | null;
  transactionType: TransactionType | null;
  categoryId: string;
  category: string;
  /** The kind of the rule's category: the rule applies only to transactions of this kind. */
  categoryKind: TransactionType;
  setTitle: string | null;
  setPaymentMethod: PaymentMethod | null;
}

/**
 * What rules and history make of one transaction: the category a rule gives it (applied where rules
 * apply), or a suggestion (only ever shown, never applied on its own), or nothing.
 */
export type Categorisation =
  | {
      by: 'rule';
      ruleId: string;
      /** The rule's pattern, to name it: "Rule ‘Uber’ → Transport". */
      rulePattern: string;
      category: string;
      categoryId: string;
      setTitle: string | null;
      setPaymentMethod: PaymentMethod | null;
    }
  | {
      by: 'suggestion';
      category: string;
      /** The normalised merchant, which "Always do this" turns into a rule's pattern. */
      merchant: string;
      /** How many of the person's recent transactions from this merchant have this category. */
      count: number;
    };

export interface RulePreviewSample {
  id: string;
  date: string;
  title: string;
  amount: number;
  type: TransactionType;
  /** The category now, and what the rule makes it. */
  category: string;
  newCategory: string;
}

export interface RulePreview {
  /** Transactions the rule (or rules) would change, among those scanned. */
  count: number;
  /** Transactions looked at: the most recent RULE_LIMITS.scanMax at most. */
  scanned: number;
  /** True when the ledger holds more than RULE_LIMITS.scanMax transactions, so older ones were not looked at. */
  truncated: boolean;
  sample: RulePreviewSample[];
}

export interface RuleApplyResult {
  changed: number;
  scanned: number;
  truncated: boolean;
}

/* ------------------------------------------------------------------------------------------------
 * Inputs
 * ---------------------------------------------------------------------------------------------- */

export const ruleIdSchema = z.uuid('Invalid rule id');

const rulePatternSchema = z
  .string({ error: 'Pattern is required' })
  .refine((value) => !value.includes('\u0000'), 'Pattern must not contain NUL characters')
  .trim()
  .min(1, 'Pattern is required')
  .max(RULE_LIMITS.patternMax, `Pattern must be at most ${RULE_LIMITS.patternMax} characters`)
  .refine((value) => foldText(value) !== '', 'Pattern is required');

const ruleAmountSchema = amountSchema.nullable().optional();

const setTitleSchema = transactionTitleSchema
  .max(RULE_LIMITS.setTitleMax)
  .nullable()
  .optional()
  .transform((value) => value ?? null);

const ruleFields = {
  field: z.enum(RULE_FIELDS, { error: `Field must be one of ${RULE_FIELDS.join(', ')}` }),
  operator: z.enum(RULE_OPERATORS, { error: `Operator must be one of ${RULE_OPERATORS.join(', ')}` }),
  pattern: rulePatternSchema,
  amountMin: ruleAmountSchema,
  amountMax: ruleAmountSchema,
  transactionType: transactionTypeSchema.nullable().optional(),
  categoryId: z.uuid('Choose a category'),
  setTitle: setTitleSchema,
  setPaymentMethod: paymentMethodSchema.nullable().optional(),
};

function rangeInOrder(value: { amountMin?: number | null | undefined; amountMax?: number | null | undefined }) {
  return value.amountMin == null || value.amountMax == null || value.amountMin <= value.amountMax;
}
const rangeOutOfOrder = { message: 'The smallest amount must not be above the largest', path: ['amountMin'] };

export const ruleInputSchema = z.object(ruleFields).refine(rangeInOrder, rangeOutOfOrder);
export type RuleInput = z.input<typeof ruleInputSchema>;
export type RuleData = z.output<typeof ruleInputSchema>;

/** Every field optional; the range is checked again against the stored rule. */
export const updateRuleSchema = z
  .object(ruleFields)
  .partial()
  .extend({ id: ruleIdSchema })
  .refine(rangeInOrder, rangeOutOfOrder);
export type UpdateRuleInput = z.input<typeof updateRuleSchema>;
export type UpdateRuleData = z.output<typeof updateRuleSchema>;

export const ruleByIdSchema = z.object({ id: ruleIdSchema });

export const reorderRulesSchema = z.object({
  ids: z.array(ruleIdSchema).max(RULE_LIMITS.perUser, `At most ${RULE_LIMITS.perUser} rules`),
});
export type ReorderRulesInput = z.input<typeof reorderRulesSchema>;

/** A saved rule by id, or a draft from the form before it is saved. */
export const previewRuleSchema = z.union([
  ruleByIdSchema,
  z.object({ rule: z.object(ruleFields).refine(rangeInOrder, rangeOutOfOrder) }),
]);
export type PreviewRuleInput = z.input<typeof previewRuleSchema>;

/** `onlyUncategorized` leaves every transaction that already has a real category as it is. */
export const applyRuleSchema = z.object({ id: ruleIdSchema, onlyUncategorized: z.boolean().default(false) });
export const applyAllRulesSchema = z.object({ onlyUncategorized: z.boolean().default(false) });

/** What the transaction form knows while it is being filled in. */
export const matchTransactionSchema = z.object({
  title: transactionTitleSchema,
  description: transactionDescriptionSchema.optional(),
  amount: amountSchema.optional(),
  type: transactionTypeSchema,
});
export type MatchTransactionInput = z.input<typeof matchTransactionSchema>;

export const suggestCategorySchema = z.object({
  title: transactionTitleSchema,
  description: transactionDescriptionSchema.optional(),
  type: transactionTypeSchema,
});
export type SuggestCategoryInput = z.input<typeof suggestCategorySchema>;

/** "Always do this" on a suggestion: a rule whose title contains the merchant gives the category. */
export const createRuleFromSuggestionSchema = z.object({
  merchant: rulePatternSchema,
  category: transactionCategorySchema,
  type: transactionTypeSchema,
});
export type CreateRuleFromSuggestionInput = z.input<typeof createRuleFromSuggestionSchema>;
