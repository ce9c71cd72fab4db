import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser } from '../../test/factories';
import { moveDefaultFlag } from './account.repository';

// The change of default's one write, run for real and then failed the way a lost connection fails it.
vi.mock('./account.repository', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./account.repository')>();
  return { ...actual, moveDefaultFlag: vi.fn(actual.moveDefaultFlag) };
});

const realMove = (await vi.importActual<typeof import('./account.repository')>('./account.repository')).moveDefaultFlag;

const database = useTestDatabase();
afterEach(() => {
  vi.mocked(moveDefaultFlag).mockReset();
  vi.mocked(moveDefaultFlag).mockImplementation(realMove);
});

describe('a change of default that fails for another reason than a rival change', () => {
  it('is answered as the database being unavailable, not as a rival change, and leaves the old default', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user, clock: new ManualClock('2026-03-10T12:00:00.000Z') });
    const [main] = await caller.account.list();
    const card = await caller.account.create({ name: 'Card', kind: 'CREDIT_CARD' });
    vi.mocked(moveDefaultFlag).mockImplementationOnce(async (tx, userId, id, now) => {
      await realMove(tx, userId, id, now);
      throw new Error('Connection terminated unexpectedly');
    });

    const error = await errorOf(caller.account.setDefault({ id: card.id }));

    expect([error.code, error.message]).toEqual([
      'SERVICE_UNAVAILABLE',
      'The database is unavailable. Please retry shortly.',
    ]);
    const defaults = (await caller.account.list()).filter((account) => account.isDefault).map((account) => account.id);
    expect(defaults).toEqual([main?.id]);
  });
});
