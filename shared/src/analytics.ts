import { z } from 'zod';
import { supportedDateSchema } from './dates';

/** The named periods a dashboard can ask for; every one is computed in the user's time zone. */
export const ANALYTICS_PRESETS = [
  'lastWeek',
  '30days',
  'thisMonth',
  'lastMonth',
  'last3Months',
  'thisYear',
  'lastYear',
  'allTime',
] as const;
export type AnalyticsPreset = (typeof ANALYTICS_PRESETS)[number];

export const PRESET_LABELS: Record<AnalyticsPreset | 'custom', string> = {
  lastWeek: 'Last Week',
  '30days': 'Last 30 Days',
  thisMonth: 'This Month',
  lastMonth: 'Last Month',
  last3Months: 'Last 3 Months',
  thisYear: 'This Year',
  lastYear: 'Last Year',
  allTime: 'All Time',
  custom: 'Custom',
};

/** A calendar day, 'YYYY-MM-DD', that exists (no February 30th) and lies in SUPPORTED_DATE_RANGE. */
export const calendarDateSchema = supportedDateSchema({ invalid: 'Invalid date' });

export const presetRangeSchema = z.object({
  preset: z.enum(ANALYTICS_PRESETS, { error: 'Unknown preset' }),
});

export const customRangeSchema = z
  .object({ from: calendarDateSchema, to: calendarDateSchema })
  // 'YYYY-MM-DD' strings order like the dates they name.
  .refine((range) => range.from <= range.to, { message: '"from" must not be after "to"', path: ['from'] });

/** `{ preset }` or `{ from, to }` (inclusive calendar dates). */
export const dateRangeSchema = z.union([presetRangeSchema, customRangeSchema]);
export type DateRangeInput = z.input<typeof dateRangeSchema>;

/** The period a response was computed for, echoed back so the client can show it. */
export interface PresetInfo {
  value: AnalyticsPreset | 'custom';
  label: string;
  from: string;
  to: string;
}

export interface PeriodTotals {
  from: string;
  to: string;
  income: number;
  expenses: number;
  balance: number;
}

export interface AnalyticsSummary {
  preset: PresetInfo;
  totalIncome: number;
  totalExpenses: number;
  availableBalance: number;
  transactionCount: number;
  /** Null when there was no income: a rate of nothing is not 0%. */
  savingRate: { percentage: number | null; expenseRatio: number | null };
  /** Null for allTime, which has no previous period. Each change is null when the previous value was 0. */
  percentageChange: {
    income: number | null;
    expenses: number | null;
    balance: number | null;
    previous: PeriodTotals;
  } | null;
}

/** Bucket sizes from finest to coarsest; the server picks the finest that keeps a chart within CHART_MAX_POINTS. */
export const CHART_GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type ChartGranularity = (typeof CHART_GRANULARITIES)[number];

/** The most points a chart answer has: 1900–2100, the whole supported range, is 201 yearly points. */
export const CHART_MAX_POINTS = 300;

export interface ChartPoint {
  /** The first day of the bucket (the Monday for weeks, the 1st for months, quarters and years). */
  date: string;
  income: number;
  expenses: number;
}

export interface AnalyticsChart {
  preset: PresetInfo;
  granularity: ChartGranularity;
  points: ChartPoint[];
  totalIncomeCount: number;
  totalExpenseCount: number;
}

/** One category gathered into "Others". */
export interface FoldedCategory {
  name: string;
  value: number;
  /** Whole percent of the period's total; the folded percentages add up to exactly Others' percentage. */
  percentage: number;
  /** How many expenses it holds. */
  count: number;
  /** The category's colour ('#rrggbb'), so every chart draws it alike; absent for a name with no category. */
  colour?: string;
}

/** The categories after the first OTHERS_FOLDED_MAX folded ones, summed into one line. */
export interface FoldedRest {
  categoryCount: number;
  value: number;
  percentage: number;
  count: number;
}

export interface BreakdownItem {
  name: string;
  /** The category's colour ('#rrggbb'); absent on Others and on a name with no category. */
  colour?: string;
  value: number;
  /** Whole percent; the items' percentages add up to exactly 100. */
  percentage: number;
  /**
   * Only on the Others entry: what it gathers, biggest first (ties by name), so the legend can open it.
   * `rest` sums whatever lies past the first OTHERS_FOLDED_MAX categories; null when nothing does.
   */
  folded?: { categories: FoldedCategory[]; rest: FoldedRest | null };
}

export interface ExpenseBreakdown {
  preset: PresetInfo;
  totalSpent: number;
  breakdown: BreakdownItem[];
}

/** The name of the bucket that gathers every category after the top three. */
export const OTHERS_CATEGORY = 'Others';

/** The most categories an Others entry lists one by one; a user may have thousands, the rest is one line. */
export const OTHERS_FOLDED_MAX = 50;
