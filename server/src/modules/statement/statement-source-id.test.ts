import type { StatementRow } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { normalisePayee, statementRowSourceIds } from './statement-source-id';

const row = (overrides: Partial<StatementRow>): StatementRow => ({
  date: '2026-01-03',
  amountCents: -350,
  payee: 'Pret A Manger',
  memo: '',
  fitId: null,
  checkNumber: null,
  ...overrides,
});

describe('statementRowSourceIds', () => {
  it("uses the bank's FITID when there is one", () => {
    expect(statementRowSourceIds([row({ fitId: 'ABC-1' })])).toEqual(['fitid:ABC-1']);
  });

  it('tells identical rows apart by their position, the same way in every file', () => {
    const first = statementRowSourceIds([row({}), row({ payee: 'PRET  a manger' }), row({ amountCents: -351 })]);
    expect(new Set(first).size).toBe(3);
    // The next statement repeats the day: the same rows get the same ids.
    const again = statementRowSourceIds([row({ payee: 'Prêt à Manger' }), row({}), row({ date: '2026-01-04' })]);
    expect(again.slice(0, 2)).toEqual(first.slice(0, 2));
    expect(again[2]).not.toBe(first[2]);
    expect(first[0]).toMatch(/^hash:[0-9a-f]{32}$/);
  });

  it('ignores memo and check number, which banks change between exports', () => {
    expect(statementRowSourceIds([row({ memo: 'Contactless' })])).toEqual(statementRowSourceIds([row({})]));
  });
});

describe('normalisePayee', () => {
  it('drops case, accents and punctuation', () => {
    expect(normalisePayee('  Café-Müller, S.A. ')).toBe('cafe muller s a');
  });
});
