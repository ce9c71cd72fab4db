import { z } from 'zod';
import { dateRangeSchema } from './analytics';
import type { ReportBudgetResult } from './budget';
import { REPORT_FREQUENCIES, type ReportFrequency } from './user';

/**
 * PENDING: created and waiting to be e-mailed (or being e-mailed now); SENT: delivered to the SMTP
 * server or outbox; FAILED: the last attempt failed, retried later with backoff; NO_ACTIVITY: the
 * period had no transactions, so nothing was sent.
 */
export const REPORT_STATUSES = ['PENDING', 'SENT', 'FAILED', 'NO_ACTIVITY'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ReportSettings {
  id: string;
  frequency: ReportFrequency;
  isEnabled: boolean;
  /** The day (in the user's time zone) the next scheduled report goes out; null while disabled. */
  nextReportDate: string | null;
}

export const updateReportSettingsSchema = z
  .object({
    isEnabled: z.boolean().optional(),
    frequency: z.enum(REPORT_FREQUENCIES, { error: 'Frequency must be WEEKLY or MONTHLY' }).optional(),
  })
  .refine((value) => value.isEnabled !== undefined || value.frequency !== undefined, {
    message: 'Nothing to update',
  });
export type UpdateReportSettingsInput = z.input<typeof updateReportSettingsSchema>;

/** Messages the server sends verbatim about reports; the web shows them as they are. */
export const REPORT_MESSAGES = {
  emailNotVerified: 'Verify your e-mail address before reports can be sent to it.',
} as const;

export const generateReportSchema = dateRangeSchema;
export const sendReportSchema = dateRangeSchema;

export const listReportsSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type ListReportsInput = z.input<typeof listReportsSchema>;

export const reportIdSchema = z.object({ id: z.uuid('Invalid report id') });

export interface ReportPeriod {
  from: string;
  to: string;
  label: string;
}

export interface ReportCategory {
  name: string;
  amount: number;
  /** Whole percent of the period's expenses; the list adds up to 100. */
  percent: number;
}

/** What a report says; stored with the report so a retry sends exactly what was generated. */
export interface ReportContent {
  period: ReportPeriod;
  currency: string;
  summary: {
    income: number;
    expenses: number;
    balance: number;
    /** Percent of income kept, two decimals; null without income. */
    savingsRate: number | null;
    topCategories: ReportCategory[];
  };
  insights: string[];
  /** The budgets whose period is the report's; absent from reports stored before budgets existed. */
  budgets?: ReportBudgetResult[];
}

export interface ReportListItem {
  id: string;
  period: ReportPeriod;
  status: ReportStatus;
  sentAt: string | null;
}

export interface Report extends ReportListItem {
  attempts: number;
  createdAt: string;
  content: ReportContent;
}

export interface ReportPagination {
  page: number;
  pageSize: number;
  totalCount: number;
  totalPages: number;
}

export interface ReportList {
  items: ReportListItem[];
  pagination: ReportPagination;
}
