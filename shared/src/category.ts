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
