import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_LOOP_RESOLUTION_MS } from './settings';

/*
 * How long one call held the event loop. The app runs in the test's own process (app.inject), so a
 * delay histogram over the call's window sees exactly what every other request would have waited:
 * a timer due every EVENT_LOOP_RESOLUTION_MS fires late by as long as the loop was busy. Work on
 * other threads (bcrypt's hashing on the libuv pool) does not delay it, and neither does waiting.
 *
 * Two details of the histogram decide where the window starts and ends. After reset() the first
 * timer tick only records when it fired, so a block before that tick would go unseen: the window
 * opens one tick after the reset. And a block that ends with the answer is recorded only when the
 * overdue tick runs, in the next timers phase: the window closes after one short timer.
 */

const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
histogram.enable();

export interface Watched<T> {
  result: T;
  /** The longest stretch the loop could not run anything else, in milliseconds (0 when never late). */
  blockedMs: number;
}

/**
 * Runs `work` and reports the longest event-loop block while it ran. Build inputs before calling:
 * everything `work` does synchronously counts, so it should be the server's handling and no more.
 */
export async function watchLoop<T>(work: () => Promise<T>, settleMs = 1): Promise<Watched<T>> {
  histogram.reset();
  await sleep(EVENT_LOOP_RESOLUTION_MS + 1);
  const result = await work();
  await sleep(settleMs);
  // Each sample is the gap between two ticks, so an idle loop reads one resolution, not zero.
  const blockedMs = Math.max(0, Math.round(histogram.max / 1e6 - EVENT_LOOP_RESOLUTION_MS));
  return { result, blockedMs };
}
