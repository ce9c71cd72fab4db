import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_LOOP_RESOLUTION_MS } from './settings';

/*
 * How long one call held the event loop. The app runs in the test's own process (app.inject), so a
 * timer due every EVENT_LOOP_RESOLUTION_MS fires late by as long as the loop was busy, which is what
 * every other request would have waited. Work on other threads (bcrypt's hashing on the libuv pool)
 * does not delay it, and neither does waiting.
 *
 * A late tick proves a block only when the process had a core. On a machine shared with other
 * processes (CI runs three test suites at once on two cores) the process can be descheduled, and the
 * tick fires late while the loop did nothing. The loop cannot have been busy for longer than its
 * thread spent on a CPU between two ticks, so each gap counts as the smaller of the two. On Linux that
 * is the main thread's own run time (/proc/self/task/<pid>/schedstat, in nanoseconds); elsewhere the
 * whole process's CPU time, which also counts the garbage collector's and libuv's threads and so can
 * only over-state a block, never hide one.
 *
 * A block that ends with the answer is seen only when the overdue tick runs, in the next timers
 * phase: the window closes after one short timer, which runs after the overdue tick.
 */

export interface Watched<T> {
  result: T;
  /** The longest stretch the loop could not run anything else, in milliseconds (0 when never late). */
  blockedMs: number;
}

const MAIN_THREAD_SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

function mainThreadCpuMs(): number | null {
  try {
    return Number(readFileSync(MAIN_THREAD_SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/** The main thread's CPU time in milliseconds (the whole process's where /proc is not there). */
export const cpuMsNow: () => number =
  mainThreadCpuMs() === null
    ? () => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1e3;
      }
    : () => mainThreadCpuMs() ?? 0;

/**
 * Runs `work` and reports the longest event-loop block while it ran. Build inputs before calling:
 * everything `work` does synchronously counts, so it should be the server's handling and no more.
 */
export async function watchLoop<T>(work: () => Promise<T>, settleMs = 1): Promise<Watched<T>> {
  let lastWall = performance.now();
  let lastCpu = cpuMsNow();
  let blockedMs = 0;
  const tick = () => {
    const wall = performance.now();
    const cpu = cpuMsNow();
    const late = wall - lastWall - EVENT_LOOP_RESOLUTION_MS;
    blockedMs = Math.max(blockedMs, Math.min(late, cpu - lastCpu));
    lastWall = wall;
    lastCpu = cpu;
  };
  const timer = setInterval(tick, EVENT_LOOP_RESOLUTION_MS);
  try {
    const result = await work();
    await sleep(settleMs);
    tick();
    return { result, blockedMs: Math.round(blockedMs) };
  } finally {
    clearInterval(timer);
  }
}
