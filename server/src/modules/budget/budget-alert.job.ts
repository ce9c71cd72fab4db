import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../../db/client';
import { calendarDateIn } from '../../lib/calendar';
import type { Clock } from '../../lib/clock';
import type { Mailer } from '../../lib/mailer';
import type { ReportJobLogger } from '../report/report.job';
import {
  type BudgetForAlerts,
  insertAlertsOnce,
  leaseNextDueAlert,
  listBudgetsForAlerts,
  type NewBudgetAlert,
} from './budget-alert.repository';
import { BUDGET_ALERT_LEASE_MS, deliverBudgetAlert } from './budget-alert.service';
import { computeBudgetFigures, thresholdReached } from './budget-status';

export interface BudgetAlertJobDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger?: ReportJobLogger;
}

export interface BudgetAlertJobResult {
  budgets: number;
  created: number;
  sent: number;
  skipped: number;
  failed: number;
}

/** Budgets read per statement; a user's budgets are evaluated with one grouped read each. */
const BUDGET_BATCH = 200;

/** The budgets of one user in a batch (the keyset order keeps them together). */
function byUser(rows: BudgetForAlerts[]): BudgetForAlerts[][] {
  const groups: BudgetForAlerts[][] = [];
  for (const row of rows) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.userId === row.userId) last.push(row);
    else groups.push([row]);
  }
  return groups;
}

/**
 * Step 1: every budget's current period (in its owner's zone) is checked against the owner's
 * thresholds, and each crossed threshold gets its alert row unless it has one: the unique
 * (budget, period, threshold) key makes this once-only across processes and restarts.
 */
export async function recordCrossedThresholds(
  deps: BudgetAlertJobDeps,
): Promise<Pick<BudgetAlertJobResult, 'budgets' | 'created'>> {
  const result = { budgets: 0, created: 0 };
  let after: { userId: string; id: string } | null = null;
  for (;;) {
    const rows = await listBudgetsForAlerts(deps.db, after, BUDGET_BATCH);
    const now = deps.clock.now();
    for (const group of byUser(rows)) {
      const first = group[0];
      if (!first) continue;
      const today = calendarDateIn(first.timezone, now);
      const figures = await computeBudgetFigures(deps.db, first.userId, group, today, today);
      const crossed: NewBudgetAlert[] = [];
      group.forEach((row, index) => {
        const figure = figures[index];
        if (!figure) return;
        for (const threshold of row.thresholds) {
          if (!thresholdReached(figure, threshold)) continue;
          crossed.push({
            userId: row.userId,
            budgetId: row.id,
            periodStart: figure.span.from,
            threshold,
            budgetedCents: figure.budgetedCents,
            spentCents: figure.spentCents,
          });
        }
      });
      result.created += await insertAlertsOnce(deps.db, crossed, now);
    }
    result.budgets += rows.length;
    const last = rows[rows.length - 1];
    if (!last || rows.length < BUDGET_BATCH) return result;
    after = { userId: last.userId, id: last.id };
    await yieldToEventLoop();
  }
}

/** Step 2: e-mails every alert due, one lease at a time (see leaseNextDueAlert). */
export async function deliverDueBudgetAlerts(
  deps: BudgetAlertJobDeps,
): Promise<Pick<BudgetAlertJobResult, 'sent' | 'skipped' | 'failed'>> {
  const result = { sent: 0, skipped: 0, failed: 0 };
  for (;;) {
    const now = deps.clock.now();
    const alert = await leaseNextDueAlert(deps.db, now, new Date(now.getTime() + BUDGET_ALERT_LEASE_MS));
    if (!alert) return result;
    const outcome = await deliverBudgetAlert(deps, alert);
    if (outcome.status === 'SENT') result.sent += 1;
    else if (outcome.status === 'SKIPPED') result.skipped += 1;
    else {
      result.failed += 1;
      deps.logger?.warn(
        { alertId: alert.id, attempt: alert.attempts, err: outcome.error },
        'budget alert e-mail failed',
      );
    }
  }
}

/** The scheduler's budget-alert job: records the thresholds crossed, then sends what is due. */
export async function runBudgetAlerts(deps: BudgetAlertJobDeps): Promise<BudgetAlertJobResult> {
  const result: BudgetAlertJobResult = {
    ...(await recordCrossedThresholds(deps)),
    ...(await deliverDueBudgetAlerts(deps)),
  };
  if (result.created + result.sent + result.failed > 0) deps.logger?.info({ ...result }, 'budget alerts processed');
  return result;
}
