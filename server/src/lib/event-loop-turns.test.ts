import { describe, expect, it } from 'vitest';
import { yieldEvery } from './event-loop-turns';

/** Whether a callback queued for the next turn ran while the loop went through `count` items. */
async function turnTaken(count: number, perTurn: number) {
  let ran = false;
  setImmediate(() => {
    ran = true;
  });
  for (let index = 0; index < count; index++) await yieldEvery(perTurn, index);
  return ran;
}

describe('yieldEvery', () => {
  it('gives the event loop a turn before every perTurn-th item, never before the first', async () => {
    expect(await turnTaken(1, 3)).toBe(false);
    expect(await turnTaken(3, 3)).toBe(false);
    expect(await turnTaken(4, 3)).toBe(true);
    expect(await turnTaken(500, 500)).toBe(false);
    expect(await turnTaken(501, 500)).toBe(true);
  });

  it('answers at once between turns, and a turn at each multiple', async () => {
    const turns = [0, 1, 2, 3, 4, 5, 6, 7].filter((index) => yieldEvery(3, index) !== undefined);
    expect(turns).toEqual([3, 6]);
  });
});
