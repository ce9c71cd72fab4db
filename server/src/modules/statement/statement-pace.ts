import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Reading a statement file is a pass over up to 5 MB of text and 20,000 rows. Done in one go it held
 * the event loop for over a second on a busy machine, so every request waited for one import. The
 * readers call `pace()` once per element, line or row; every `every` calls it gives the event loop a turn.
 */
export function pacer(every: number): () => Promise<void> | undefined {
  let calls = 0;
  return () => {
    calls++;
    return calls % every === 0 ? yieldToEventLoop() : undefined;
  };
}
