import type { StatementRow } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { statementRowSourceIds } from '../statement/statement-source-id';
import { csvRowSourceIds } from './transaction.csv-source-ids';

const statementRow = (date: string, amountCents: number, payee: string): StatementRow => ({
  date,
  amountCents,
  payee,
  memo: '',
  fitId: null,
  checkNumber: null,
});

describe('csvRowSourceIds', () => {
  it('gives each CSV row the id of the statement row for the same transaction: money out negative, in positive', () => {
    const ids = csvRowSourceIds([
      { date: '2026-03-01', type: 'EXPENSE', amount: 3.5, title: 'Café Nero' },
      { date: '2026-03-01', type: 'INCOME', amount: 2500, title: 'Salary' },
      { date: '2026-03-01', type: 'EXPENSE', amount: 3.5, title: 'Café Nero' },
    ]);
    expect(ids).toEqual(
      statementRowSourceIds([
        statementRow('2026-03-01', -350, 'Café Nero'),
        statementRow('2026-03-01', 250_000, 'Salary'),
        statementRow('2026-03-01', -350, 'Café Nero'),
      ]),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('tells an expense from an income of the same amount', () => {
    const [expense, income] = csvRowSourceIds([
      { date: '2026-03-01', type: 'EXPENSE', amount: 10, title: 'Refund' },
      { date: '2026-03-01', type: 'INCOME', amount: 10, title: 'Refund' },
    ]);
    expect(expense).toBe(statementRowSourceIds([statementRow('2026-03-01', -1000, 'Refund')])[0]);
    expect(income).toBe(statementRowSourceIds([statementRow('2026-03-01', 1000, 'Refund')])[0]);
  });
});
