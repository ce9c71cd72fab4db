/**
 * Runs background jobs in-process: every job once at start-up, then every `intervalSeconds`. The
 * jobs themselves are safe to run from several server instances at once (they lock rows with
 * SKIP LOCKED), so every instance runs the scheduler and no leader election is needed.
 */

import { type JobRun, recordJobRun } from '../lib/metrics';
import { onWakeJob } from './wake';

export interface ScheduledJob {
  /** Appears in log lines. */
  name: string;
  run: () => Promise<unknown>;
}

/** The pino methods the scheduler logs with (app.log fits). */
export interface SchedulerLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SchedulerOptions {
  jobs: ScheduledJob[];
  /** Seconds between rounds; 0 runs the jobs once at start-up and never again. */
  intervalSeconds: number;
  logger: SchedulerLogger;
  /** Told of every finished run (its job, outcome and duration); by default the process's /api/metrics. */
  onJobRun?: (run: JobRun) => void;
}

export interface Scheduler {
  /** Runs every job now, then every interval. Returns at once; the first round runs in the background. */
  start(): void;
  /**
   * Runs every job that is not already running and resolves when they have finished. A job still
   * busy from the previous round is skipped, never started twice.
   */
  runOnce(): Promise<void>;
  /**
   * Runs one job soon, outside the round: after a write that left it work (a recurring series
   * saved with a long backlog). A job already running runs once more when it finishes, so work
   * added during a run is not left for the next round. Unknown names and a stopped scheduler do nothing.
   */
  kick(name: string): void;
  /** Stops the timer and waits for running jobs to finish, so the database can close safely. */
  stop(): Promise<void>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { jobs, intervalSeconds, logger, onJobRun = recordJobRun } = options;
  const running = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let stopListening: (() => void) | undefined;

  async function runJob(job: ScheduledJob): Promise<void> {
    const startedAt = performance.now();
    let ok = true;
    try {
      const result = await job.run();
      logger.debug({ job: job.name, durationMs: Math.round(performance.now() - startedAt), result }, 'job finished');
    } catch (error) {
      ok = false;
      // A failing job is logged and tried again next round; it never takes the server down.
      logger.error({ job: job.name, durationMs: Math.round(performance.now() - startedAt), err: error }, 'job failed');
    }
    onJobRun({ job: job.name, ok, durationMs: performance.now() - startedAt });
  }

  /** Jobs kicked while they were running: each runs once more when its current run ends. */
  const kickedWhileRunning = new Set<string>();

  function launch(job: ScheduledJob): Promise<void> {
    const current = running.get(job.name);
    if (current) {
      logger.debug({ job: job.name }, 'job still running; skipping this round');
      return current;
    }
    const run = runJob(job).finally(() => {
      running.delete(job.name);
      if (kickedWhileRunning.delete(job.name) && !stopped) void launch(job);
    });
    running.set(job.name, run);
    return run;
  }

  function kick(name: string): void {
    const job = jobs.find((candidate) => candidate.name === name);
    if (!job || stopped) return;
    if (running.has(name)) kickedWhileRunning.add(name);
    else void launch(job);
  }

  async function runOnce(): Promise<void> {
    if (stopped) return;
    await Promise.all(jobs.map(launch));
  }

  return {
    start() {
      if (stopped || timer) return;
      logger.info(
        { jobs: jobs.map((job) => job.name), intervalSeconds },
        intervalSeconds > 0 ? 'scheduler started' : 'scheduler running jobs once (interval is 0)',
      );
      void runOnce();
      stopListening = onWakeJob(kick);
      if (intervalSeconds > 0) {
        timer = setInterval(() => void runOnce(), intervalSeconds * 1000);
        // The scheduler never keeps the process alive on its own.
        timer.unref();
      }
    },
    runOnce,
    kick,
    async stop() {
      stopped = true;
      stopListening?.();
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.all(running.values());
    },
  };
}
