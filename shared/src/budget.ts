import { z } from 'zod';
import { calendarDateSchema } from './analytics';
import { amountSchema } from './money';

export const BUDGET_PERIODS = ['WEEKLY', 'MONTHLY'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** SKIPPED: the threshold was crossed while the address was unverified or alerts were off; nothing is sent. */
export const BUDGET_ALERT_STATUSES = ['PENDING', 'SENT', 'FAILED', 'SKIPPED'] as const;
export type BudgetAlertStatus = (typeof BUDGET_ALERT_STATUSES)[number];

export const DEFAULT_BUDGET_ALERT_THRESHOLDS = [80, 100] as const;

/** A user may hold at most this many budgets (the overall one included). */
export const MAX_BUDGETS = 100;
/** Rollover counts back at most this many periods before the current one (two years either way). */
export const ROLLOVER_MAX_PERIODS: Record<BudgetPeriod, number> = { WEEKLY: 104, MONTHLY: 24 };
/** Alert thresholds: whole percentages of the budgeted amount, at most this many. */
export const BUDGET_ALERT_THRESHOLD_RANGE = { min: 1, max: 200 } as const;
export const MAX_BUDGET_ALERT_THRESHOLDS = 4;
/** `budget.alerts` answers at most this many of the most recent alerts. */
export const BUDGET_ALERTS_LIST_LIMIT = 20;

export const BUDGET_MESSAGES = {
  tooMany: `A user can have at most ${MAX_BUDGETS} budgets.`,
  duplicateCategory: 'This category already has a budget.',
  duplicateOverall: 'There is already an overall budget.',
  notExpenseCategory: 'Budgets can only be set for expense categories.',
} as const;

const budgetPeriodSchema = z.enum(BUDGET_PERIODS, { error: 'Period must be WEEKLY or MONTHLY' });

export const createBudgetSchema = z.object({
  /** An expense category's id, or null for the overall budget (all expenses). */
  categoryId: z.uuid('Invalid category id').nullable(),
  period: budgetPeriodSchema,
  amount: amountSchema,
  rollover: z.boolean().default(false),
  /** A day inside the first period the budget covers; by default the current period. */
  startsOn: calendarDateSchema.optional(),
});
export type CreateBudgetInput = z.input<typeof createBudgetSchema>;

export const updateBudgetSchema = z
  .object({
    id: z.uuid('Invalid budget id'),
    period: budgetPeriodSchema.optional(),
    amount: amountSchema.optional(),
    rollover: z.boolean().optional(),
    startsOn: calendarDateSchema.optional(),
  })
  .refine(
    (value) =>
      value.period !== undefined ||
      value.amount !== undefined ||
      value.rollover !== undefined ||
      value.startsOn !== undefined,
    { message: 'Nothing to update' },
  );
export type UpdateBudgetInput = z.input<typeof updateBudgetSchema>;

export const budgetIdSchema = z.object({ id: z.uuid('Invalid budget id') });

export const budgetStatusSchema = z.object({
  /** Any day inside the wanted period (the user's today by default). */
  period: calendarDateSchema.optional(),
});
export type BudgetStatusInput = z.input<typeof budgetStatusSchema>;

export const budgetAlertThresholdsSchema = z
  .array(
    z
      .number()
      .int('A threshold is a whole percentage')
      .min(BUDGET_ALERT_THRESHOLD_RANGE.min, `A threshold is at least ${BUDGET_ALERT_THRESHOLD_RANGE.min}%`)
      .max(BUDGET_ALERT_THRESHOLD_RANGE.max, `A threshold is at most ${BUDGET_ALERT_THRESHOLD_RANGE.max}%`),
  )
  .min(1, 'Give at least one threshold')
  .max(MAX_BUDGET_ALERT_THRESHOLDS, `At most ${MAX_BUDGET_ALERT_THRESHOLDS} thresholds`)
  .refine((values) => new Set(values).size === values.length, 'Each threshold once')
  .transform((values) => [...values].sort((a, b) => a - b));

export const updateBudgetAlertSettingsSchema = z
  .object({ isEnabled: z.boolean().optional(), thresholds: budgetAlertThresholdsSchema.optional() })
  .refine((value) => value.isEnabled !== undefined || value.thresholds !== undefined, {
    message: 'Nothing to update',
  });
export type UpdateBudgetAlertSettingsInput = z.input<typeof updateBudgetAlertSettingsSchema>;

export const budgetAlertIdSchema = z.object({ id: z.uuid('Invalid alert id') });

/** A budget as the API answers it; amounts are decimal numbers in the user's currency. */
export interface Budget {
  id: string;
  /** Null for the overall budget. */
  categoryId: string | null;
  /** The category's name, or null for the overall budget. */
  categoryName: string | null;
  categoryColour: string | null;
  period: BudgetPeriod;
  amount: number;
  rollover: boolean;
  startsOn: string;
}

/** One budget's figures for one period (Monday–Sunday weeks, calendar months, in the user's time zone). */
export interface BudgetPeriodStatus {
  budget: Budget;
  from: string;
  to: string;
  /** The amount plus what rolled over from earlier periods (negative when they were overspent). */
  budgeted: number;
  /** What rolled over into this period; 0 without rollover. */
  carriedOver: number;
  spent: number;
  /** budgeted − spent; negative when over budget. */
  remaining: number;
  /** spent ÷ budgeted in percent, two decimals; null when nothing (or less) is budgeted. */
  percent: number | null;
  /** What the period's spending comes to at the pace so far (equals spent once the period is over). */
  projected: number;
  /** Days of the period after today, today included; 0 for a past period. */
  daysLeft: number;
  overBudget: boolean;
}

export interface BudgetStatusList {
  /** The day the figures are for, in the user's time zone. */
  date: string;
  /** The category budgets, by category name. */
  items: BudgetPeriodStatus[];
  /** The overall budget's figures, or null when there is none. */
  overall: BudgetPeriodStatus | null;
}

export interface BudgetAlertSettings {
  isEnabled: boolean;
  thresholds: number[];
}

export interface BudgetAlert {
  id: string;
  budgetId: string;
  categoryName: string | null;
  period: BudgetPeriod;
  periodStart: string;
  threshold: number;
  budgeted: number;
  spent: number;
  status: BudgetAlertStatus;
  createdAt: string;
  dismissedAt: string | null;
}

/** A budget's result in a scheduled report whose period is the budget's period. */
export interface ReportBudgetResult {
  categoryName: string | null;
  budgeted: number;
  spent: number;
  remaining: number;
  percent: number | null;
  overBudget: boolean;
}
