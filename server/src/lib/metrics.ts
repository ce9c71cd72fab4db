import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Metrics that belong to the process rather than to one Fastify app: Node.js's own (CPU, memory,
 * event-loop delay, garbage collection), the scheduler's job runs and the receipt reader's queue. /api/metrics (plugins/metrics.ts)
 * serves them next to the app's request and pool metrics. Created on first use, so importing this
 * module starts nothing.
 */

export const METRICS_PREFIX = 'finailytics_';

interface ProcessMetrics {
  registry: Registry;
  jobRuns: Counter<'job' | 'outcome'>;
  jobDuration: Histogram<'job'>;
  receiptScans: Counter<'outcome'>;
  receiptScanDuration: Histogram;
  receiptScansInFlight: Gauge;
}

let processMetrics: ProcessMetrics | undefined;

export function processMetricsRegistry(): Registry {
  return ensureProcessMetrics().registry;
}

function ensureProcessMetrics(): ProcessMetrics {
  if (processMetrics) return processMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  processMetrics = {
    registry,
    jobRuns: new Counter({
      name: `${METRICS_PREFIX}job_runs_total`,
      help: 'Scheduled job runs by job and outcome (ok or failed).',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: `${METRICS_PREFIX}job_duration_seconds`,
      help: 'How long each scheduled job run took, failed ones included.',
      labelNames: ['job'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    receiptScans: new Counter({
      name: `${METRICS_PREFIX}receipt_scans_total`,
      help: 'Receipt scans by outcome: read, busy (turned away, the queue was full) or failed.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    receiptScanDuration: new Histogram({
      name: `${METRICS_PREFIX}receipt_scan_duration_seconds`,
      help: 'How long a receipt scan took from the queue to the draft, waiting included.',
      buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30],
      registers: [registry],
    }),
    receiptScansInFlight: new Gauge({
      name: `${METRICS_PREFIX}receipt_scans_in_flight`,
      help: 'Receipt scans being read or waiting in the queue for a recogniser.',
      registers: [registry],
    }),
  };
  return processMetrics;
}

/** What the scheduler reports after each job run. */
export interface JobRun {
  job: string;
  ok: boolean;
  durationMs: number;
}

/** Counts a job run and its duration; the scheduler calls it after every run. */
export function recordJobRun(run: JobRun): void {
  const metrics = ensureProcessMetrics();
  metrics.jobRuns.inc({ job: run.job, outcome: run.ok ? 'ok' : 'failed' });
  metrics.jobDuration.observe({ job: run.job }, run.durationMs / 1000);
}

/** The receipt reader's queue: how many scans it holds now (being read or waiting). */
export function recordReceiptScansInFlight(count: number): void {
  ensureProcessMetrics().receiptScansInFlight.set(count);
}

/** Counts a finished (or refused) receipt scan; a refused one has no duration. */
export function recordReceiptScan(outcome: 'read' | 'busy' | 'failed', durationMs?: number): void {
  const metrics = ensureProcessMetrics();
  metrics.receiptScans.inc({ outcome });
  if (durationMs !== undefined) metrics.receiptScanDuration.observe(durationMs / 1000);
}
