import { z } from 'zod';
import { supportedDateSchema } from './dates';
import { hasAtMostTwoDecimals, MAX_AMOUNT } from './money';

/*
 * Ledger accounts: where money sits (a wallet, a bank account, a credit card). Not to be confused
 * with the user's login account (auth).
 */

export const ACCOUNT_KINDS = ['CASH', 'CHECKING', 'SAVINGS', 'CREDIT_CARD', 'LOAN', 'INVESTMENT'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** Kinds whose balance is money owed: net worth counts them as liabilities. */
export const LIABILITY_ACCOUNT_KINDS: readonly AccountKind[] = ['CREDIT_CARD', 'LOAN'];

export function isLiabilityKind(kind: AccountKind): boolean {
  return LIABILITY_ACCOUNT_KINDS.includes(kind);
}

export const ACCOUNT_NAME_MAX = 60;
/** Accounts a user may have, archived ones included. */
export const MAX_ACCOUNTS_PER_USER = 50;
/** The name every user's first account gets (the accounts migration and new users alike). */
export const DEFAULT_ACCOUNT_NAME = 'Main account';
/** Points a net-worth series has at most, whatever its range: longer ranges get wider buckets. */
export const NET_WORTH_MAX_POINTS = 200;

/** An account as the API answers it; amounts are decimals like every amount on the wire. */
export interface LedgerAccount {
  id: string;
  name: string;
  kind: AccountKind;
  currency: string;
  openingBalance: number;
  openingDate: string;
  /** Opening balance plus every transaction in the account (INCOME adds, EXPENSE subtracts). */
  balance: number;
  transactionCount: number;
  isArchived: boolean;
  isDefault: boolean;
  position: number;
}

const accountNameSchema = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(ACCOUNT_NAME_MAX, `Name must be at most ${ACCOUNT_NAME_MAX} characters`);

/** Signed: a credit card or loan usually opens below zero. */
export const openingBalanceSchema = z
  .number({ error: 'Opening balance must be a number' })
  .min(-MAX_AMOUNT, `Opening balance must be at least -${MAX_AMOUNT.toLocaleString('en-US')}`)
  .max(MAX_AMOUNT, `Opening balance must be at most ${MAX_AMOUNT.toLocaleString('en-US')}`)
  .refine(hasAtMostTwoDecimals, 'Opening balance can have at most 2 decimals');

const accountIdSchema = z.uuid('Unknown account');

export const createAccountSchema = z.object({
  name: accountNameSchema,
  kind: z.enum(ACCOUNT_KINDS, { error: 'Choose an account type' }),
  openingBalance: openingBalanceSchema.default(0),
  /** Defaults to the user's today. */
  openingDate: supportedDateSchema().optional(),
});
export type CreateAccountInput = z.input<typeof createAccountSchema>;

export const updateAccountSchema = z.object({
  id: accountIdSchema,
  name: accountNameSchema.optional(),
  kind: z.enum(ACCOUNT_KINDS, { error: 'Choose an account type' }).optional(),
  openingBalance: openingBalanceSchema.optional(),
  openingDate: supportedDateSchema().optional(),
});
export type UpdateAccountInput = z.input<typeof updateAccountSchema>;

export const accountIdInputSchema = z.object({ id: accountIdSchema });

export const archiveAccountSchema = z.object({ id: accountIdSchema, archived: z.boolean().default(true) });

/** The user's accounts in their new order; every account must appear exactly once. */
export const reorderAccountsSchema = z.object({
  ids: z
    .array(accountIdSchema)
    .min(1)
    .max(MAX_ACCOUNTS_PER_USER)
    .refine((ids) => new Set(ids).size === ids.length, 'Each account may appear once'),
});

/** Deleting an account with transactions needs somewhere to move them. */
export const deleteAccountSchema = z.object({ id: accountIdSchema, moveTo: accountIdSchema.optional() });

export const netWorthInputSchema = z
  .object({ from: supportedDateSchema(), to: supportedDateSchema() })
  .refine((range) => range.from <= range.to, { message: 'Start must not be after end', path: ['to'] });

export interface NetWorthPoint {
  /** The last day of the bucket: the values are balances at the end of this day. */
  date: string;
  assets: number;
  /** What is owed, as a positive number. */
  liabilities: number;
  netWorth: number;
}
