import { type ImportRow, toCents } from '@finailytics/shared';
import { statementRowSourceIds } from '../statement/statement-source-id';

/**
 * The source id of each CSV row, computed as a statement row's without a bank id: date, signed
 * amount, payee (the row's title) and position among identical rows of the file. An overlapping
 * export of the same account therefore gives its shared rows the same ids, and a CSV row and a QIF
 * row for the same transaction the same id too. Read from the file's rows before any rule renames
 * them, so a re-import finds what a rule changed since.
 */
export function csvRowSourceIds(rows: readonly Pick<ImportRow, 'date' | 'type' | 'amount' | 'title'>[]): string[] {
  return statementRowSourceIds(
    rows.map((row) => {
      const cents = toCents(row.amount);
      return {
        date: row.date,
        amountCents: row.type === 'INCOME' ? cents : -cents,
        payee: row.title,
        memo: '',
        fitId: null,
        checkNumber: null,
      };
    }),
  );
}
