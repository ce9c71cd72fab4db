import { z } from 'zod';
import { transactionCategorySchema, transactionTypeSchema } from './transaction';

/** A category's colour: '#rrggbb'. The charts draw the category in it. */
export const CATEGORY_COLOUR_PATTERN = /^#[0-9a-f]{6}$/;

/** Colours handed to new categories in turn; each reads against both the light and the dark theme. */
export const CATEGORY_PALETTE = [
  '#2563eb',
  '#16a34a',
  '#dc2626',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#ea580c',
  '#4f46e5',
  '#0d9488',
  '#9333ea',
] as const;

export interface DefaultCategory {
  kind: 'INCOME' | 'EXPENSE';
  name: string;
  colour: string;
}

/**
 * Every new user starts with these (and existing users had them merged with their own by the
 * categories migration, which carries a copy of this list as it was then), so the category picker
 * is never an empty box. All of them can be renamed, recoloured, merged or deleted.
 */
export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  { kind: 'INCOME', name: 'Salary', colour: '#16a34a' },
  { kind: 'INCOME', name: 'Freelance', colour: '#0d9488' },
  { kind: 'INCOME', name: 'Investments', colour: '#2563eb' },
  { kind: 'INCOME', name: 'Gifts', colour: '#db2777' },
  { kind: 'INCOME', name: 'Refunds', colour: '#65a30d' },
  { kind: 'INCOME', name: 'Other income', colour: '#64748b' },
  { kind: 'EXPENSE', name: 'Groceries', colour: '#16a34a' },
  { kind: 'EXPENSE', name: 'Dining', colour: '#ea580c' },
  { kind: 'EXPENSE', name: 'Housing', colour: '#2563eb' },
  { kind: 'EXPENSE', name: 'Utilities', colour: '#0891b2' },
  { kind: 'EXPENSE', name: 'Transport', colour: '#d97706' },
  { kind: 'EXPENSE', name: 'Health', colour: '#dc2626' },
  { kind: 'EXPENSE', name: 'Shopping', colour: '#7c3aed' },
  { kind: 'EXPENSE', name: 'Entertainment', colour: '#db2777' },
  { kind: 'EXPENSE', name: 'Travel', colour: '#4f46e5' },
  { kind: 'EXPENSE', name: 'Education', colour: '#9333ea' },
  { kind: 'EXPENSE', name: 'Subscriptions', colour: '#0d9488' },
  { kind: 'EXPENSE', name: 'Other', colour: '#64748b' },
];

/** A category as the API answers it. */
export interface Category {
  id: string;
  kind: 'INCOME' | 'EXPENSE';
  name: string;
  colour: string;
  icon: string | null;
}

/** A category in the Settings list: how many transactions carry it and what it came to this month. */
export interface CategoryWithUsage extends Category {
  transactionCount: number;
  /** This calendar month so far, in the user's time zone, in the currency's units (not cents). */
  monthTotal: number;
}

export const CATEGORY_LIMITS = {
  /** Categories one user may have, both kinds together. */
  perUserMax: 200,
  nameMax: 50,
  iconMax: 32,
  /** Categories one merge may fold into another. */
  mergeFromMax: 50,
  /** Transactions one bulk re-categorise may move. */
  assignMax: 500,
} as const;

export const categoryIdSchema = z.uuid('Invalid category id');

export const categoryColourSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(CATEGORY_COLOUR_PATTERN, 'Colour must be #rrggbb');

export const categoryIconSchema = z
  .string()
  // PostgreSQL text cannot hold NUL: refused here rather than failing in the database.
  .refine((value) => !value.includes('\u0000'), 'Icon must not contain NUL characters')
  .trim()
  .max(CATEGORY_LIMITS.iconMax, `Icon must be at most ${CATEGORY_LIMITS.iconMax} characters`)
  .nullable()
  .transform((value) => (value ? value : null));

/** The name rules are a transaction's category rules: a category is what a transaction carries. */
export const categoryNameSchema = transactionCategorySchema;

export const createCategorySchema = z.object({
  kind: transactionTypeSchema,
  name: categoryNameSchema,
  colour: categoryColourSchema.optional(),
  icon: categoryIconSchema.optional(),
});
export type CreateCategoryData = z.infer<typeof createCategorySchema>;

export const updateCategorySchema = z.object({
  id: categoryIdSchema,
  name: categoryNameSchema.optional(),
  colour: categoryColourSchema.optional(),
  icon: categoryIconSchema.optional(),
});
export type UpdateCategoryData = z.infer<typeof updateCategorySchema>;

export const mergeCategoriesSchema = z
  .object({
    from: z
      .array(categoryIdSchema)
      .min(1, 'Choose at least one category to merge')
      .max(CATEGORY_LIMITS.mergeFromMax, `At most ${CATEGORY_LIMITS.mergeFromMax} categories can be merged at once`),
    into: categoryIdSchema,
  })
  .refine((input) => !input.from.includes(input.into), {
    message: 'A category cannot be merged into itself',
    path: ['from'],
  });
export type MergeCategoriesData = z.infer<typeof mergeCategoriesSchema>;

/** What a merge (or a delete with reassignment) would move into the target. */
export interface CategoryMergePreview {
  transactions: number;
  rules: number;
  /** Budgets that become the target's: at most one, and none when the target has its own. */
  budgets: number;
  /** Budgets dropped because the target keeps its own (or another merged category's moves). */
  budgetsDropped: number;
}

export const deleteCategorySchema = z.object({
  id: categoryIdSchema,
  reassignTo: categoryIdSchema.optional(),
});
export type DeleteCategoryData = z.infer<typeof deleteCategorySchema>;

export const assignCategorySchema = z.object({
  transactionIds: z
    .array(z.uuid('Invalid transaction id'))
    .min(1, 'Choose at least one transaction')
    .max(CATEGORY_LIMITS.assignMax, `At most ${CATEGORY_LIMITS.assignMax} transactions can be re-categorised at once`),
  categoryId: categoryIdSchema,
});
export type AssignCategoryData = z.infer<typeof assignCategorySchema>;
