import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduler, type SchedulerLogger } from './scheduler';
import { wakeJob } from './wake';

function recordingLogger() {
  const errors: Array<{ object: object; message: string }> = [];
  const logger: SchedulerLogger = {
    debug: () => {},
    info: () => {},
    error: (object, message) => errors.push({ object, message }),
  };
  return { logger, errors };
}

/** A promise the test settles by hand, to hold a job mid-run. */
function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createScheduler', () => {
  it('runs every job once at start, then once per interval', async () => {
    const runs = { a: 0, b: 0 };
    const scheduler = createScheduler({
      jobs: [
        { name: 'a', run: async () => runs.a++ },
        { name: 'b', run: async () => runs.b++ },
      ],
      intervalSeconds: 60,
      logger: recordingLogger().logger,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual({ a: 1, b: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual({ a: 2, b: 2 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(runs).toEqual({ a: 4, b: 4 });
    await scheduler.stop();
  });

  it('never starts a job again while it is still running', async () => {
    const gate = deferred();
    let started = 0;
    const scheduler = createScheduler({
      jobs: [
        {
          name: 'slow',
          run: async () => {
            started++;
            await gate.promise;
          },
        },
      ],
      intervalSeconds: 1,
      logger: recordingLogger().logger,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started).toBe(1);
    gate.resolve();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(2);
    await scheduler.stop();
  });

  it('logs a failing job and keeps running it on schedule', async () => {
    const { logger, errors } = recordingLogger();
    let attempts = 0;
    const scheduler = createScheduler({
      jobs: [
        {
          name: 'flaky',
          run: async () => {
            attempts++;
            throw new Error('database away');
          },
        },
      ],
      intervalSeconds: 10,
      logger,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(attempts).toBe(2);
    expect(errors).toHaveLength(2);
    expect(errors[0]?.message).toBe('job failed');
    expect(errors[0]?.object).toMatchObject({ job: 'flaky', err: expect.any(Error) });
    await scheduler.stop();
  });

  it('runs once and sets no timer when the interval is 0', async () => {
    let runs = 0;
    const scheduler = createScheduler({
      jobs: [{ name: 'once', run: async () => runs++ }],
      intervalSeconds: 0,
      logger: recordingLogger().logger,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(runs).toBe(1);
    await scheduler.stop();
  });

  it('stop waits for a running job and then runs nothing more', async () => {
    const gate = deferred();
    let finished = false;
    let runs = 0;
    const scheduler = createScheduler({
      jobs: [
        {
          name: 'busy',
          run: async () => {
            runs++;
            await gate.promise;
            finished = true;
          },
        },
      ],
      intervalSeconds: 1,
      logger: recordingLogger().logger,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
  });

  it('runOnce resolves when the round has finished', async () => {
    const order: string[] = [];
    const scheduler = createScheduler({
      jobs: [{ name: 'job', run: async () => order.push('ran') }],
      intervalSeconds: 0,
      logger: recordingLogger().logger,
    });
    await scheduler.runOnce();
    order.push('after');
    expect(order).toEqual(['ran', 'after']);
  });
});

describe('Scheduler.kick', () => {
  it('runs a woken job between rounds, once more after a run it interrupted, and not after stop', async () => {
    const runs = { 'recurring-transactions': 0, other: 0 };
    let hold = deferred();
    const scheduler = createScheduler({
      jobs: [
        {
          name: 'recurring-transactions',
          run: async () => {
            runs['recurring-transactions']++;
            await hold.promise;
          },
        },
        { name: 'other', run: async () => runs.other++ },
      ],
      intervalSeconds: 3600,
      logger: recordingLogger().logger,
    });
    wakeJob('recurring-transactions');
    expect(runs['recurring-transactions']).toBe(0);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual({ 'recurring-transactions': 1, other: 1 });
    // Woken twice while running: one more run once this one ends, not two, and never two at once.
    wakeJob('recurring-transactions');
    wakeJob('recurring-transactions');
    const first = hold;
    hold = deferred();
    first.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs['recurring-transactions']).toBe(2);
    hold.resolve();
    await vi.advanceTimersByTimeAsync(0);
    wakeJob('recurring-transactions');
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual({ 'recurring-transactions': 3, other: 1 });
    scheduler.kick('unknown');
    await scheduler.stop();
    wakeJob('recurring-transactions');
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual({ 'recurring-transactions': 3, other: 1 });
  });
});
