import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/*
 * CPU time from /proc (Linux), to say where a load test's cycles went: per process (utime + stime of
 * /proc/<pid>/stat) and for the whole machine (/proc/stat), which on a shared machine includes
 * everyone else's work too.
 */

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds a process has used so far (user + system), or null once it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15, i.e. 11 and 12 after the state (field 3).
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return null;
  }
}

export interface MachineCpu {
  busy: number;
  total: number;
}

/** Jiffies the machine's CPUs spent busy and in all, since boot. */
export function machineCpu(): MachineCpu {
  const [line = ''] = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU seconds used by a set of processes between two readings; gone processes count what they had. */
export class CpuMeter {
  readonly #start = new Map<number, number>();
  readonly #machineStart = machineCpu();
  readonly #startedAt = performance.now();

  constructor(pids: Iterable<number>) {
    for (const pid of pids) {
      const seconds = processCpuSeconds(pid);
      if (seconds !== null) this.#start.set(pid, seconds);
    }
  }

  /** Seconds of CPU `pids` used since the meter started (processes it did not know count from 0). */
  used(pids: Iterable<number>): number {
    let total = 0;
    for (const pid of pids) {
      const now = processCpuSeconds(pid);
      if (now !== null) total += now - (this.#start.get(pid) ?? 0);
    }
    return total;
  }

  /** The share of all CPUs that was busy (anyone's work) since the meter started, 0–1. */
  machineBusy(): number {
    const now = machineCpu();
    const total = now.total - this.#machineStart.total;
    return total > 0 ? (now.busy - this.#machineStart.busy) / total : 0;
  }

  elapsedSeconds(): number {
    return (performance.now() - this.#startedAt) / 1000;
  }
}
