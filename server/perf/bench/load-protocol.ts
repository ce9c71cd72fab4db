import type { LatencySummary } from './stats';

/**
 * What the runner asks a load process to do, as plain data over the IPC channel: the load process
 * builds the requests itself, so nothing but JSON crosses between the two.
 */
export type RequestSpec =
  | { kind: 'get'; path: string; headers?: Record<string, string>; expect?: string }
  | { kind: 'post'; path: string; body: string; headers?: Record<string, string>; expect?: string }
  /** auth.login, each request with the next credentials in turn. */
  | { kind: 'login'; path: string; credentials: Array<{ email: string; password: string }> }
  /**
   * auth.refresh chains: each request takes a session's current refresh token from the pool and puts
   * the rotated one back, so every request is a real rotation. The pool holds one token per connection.
   */
  | { kind: 'refresh'; path: string; cookieName: string; tokens: string[] };

/** `expect`: text every successful answer must contain, so a wrong answer counts as a failure. */
export interface LoadJob {
  type: 'load';
  origin: string;
  request: RequestSpec;
  connections: number;
  /** Seconds; ignored when `amount` is given. */
  duration?: number;
  /** Total requests, spread over the connections. */
  amount?: number;
  /** Requests per second across all connections (a paced probe rather than a flood). */
  overallRate?: number;
}

/** One request sent by several connections at the same instant (e.g. one refresh token from ten tabs). */
export interface BurstJob {
  type: 'burst';
  origin: string;
  path: string;
  body: string;
  headers: Record<string, string>;
  count: number;
}

export type Job = LoadJob | BurstJob;

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  /** Successful (2xx) responses per second. */
  perSecond: number;
  latency: LatencySummary;
  /** Anything not 2xx, connection errors and timeouts; the runner fails the run when any is non-zero. */
  failures: number;
  firstFailure: string | null;
}

export interface BurstResult {
  statuses: number[];
  setCookies: string[][];
  wallMs: number;
  latencies: number[];
  bodies: string[];
}

export type JobResult = LoadResult | BurstResult;

export type WorkerMessage = { id: number; result: JobResult } | { id: number; error: string };
