import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { standaloneLogger } from '../../lib/logger';
import { createMemoryMailer, type Mailer } from '../../lib/mailer';
import { testEnv } from '../../test/env';
import { runInBackground, settleBackgroundTasks } from './background';
import { sendSecurityNotice } from './security-notice';

/*
 * Work started after the answer: when it starts, what settling waits for, how a failure is logged,
 * and the security notice that goes out that way.
 */

const env = testEnv();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runInBackground', () => {
  it('starts the task only after the promise chain under way has run, in a later turn of the event loop', async () => {
    const started: string[] = [];
    runInBackground(env, 'task', async () => {
      started.push('task');
    });
    // Many microtask turns: a task chained on a resolved promise would have run by now.
    for (let turn = 0; turn < 20; turn++) await Promise.resolve();
    started.push('answer');
    await new Promise<void>((resolve) => setImmediate(resolve));
    await settleBackgroundTasks();
    expect(started).toEqual(['answer', 'task']);
  });

  it('logs a failed task under its name with the error, and goes on', async () => {
    const log = vi.spyOn(standaloneLogger(env), 'error');
    const failure = new Error('disk full');
    runInBackground(env, 'nightly export', async () => {
      throw failure;
    });
    await expect(settleBackgroundTasks()).resolves.toBeUndefined();
    expect(log.mock.calls).toEqual([[{ err: failure }, 'nightly export failed']]);
  });
});

describe('settleBackgroundTasks', () => {
  it('waits for every task, those started by other tasks included', async () => {
    const finished: string[] = [];
    runInBackground(env, 'first', async () => {
      runInBackground(env, 'second', async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished.push('second');
      });
      finished.push('first');
    });
    await settleBackgroundTasks();
    expect(finished).toEqual(['first', 'second']);
  });

  it('answers at once when nothing is running', async () => {
    await settleBackgroundTasks();
    const answered = await Promise.race([
      settleBackgroundTasks().then(() => 'settled'),
      new Promise((resolve) => setImmediate(() => resolve('waited'))),
    ]);
    expect(answered).toBe('settled');
  });
});

describe('sendSecurityNotice', () => {
  it('mails the notice with the time of the change, not of the sending', async () => {
    const clock = new ManualClock('2026-05-06T07:08:09Z');
    const mailer = createMemoryMailer();
    sendSecurityNotice({ env, clock, mailer }, { email: 'owner@example.com' }, 'two_factor_enabled');
    clock.advanceSeconds(3600);
    await settleBackgroundTasks();
    expect(mailer.messages.map((message) => [message.to, message.subject])).toEqual([
      ['owner@example.com', 'Two-factor sign-in is on for your FinAIlytics account'],
    ]);
    expect(mailer.messages[0]?.text).toContain('When: 2026-05-06 07:08 UTC.');
  });

  it('logs a notice the mail server refused under the change it was for', async () => {
    const log = vi.spyOn(standaloneLogger(env), 'error');
    const refusal = new Error('550 mailbox unavailable');
    const mailer: Mailer = {
      send: async () => {
        throw refusal;
      },
    };
    sendSecurityNotice({ env, clock: new ManualClock(), mailer }, { email: 'owner@example.com' }, 'password_changed');
    await settleBackgroundTasks();
    expect(log.mock.calls).toEqual([[{ err: refusal }, 'password_changed notice failed']]);
  });
});
