import type { Db } from '../db/client';
import type { Clock } from '../lib/clock';
import { materializeDueRecurringTransactions } from './recurring-transactions';
import type { ScheduledJob } from './scheduler';

export { createScheduler, type ScheduledJob, type Scheduler } from './scheduler';

/** Every background job the server runs; add new ones here. */
export function applicationJobs(deps: { db: Db; clock: Clock }): ScheduledJob[] {
  return [{ name: 'recurring-transactions', run: () => materializeDueRecurringTransactions(deps) }];
}
