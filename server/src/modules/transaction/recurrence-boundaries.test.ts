import { describe, expect, it } from 'vitest';
import { dueOccurrences, nextOccurrenceWithin, occurrenceAfter, occurrenceDate } from './recurrence';

/*
 * The edges of a series, on the pure date functions: the day an occurrence falls on, the end date, the
 * batch limit, and `today` itself.
 */

describe('occurrenceDate', () => {
  it('steps a day, a week, a month or a year per occurrence from the start date', () => {
    expect(occurrenceDate('2026-01-31', 'DAILY', 3)).toBe('2026-02-03');
    expect(occurrenceDate('2026-01-31', 'WEEKLY', 3)).toBe('2026-02-21');
    expect(occurrenceDate('2026-01-31', 'MONTHLY', 3)).toBe('2026-04-30');
    expect(occurrenceDate('2026-01-31', 'YEARLY', 3)).toBe('2029-01-31');
    expect(occurrenceDate('2026-01-31', 'MONTHLY', 0)).toBe('2026-01-31');
  });
});

describe('occurrenceAfter', () => {
  it('skips an `after` that is itself an occurrence, for every interval', () => {
    expect(occurrenceAfter('2026-01-01', 'DAILY', '2026-03-01')).toBe('2026-03-02');
    expect(occurrenceAfter('2026-01-01', 'WEEKLY', '2026-03-05')).toBe('2026-03-12');
    expect(occurrenceAfter('2026-01-15', 'MONTHLY', '2026-06-15')).toBe('2026-07-15');
    expect(occurrenceAfter('2020-06-15', 'YEARLY', '2026-06-15')).toBe('2027-06-15');
  });

  it('finds the occurrence in the same month or year as `after` when it is still ahead', () => {
    expect(occurrenceAfter('2026-01-31', 'MONTHLY', '2026-03-15')).toBe('2026-03-31');
    expect(occurrenceAfter('2020-06-15', 'YEARLY', '2023-06-01')).toBe('2023-06-15');
    expect(occurrenceAfter('2020-12-15', 'YEARLY', '2023-01-10')).toBe('2023-12-15');
  });

  it('lands exactly on series that are decades old', () => {
    expect(occurrenceAfter('1950-03-10', 'DAILY', '2026-05-20')).toBe('2026-05-21');
    expect(occurrenceAfter('1950-03-10', 'WEEKLY', '2026-05-20')).toBe('2026-05-22');
    expect(occurrenceAfter('1950-03-10', 'MONTHLY', '2026-05-20')).toBe('2026-06-10');
    expect(occurrenceAfter('1950-03-10', 'YEARLY', '2026-05-20')).toBe('2027-03-10');
    expect(occurrenceAfter('1950-12-31', 'MONTHLY', '2026-02-10')).toBe('2026-02-28');
  });
});

describe('nextOccurrenceWithin', () => {
  it('keeps an occurrence on the end date and drops the one after it', () => {
    expect(nextOccurrenceWithin('2026-01-10', 'MONTHLY', '2026-02-10', '2026-03-10')).toBe('2026-03-10');
    expect(nextOccurrenceWithin('2026-01-10', 'MONTHLY', '2026-02-10', '2026-03-09')).toBeNull();
  });

  it('has no end without an end date', () => {
    expect(nextOccurrenceWithin('2026-01-10', 'MONTHLY', '2026-02-10', null)).toBe('2026-03-10');
  });

  it('gives the next occurrence when the end date is further away', () => {
    expect(nextOccurrenceWithin('2026-01-10', 'DAILY', '2026-02-10', '2030-01-01')).toBe('2026-02-11');
  });
});

describe('dueOccurrences', () => {
  const weekly = { date: '2026-01-01', recurringInterval: 'WEEKLY', recurringEndDate: null } as const;

  it('includes an occurrence due today and stops before tomorrow’s', () => {
    expect(dueOccurrences({ ...weekly, nextRecurringDate: '2026-01-08' }, '2026-01-15')).toEqual({
      dates: ['2026-01-08', '2026-01-15'],
      next: '2026-01-22',
    });
    expect(dueOccurrences({ ...weekly, nextRecurringDate: '2026-01-08' }, '2026-01-14')).toEqual({
      dates: ['2026-01-08'],
      next: '2026-01-15',
    });
  });

  it('gives nothing before the next date, and keeps that date', () => {
    expect(dueOccurrences({ ...weekly, nextRecurringDate: '2026-01-08' }, '2026-01-07')).toEqual({
      dates: [],
      next: '2026-01-08',
    });
  });

  it('hands out exactly `limit` dates and says where the next batch starts', () => {
    expect(dueOccurrences({ ...weekly, nextRecurringDate: '2026-01-08' }, '2026-12-31', 2)).toEqual({
      dates: ['2026-01-08', '2026-01-15'],
      next: '2026-01-22',
    });
  });

  it('makes the occurrence on the end date, then ends the series', () => {
    const ending = { ...weekly, recurringEndDate: '2026-01-15', nextRecurringDate: '2026-01-08' };
    expect(dueOccurrences(ending, '2026-02-28')).toEqual({ dates: ['2026-01-08', '2026-01-15'], next: null });
    expect(dueOccurrences({ ...ending, nextRecurringDate: '2026-01-15' }, '2026-01-15')).toEqual({
      dates: ['2026-01-15'],
      next: null,
    });
  });

  it('ends a series whose stored next date is already past its end date, making nothing', () => {
    const ended = { ...weekly, recurringEndDate: '2026-01-14', nextRecurringDate: '2026-01-15' };
    expect(dueOccurrences(ended, '2026-02-28')).toEqual({ dates: [], next: null });
  });

  it('keeps a series going while its end date is ahead', () => {
    const ending = { ...weekly, recurringEndDate: '2026-12-31', nextRecurringDate: '2026-01-08' };
    expect(dueOccurrences(ending, '2026-01-08')).toEqual({ dates: ['2026-01-08'], next: '2026-01-15' });
  });
});
