import { DEFAULT_BUDGET_ALERT_THRESHOLDS } from '@finailytics/shared';
import { and, asc, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { budgetAlertSettings, budgetAlerts, budgets, categories, users } from '../../db/schema';
import { type BudgetRow, budgetColumns } from './budget.repository';

const defaultThresholds = sql.raw(`'{${DEFAULT_BUDGET_ALERT_THRESHOLDS.join(',')}}'::smallint[]`);

export async function findAlertSettings(db: Db, userId: string) {
  const [row] = await db
    .select({ isEnabled: budgetAlertSettings.isEnabled, thresholds: budgetAlertSettings.thresholds })
    .from(budgetAlertSettings)
    .where(eq(budgetAlertSettings.userId, userId));
  return row;
}

export async function upsertAlertSettings(
  db: Db,
  userId: string,
  values: { isEnabled: boolean; thresholds: number[] },
  now: Date,
) {
  const [row] = await db
    .insert(budgetAlertSettings)
    .values({ userId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: budgetAlertSettings.userId, set: { ...values, updatedAt: now } })
    .returning({ isEnabled: budgetAlertSettings.isEnabled, thresholds: budgetAlertSettings.thresholds });
  if (!row) throw new Error('Alert settings upsert returned no row');
  return row;
}

export interface BudgetForAlerts extends BudgetRow {
  timezone: string;
  thresholds: number[];
}

/**
 * The next `limit` budgets after the (user, budget) key, with their owner's zone and thresholds
 * (the defaults when the owner never saved settings). Keyset order keeps a user's budgets together.
 */
export async function listBudgetsForAlerts(
  db: Db,
  after: { userId: string; id: string } | null,
  limit: number,
): Promise<BudgetForAlerts[]> {
  return db
    .select({
      ...budgetColumns,
      timezone: users.timezone,
      thresholds: sql<number[]>`coalesce(${budgetAlertSettings.thresholds}, ${defaultThresholds})`,
    })
    .from(budgets)
    .innerJoin(users, eq(users.id, budgets.userId))
    .leftJoin(categories, eq(categories.id, budgets.categoryId))
    .leftJoin(budgetAlertSettings, eq(budgetAlertSettings.userId, budgets.userId))
    .where(after ? sql`(${budgets.userId}, ${budgets.id}) > (${after.userId}, ${after.id})` : undefined)
    .orderBy(asc(budgets.userId), asc(budgets.id))
    .limit(limit);
}

export interface NewBudgetAlert {
  userId: string;
  budgetId: string;
  periodStart: string;
  threshold: number;
  budgetedCents: number;
  spentCents: number;
}

/**
 * Records crossed thresholds; a (budget, period, threshold) that already has a row is left alone,
 * so with schedulers racing each alert is created once. New rows wait for delivery (PENDING, due
 * now); whether they are e-mailed is decided when one is leased. Returns how many were new.
 */
export async function insertAlertsOnce(db: Db, rows: NewBudgetAlert[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(budgetAlerts)
    .values(rows.map((row) => ({ ...row, status: 'PENDING' as const, nextAttemptAt: now, createdAt: now })))
    .onConflictDoNothing({
      target: [budgetAlerts.budgetId, budgetAlerts.periodStart, budgetAlerts.threshold],
    })
    .returning({ id: budgetAlerts.id });
  return inserted.length;
}

export interface LeasedBudgetAlert {
  id: string;
  attempts: number;
  threshold: number;
  periodStart: string;
  budgetedCents: number;
  spentCents: number;
  email: string;
  name: string;
  currency: string;
  emailVerified: boolean;
  alertsEnabled: boolean;
  period: 'WEEKLY' | 'MONTHLY';
  categoryName: string | null;
}

/**
 * Takes the next alert due for delivery and leases it (attempts + 1, next attempt at `leaseUntil`)
 * in one statement, as the reports do: SKIP LOCKED lets processes take different alerts, the lease
 * keeps one away from the others while it is sent and hands it back if its process dies.
 */
export async function leaseNextDueAlert(db: Db, now: Date, leaseUntil: Date): Promise<LeasedBudgetAlert | undefined> {
  const due = db
    .select({ id: budgetAlerts.id })
    .from(budgetAlerts)
    .where(and(sql`${budgetAlerts.status} in ('PENDING', 'FAILED')`, lte(budgetAlerts.nextAttemptAt, now)))
    .orderBy(budgetAlerts.nextAttemptAt)
    .limit(1)
    .for('update', { skipLocked: true });
  const [leased] = await db
    .update(budgetAlerts)
    .set({ status: 'PENDING', attempts: sql`${budgetAlerts.attempts} + 1`, nextAttemptAt: leaseUntil })
    .where(eq(budgetAlerts.id, sql`(${due})`))
    .returning({ id: budgetAlerts.id });
  if (!leased) return undefined;
  const [row] = await db
    .select({
      id: budgetAlerts.id,
      attempts: budgetAlerts.attempts,
      threshold: budgetAlerts.threshold,
      periodStart: budgetAlerts.periodStart,
      budgetedCents: budgetAlerts.budgetedCents,
      spentCents: budgetAlerts.spentCents,
      email: users.email,
      name: users.name,
      currency: users.currency,
      emailVerified: sql<boolean>`${users.emailVerifiedAt} is not null`,
      alertsEnabled: sql<boolean>`coalesce(${budgetAlertSettings.isEnabled}, true)`,
      period: budgets.period,
      categoryName: categories.name,
    })
    .from(budgetAlerts)
    .innerJoin(users, eq(users.id, budgetAlerts.userId))
    .innerJoin(budgets, eq(budgets.id, budgetAlerts.budgetId))
    .leftJoin(categories, eq(categories.id, budgets.categoryId))
    .leftJoin(budgetAlertSettings, eq(budgetAlertSettings.userId, budgetAlerts.userId))
    .where(eq(budgetAlerts.id, leased.id));
  return row;
}

/** Records an outcome; only the holder of the lease (same attempt number) may. */
export async function markAlertOutcome(
  db: Db,
  id: string,
  attempt: number,
  outcome:
    | { status: 'SENT'; now: Date }
    | { status: 'SKIPPED' }
    | { status: 'FAILED'; error: string; retryAt: Date | null },
): Promise<void> {
  const set =
    outcome.status === 'SENT'
      ? { status: 'SENT' as const, sentAt: outcome.now, nextAttemptAt: null, lastError: null }
      : outcome.status === 'SKIPPED'
        ? { status: 'SKIPPED' as const, nextAttemptAt: null }
        : { status: 'FAILED' as const, lastError: outcome.error.slice(0, 500), nextAttemptAt: outcome.retryAt };
  await db
    .update(budgetAlerts)
    .set(set)
    .where(and(eq(budgetAlerts.id, id), eq(budgetAlerts.attempts, attempt)));
}

export async function listRecentAlerts(db: Db, userId: string, limit: number) {
  return db
    .select({
      id: budgetAlerts.id,
      budgetId: budgetAlerts.budgetId,
      categoryName: categories.name,
      period: budgets.period,
      periodStart: budgetAlerts.periodStart,
      threshold: budgetAlerts.threshold,
      budgetedCents: budgetAlerts.budgetedCents,
      spentCents: budgetAlerts.spentCents,
      status: budgetAlerts.status,
      createdAt: budgetAlerts.createdAt,
      dismissedAt: budgetAlerts.dismissedAt,
    })
    .from(budgetAlerts)
    .innerJoin(budgets, eq(budgets.id, budgetAlerts.budgetId))
    .leftJoin(categories, eq(categories.id, budgets.categoryId))
    .where(and(eq(budgetAlerts.userId, userId), isNull(budgetAlerts.dismissedAt)))
    .orderBy(desc(budgetAlerts.createdAt), desc(budgetAlerts.threshold))
    .limit(limit);
}

export async function dismissAlertRow(db: Db, userId: string, id: string, now: Date): Promise<boolean> {
  const updated = await db
    .update(budgetAlerts)
    .set({ dismissedAt: sql`coalesce(${budgetAlerts.dismissedAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(budgetAlerts.id, id), eq(budgetAlerts.userId, userId)))
    .returning({ id: budgetAlerts.id });
  return updated.length > 0;
}
