import { ACCOUNT_MESSAGES } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { errorOf } from '../../test/errors';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../../test/factories';
import { isBreachedPassword } from './breached-passwords';

const database = useTestDatabase();

describe('isBreachedPassword', () => {
  it('knows the passwords attackers try first, in any letter case', async () => {
    for (const password of ['password123', 'qwertyuiop', 'iloveyou1', 'PassWord123', 'Letmein123']) {
      expect(await isBreachedPassword(password)).toBe(true);
    }
  });

  it('lets uncommon passphrases through', async () => {
    for (const password of ['correct horse battery', 'lantern quarry 77', 'Xq7!vR2#pL9m']) {
      expect(await isBreachedPassword(password)).toBe(false);
    }
  });
});

describe('breached passwords', () => {
  it('are refused at sign-up, saying why, and no account is created', async () => {
    const { caller } = await createTestCaller({ database });
    const email = uniqueEmail('breached');
    const error = await errorOf(caller.auth.register({ name: 'A', email, password: 'Password123' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(ACCOUNT_MESSAGES.breachedPassword);
    await expect(caller.auth.register({ name: 'A', email, password: 'granite heron 55' })).resolves.toBeTruthy();
  });

  it('are refused by user.changePassword, which leaves the password as it was', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    const error = await errorOf(
      caller.user.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'sunshine1' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(ACCOUNT_MESSAGES.breachedPassword);
    await expect(
      caller.user.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'granite heron 55' }),
    ).resolves.toMatchObject({ message: 'Password changed' });
  });
});
