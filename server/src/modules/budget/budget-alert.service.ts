import {
  BUDGET_ALERTS_LIST_LIMIT,
  type BudgetAlert,
  type BudgetAlertSettings,
  DEFAULT_BUDGET_ALERT_THRESHOLDS,
  fromCents,
  type UpdateBudgetAlertSettingsInput,
} from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { notFound } from '../../lib/errors';
import { retryTime } from '../report/report.service';
import {
  dismissAlertRow,
  findAlertSettings,
  type LeasedBudgetAlert,
  listRecentAlerts,
  markAlertOutcome,
  upsertAlertSettings,
} from './budget-alert.repository';
import { renderBudgetAlertEmail } from './budget-alert-email';

type AlertDeps = Pick<AppDeps, 'db' | 'clock'>;

/** How long a process may take to send one alert before another may try it again. */
export const BUDGET_ALERT_LEASE_MS = 10 * 60_000;

export async function getAlertSettings(deps: Pick<AppDeps, 'db'>, userId: string): Promise<BudgetAlertSettings> {
  const row = await findAlertSettings(deps.db, userId);
  return row ?? { isEnabled: true, thresholds: [...DEFAULT_BUDGET_ALERT_THRESHOLDS] };
}

export async function updateAlertSettings(
  deps: AlertDeps,
  userId: string,
  input: UpdateBudgetAlertSettingsInput,
): Promise<BudgetAlertSettings> {
  const current = await getAlertSettings(deps, userId);
  const next = {
    isEnabled: input.isEnabled ?? current.isEnabled,
    thresholds: input.thresholds ? [...input.thresholds].sort((a, b) => a - b) : current.thresholds,
  };
  return upsertAlertSettings(deps.db, userId, next, deps.clock.now());
}

/** The most recent alerts the user has not dismissed, newest first. */
export async function listAlerts(deps: Pick<AppDeps, 'db'>, userId: string): Promise<BudgetAlert[]> {
  const rows = await listRecentAlerts(deps.db, userId, BUDGET_ALERTS_LIST_LIMIT);
  return rows.map((row) => ({
    id: row.id,
    budgetId: row.budgetId,
    categoryName: row.categoryName,
    period: row.period,
    periodStart: row.periodStart,
    threshold: row.threshold,
    budgeted: fromCents(row.budgetedCents),
    spent: fromCents(row.spentCents),
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    dismissedAt: row.dismissedAt?.toISOString() ?? null,
  }));
}

export async function dismissAlert(deps: AlertDeps, userId: string, id: string): Promise<{ id: string }> {
  if (!(await dismissAlertRow(deps.db, userId, id, deps.clock.now()))) throw notFound('Alert');
  return { id };
}

/**
 * E-mails a leased alert and records the outcome. Nothing is sent to an unverified address or
 * when the user has turned alerts off (checked now, at delivery, not when the threshold was
 * crossed): the alert is SKIPPED and stays in the app. A mail failure schedules a retry as reports do.
 */
export async function deliverBudgetAlert(
  deps: Pick<AppDeps, 'db' | 'clock' | 'mailer'>,
  alert: LeasedBudgetAlert,
): Promise<{ status: 'SENT' | 'FAILED' | 'SKIPPED'; error?: string }> {
  if (!alert.emailVerified || !alert.alertsEnabled) {
    await markAlertOutcome(deps.db, alert.id, alert.attempts, { status: 'SKIPPED' });
    return { status: 'SKIPPED' };
  }
  try {
    await deps.mailer.send(renderBudgetAlertEmail(alert));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retryAt = retryTime(alert.attempts, deps.clock.now());
    await markAlertOutcome(deps.db, alert.id, alert.attempts, { status: 'FAILED', error: message, retryAt });
    return { status: 'FAILED', error: message };
  }
  await markAlertOutcome(deps.db, alert.id, alert.attempts, { status: 'SENT', now: deps.clock.now() });
  return { status: 'SENT' };
}
