import { afterEach, describe, expect, it, vi } from 'vitest';
import { standaloneLogger } from '../../lib/logger';
import type { Mailer } from '../../lib/mailer';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser, uniqueEmail } from '../../test/factories';
import { type AppDeps, createContextInner } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { settleBackgroundTasks } from './background';

/*
 * The reset and verification e-mails go out after the answer, so their failures reach nobody but the
 * log; the line names which e-mail failed, and a request that sends nothing logs nothing.
 */

const database = useTestDatabase();

const refusal = new Error('421 service not available');
const brokenMailer: Mailer = {
  send: async () => {
    throw refusal;
  },
};

const publicCaller = (deps: AppDeps) => createCaller(createContextInner({ deps }));

function errorLog(deps: AppDeps) {
  // The same logger the background tasks use: one per log level.
  return vi.spyOn(standaloneLogger(deps.env), 'error');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a background e-mail that fails', () => {
  it('is logged as the password-reset e-mail, with the error', async () => {
    const deps = testDeps({ database, mailer: brokenMailer });
    const user = await createUser(deps.db);
    const log = errorLog(deps);
    await publicCaller(deps).auth.requestPasswordReset({ email: user.email });
    await settleBackgroundTasks();
    expect(log.mock.calls).toEqual([[{ err: refusal }, 'password-reset e-mail failed']]);
  });

  it('is logged as the verification e-mail after sign-up, with the error', async () => {
    const deps = testDeps({ database, mailer: brokenMailer });
    const log = errorLog(deps);
    await publicCaller(deps).auth.register({ name: 'Lin', email: uniqueEmail('signup'), password: 'copper lagoon 64' });
    await settleBackgroundTasks();
    expect(log.mock.calls).toEqual([[{ err: refusal }, 'verification e-mail failed']]);
  });
});

describe('a reset asked for an address without an account', () => {
  it('sends nothing and logs nothing', async () => {
    const deps = testDeps({ database, mailer: brokenMailer });
    const log = errorLog(deps);
    await publicCaller(deps).auth.requestPasswordReset({ email: uniqueEmail('nobody') });
    await settleBackgroundTasks();
    expect(log).not.toHaveBeenCalled();
  });
});
