import { CHART_GRANULARITIES } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { chartTickLabel, GRANULARITY_CAPTIONS } from './chart-labels';

describe('chartTickLabel', () => {
  it('names days and weeks by day, months by month and year', () => {
    expect(chartTickLabel('2026-03-09', 'day')).toBe('Mar 9');
    expect(chartTickLabel('2026-03-09', 'week')).toBe('Mar 9');
    expect(chartTickLabel('2026-03-01', 'month')).toBe('Mar 26');
  });

  it('names quarters, even one dated by a first bucket that starts mid-quarter', () => {
    expect(chartTickLabel('2026-01-01', 'quarter')).toBe('Q1 2026');
    expect(chartTickLabel('2026-08-15', 'quarter')).toBe('Q3 2026');
    expect(chartTickLabel('1900-10-01', 'quarter')).toBe('Q4 1900');
  });

  it('names years by the year alone', () => {
    expect(chartTickLabel('2100-01-01', 'year')).toBe('2100');
    expect(chartTickLabel('1900-06-30', 'year')).toBe('1900');
  });

  it('has a caption for every granularity the server may answer with', () => {
    expect(CHART_GRANULARITIES.map((granularity) => GRANULARITY_CAPTIONS[granularity])).toEqual([
      'by day',
      'by week',
      'by month',
      'by quarter',
      'by year',
    ]);
  });
});
