import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Asks the kernel for a free port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port')),
      );
    });
  });
}

/** USER_HZ: the unit of /proc/<pid>/stat's CPU times, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface StartOptions {
  /** The script node runs, and its arguments. */
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  cwd: string;
  /** Give up waiting for /api/ready after this long. */
  timeoutMs?: number;
  /** Keep everything the process prints (multi-process tests read its log), not just the tail. */
  keepAllOutput?: boolean;
  /**
   * Run it in a process group of its own and signal the whole group: for launchers such as npm,
   * which do not pass signals on to the server they start.
   */
  processGroup?: boolean;
}

/** How a server process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A server process under test. Memory is read from /proc (Linux): the peak is the kernel's own
 * high-water mark (VmHWM), reset before a scenario through /proc/<pid>/clear_refs, so short spikes
 * between two samples are not missed.
 */
export class ServerProcess {
  readonly origin: string;
  readonly startupMs: number;
  /**
   * CPU time the process had used (user + system, every thread) when it first answered, in ms; null
   * without /proc. A busy machine stretches the wall-clock start-up far more than this.
   */
  startupCpuMs: number | null = null;
  /** Resolves when the process has ended. */
  readonly exited: Promise<ProcessExit>;
  #child: ChildProcess;
  #output: string[];
  #processGroup = false;

  private constructor(
    child: ChildProcess,
    origin: string,
    startupMs: number,
    output: string[],
    exited: Promise<ProcessExit>,
  ) {
    this.#child = child;
    this.origin = origin;
    this.startupMs = startupMs;
    this.#output = output;
    this.exited = exited;
  }

  /** Spawns the process and resolves once GET /api/ready answers 200, with the time that took. */
  static async start(options: StartOptions): Promise<ServerProcess> {
    const output: string[] = [];
    const started = performance.now();
    const child = spawn(process.execPath, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.processGroup ?? false,
    });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (!options.keepAllOutput && output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited: number | null | undefined;
    const exit = new Promise<ProcessExit>((resolve) =>
      child.once('exit', (code, signal) => {
        exited = code;
        resolve({ code, signal });
      }),
    );

    const origin = `http://127.0.0.1:${options.port}`;
    const deadline = started + (options.timeoutMs ?? 300_000);
    while (performance.now() < deadline) {
      if (exited !== undefined) {
        throw new Error(`Server exited (${exited}) before it was ready:\n${output.join('').slice(-4000)}`);
      }
      try {
        const response = await fetch(`${origin}/api/ready`);
        await response.arrayBuffer();
        if (response.status === 200) {
          const server = new ServerProcess(child, origin, performance.now() - started, output, exit);
          server.#processGroup = options.processGroup ?? false;
          const cpu = server.cpuSeconds();
          server.startupCpuMs = cpu === null ? null : cpu * 1000;
          return server;
        }
      } catch {
        // Not listening yet.
      }
      await sleep(10);
    }
    if (options.processGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
    throw new Error(`Server not ready after ${options.timeoutMs ?? 300_000} ms:\n${output.join('').slice(-4000)}`);
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** Resident memory now, in bytes (null where /proc is not available). */
  rssBytes(): number | null {
    return procStatus(this.pid, 'VmRSS');
  }

  /** Starts a new peak-memory window; false when the kernel does not support resetting it. */
  resetPeakRss(): boolean {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }

  /**
   * CPU time the process has used so far (user + system), in seconds, from /proc/<pid>/stat; null
   * where that is not available. CPU per request is what a busy neighbour changes least.
   */
  cpuSeconds(): number | null {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) in parentheses; utime and stime are 14th and 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return null;
    }
  }

  /** Highest resident memory since the last reset, in bytes. */
  peakRssBytes(): number | null {
    return procStatus(this.pid, 'VmHWM');
  }

  /** What the server printed lately, for error messages. */
  recentOutput(): string {
    return this.#output.join('').slice(-4000);
  }

  /** Everything kept of what the server printed (all of it with `keepAllOutput`). */
  output(): string {
    return this.#output.join('');
  }

  /** Sends a signal without waiting; `exited` tells when the process is gone. */
  signal(signal: NodeJS.Signals): void {
    this.#kill(signal);
  }

  #kill(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (this.#processGroup && pid !== undefined) {
      try {
        process.kill(-pid, signal);
      } catch {
        // The group has already ended.
      }
    } else {
      this.#child.kill(signal);
    }
  }

  /** SIGTERM (the server's graceful shutdown), then SIGKILL if it lingers. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.#kill('SIGTERM');
    const timer = setTimeout(() => this.#kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
