import type { NetWorthPoint } from '@finailytics/shared';

/** The same calendar day a year before `date` ('YYYY-MM-DD'); 29 February falls back to the 28th. */
export function yearBefore(date: string): string {
  const [year, month, day] = date.split('-');
  const previousDay = month === '02' && day === '29' ? '28' : day;
  return `${Number(year) - 1}-${month}-${previousDay}`;
}

/** The last point of each month: the rows of the chart's table, one per month. */
export function monthEnds(points: NetWorthPoint[]): NetWorthPoint[] {
  const byMonth = new Map<string, NetWorthPoint>();
  for (const point of points) byMonth.set(point.date.slice(0, 7), point);
  return [...byMonth.values()];
}
