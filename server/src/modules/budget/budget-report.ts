import { fromCents, type ReportBudgetResult } from '@finailytics/shared';
import type { Db } from '../../db/client';
import type { DateSpan } from '../analytics/date-range';
import { listBudgetsByUser } from './budget.repository';
import { periodSpan } from './budget-period';
import { computeBudgetFigures } from './budget-status';

/**
 * The budgets whose period is exactly the report's (monthly budgets in a monthly report, weekly ones
 * in a weekly report), with their figures for it: rollover included, as the app showed them.
 */
export async function reportBudgetResults(db: Db, userId: string, span: DateSpan): Promise<ReportBudgetResult[]> {
  const rows = (await listBudgetsByUser(db, userId)).filter((row) => {
    const own = periodSpan(row.period, span.from);
    return own.from === span.from && own.to === span.to;
  });
  const figures = await computeBudgetFigures(db, userId, rows, span.from, span.to);
  return rows.map((row, index) => {
    const { budgetedCents = 0, spentCents = 0 } = figures[index] ?? {};
    return {
      categoryName: row.categoryName,
      budgeted: fromCents(budgetedCents),
      spent: fromCents(spentCents),
      remaining: fromCents(budgetedCents - spentCents),
      percent: budgetedCents > 0 ? Math.round((spentCents / budgetedCents) * 10_000) / 100 : null,
      overBudget: spentCents > budgetedCents,
    };
  });
}
