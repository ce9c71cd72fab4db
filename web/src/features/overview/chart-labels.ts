import type { ChartGranularity } from '@finailytics/shared';
import { formatDate } from '../../lib/format';

/** What the chart's axis shows for a bucket dated `date` ('YYYY-MM-DD', the bucket's first day in the period). */
export function chartTickLabel(date: string, granularity: ChartGranularity): string {
  const year = date.slice(0, 4);
  switch (granularity) {
    case 'day':
    case 'week':
      return formatDate(date, { month: 'short', day: 'numeric' });
    case 'month':
      return formatDate(date, { month: 'short', year: '2-digit' });
    case 'quarter':
      return `Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1} ${year}`;
    case 'year':
      return year;
  }
}

/** The caption beside the chart's title: "by day", "by quarter"… */
export const GRANULARITY_CAPTIONS: Record<ChartGranularity, string> = {
  day: 'by day',
  week: 'by week',
  month: 'by month',
  quarter: 'by quarter',
  year: 'by year',
};
