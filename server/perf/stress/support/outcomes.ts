import { type LatencySummary, summarizeLatencies } from '../../bench/stats';

/** What one call got: an HTTP status and tRPC code, or a transport failure (no answer at all). */
export interface Outcome {
  operation: string;
  /** 0 when no HTTP answer came back. */
  status: number;
  /** tRPC error code, 'OK', or the transport error's code (ECONNREFUSED, UND_ERR_SOCKET, …). */
  code: string;
  startedAt: number;
  ms: number;
}

export interface OperationSummary {
  calls: number;
  /** Calls per status (or transport error code), e.g. { '200': 9120, '503': 12 }. */
  statuses: Record<string, number>;
  latency: LatencySummary;
}

/** The name a transport failure goes by: undici wraps the socket error in `cause`. */
export function transportCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code ?? (error as Error).name ?? 'ERROR';
}

/** Collects every call a stress test makes, so its figures come from all of them, not a sample. */
export class OutcomeLog {
  readonly outcomes: Outcome[] = [];

  /** Times `run`, which answers with a status and code; a thrown error is recorded as a transport failure. */
  async record<T extends { status: number; code: string }>(
    operation: string,
    run: () => Promise<T>,
  ): Promise<T | null> {
    const startedAt = performance.now();
    try {
      const result = await run();
      this.outcomes.push({
        operation,
        status: result.status,
        code: result.code,
        startedAt,
        ms: performance.now() - startedAt,
      });
      return result;
    } catch (error) {
      this.outcomes.push({
        operation,
        status: 0,
        code: transportCode(error),
        startedAt,
        ms: performance.now() - startedAt,
      });
      return null;
    }
  }

  count(predicate: (outcome: Outcome) => boolean): number {
    return this.outcomes.reduce((total, outcome) => total + (predicate(outcome) ? 1 : 0), 0);
  }

  summary(filter: (outcome: Outcome) => boolean = () => true): Record<string, OperationSummary> {
    const groups = new Map<string, Outcome[]>();
    for (const outcome of this.outcomes.filter(filter)) {
      groups.set(outcome.operation, [...(groups.get(outcome.operation) ?? []), outcome]);
    }
    groups.set('all', this.outcomes.filter(filter));
    const summary: Record<string, OperationSummary> = {};
    for (const [operation, outcomes] of groups) {
      const statuses: Record<string, number> = {};
      for (const outcome of outcomes) {
        const key = outcome.status ? String(outcome.status) : outcome.code;
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
      summary[operation] = { calls: outcomes.length, statuses, latency: summarizeLatencies(outcomes.map((o) => o.ms)) };
    }
    return summary;
  }
}
