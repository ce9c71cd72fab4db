/**
 * A write that leaves a background job work to do asks for it here; every started scheduler in
 * this process listens and runs that job soon (Scheduler.kick). In-process only, and safe with
 * several instances: the job itself locks rows with SKIP LOCKED, so whichever instance runs it
 * first does the work and the others pass it by; without a scheduler the next round picks it up.
 */
export type WakeableJob = 'recurring-transactions';

type Listener = (job: WakeableJob) => void;

const listeners = new Set<Listener>();

export function wakeJob(job: WakeableJob): void {
  for (const listener of listeners) listener(job);
}

/** Subscribes a listener; returns the function that unsubscribes it. */
export function onWakeJob(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
