import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { createTestCaller } from '../../test/caller';
import { createTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('user.me', () => {
  it('returns the signed-in user without the password hash', async () => {
    const user = await createUser(database.db, { name: 'Maya' });
    const { caller } = await createTestCaller({ database, user });
    const me = await caller.user.me();
    expect(me).toEqual(user);
    expect(Object.keys(me)).not.toContain('passwordHash');
  });

  it('refuses a caller without a token', async () => {
    const { caller } = await createTestCaller({ database });
    await expect(caller.user.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
