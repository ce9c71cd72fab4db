import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BurstJob, BurstResult, Job, JobResult, LoadJob, LoadResult, WorkerMessage } from './load-protocol';

const WORKER_FILE = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** A load-generating process the runner sends jobs to; several can run at once. */
export class LoadProcess {
  #child: ChildProcess;
  #nextId = 1;
  #pending = new Map<number, { resolve: (result: JobResult) => void; reject: (error: Error) => void }>();

  constructor() {
    // The runner runs under tsx; forking with its execArgv lets the worker load TypeScript too.
    this.#child = fork(WORKER_FILE, [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (message: WorkerMessage) => {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if ('error' in message) pending.reject(new Error(`Load process failed: ${message.error}`));
      else pending.resolve(message.result);
    });
    this.#child.on('exit', (code) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`Load process exited (${code})`));
      this.#pending.clear();
    });
  }

  #send(job: Job): Promise<JobResult> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ id, job });
    });
  }

  /**
   * Runs a load and returns its figures. Any failed request (non-2xx, connection error, timeout)
   * fails the whole benchmark: a figure measured over errors would be meaningless.
   */
  async load(job: Omit<LoadJob, 'type'>, label: string): Promise<LoadResult> {
    const result = (await this.#send({ type: 'load', ...job })) as LoadResult;
    if (result.failures > 0) {
      throw new Error(
        `${label}: ${result.failures} of ${result.requests} requests failed. First: ${result.firstFailure}`,
      );
    }
    if (result.requests === 0) throw new Error(`${label}: not one response within the run (the server stalled)`);
    return result;
  }

  burst(job: Omit<BurstJob, 'type'>): Promise<BurstResult> {
    return this.#send({ type: 'burst', ...job }) as Promise<BurstResult>;
  }

  close(): void {
    if (this.#child.connected) this.#child.disconnect();
  }
}
