export const BUDGET_PERIODS = ['WEEKLY', 'MONTHLY'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** SKIPPED: the threshold was crossed while the address was unverified or alerts were off; nothing is sent. */
export const BUDGET_ALERT_STATUSES = ['PENDING', 'SENT', 'FAILED', 'SKIPPED'] as const;
export type BudgetAlertStatus = (typeof BUDGET_ALERT_STATUSES)[number];

export const DEFAULT_BUDGET_ALERT_THRESHOLDS = [80, 100] as const;
