import type { Db } from '../db/client';
import { vacuumWhereNeeded } from '../db/maintenance';
import type { Clock } from '../lib/clock';
import type { Mailer } from '../lib/mailer';
import { pruneEndedSessions, pruneExpiredAccountTokens } from '../modules/auth/prune.job';
import { runBudgetAlerts } from '../modules/budget/budget-alert.job';
import { pruneReceipts } from '../modules/receipt/receipt.job';
import { type ReportJobLogger, runDueReports } from '../modules/report/report.job';
import { materializeDueRecurringTransactions } from '../modules/transaction/recurrence.job';
import { pruneExpiredUndos } from '../modules/transaction/undo.job';
import type { ScheduledJob } from './scheduler';

export { createScheduler, type ScheduledJob, type Scheduler } from './scheduler';

/** Every background job the server runs; add new ones here. */
export function applicationJobs(deps: {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger?: ReportJobLogger;
  /** The embedded database has no autovacuum of its own; the scheduler stands in for it. */
  embeddedDatabase?: boolean;
}): ScheduledJob[] {
  const maintenance: ScheduledJob[] = deps.embeddedDatabase
    ? [{ name: 'vacuum-embedded-database', run: () => vacuumWhereNeeded(deps.db) }]
    : [];
  return [
    ...maintenance,
    { name: 'recurring-transactions', run: () => materializeDueRecurringTransactions(deps) },
    { name: 'reports', run: () => runDueReports(deps) },
    { name: 'budget-alerts', run: () => runBudgetAlerts(deps) },
    { name: 'prune-ended-sessions', run: () => pruneEndedSessions(deps) },
    { name: 'prune-expired-account-tokens', run: () => pruneExpiredAccountTokens(deps) },
    { name: 'prune-expired-undos', run: () => pruneExpiredUndos(deps) },
    { name: 'prune-receipts', run: () => pruneReceipts(deps) },
  ];
}
