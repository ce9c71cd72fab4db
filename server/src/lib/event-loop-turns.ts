import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * A turn of the event loop before every `perTurn`-th item of a loop, never before the first: a loop
 * over thousands of rows lets other requests run between its batches instead of holding the server.
 */
export function yieldEvery(perTurn: number, index: number): Promise<void> | undefined {
  return index > 0 && index % perTurn === 0 ? yieldToEventLoop() : undefined;
}
