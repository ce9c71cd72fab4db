import { AUTH_MESSAGES } from '@finailytics/shared';
import bcrypt from 'bcrypt';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { users } from '../../db/schema';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser, uniqueEmail } from '../../test/factories';
import type { RequestInfo } from '../../trpc/context';
import { registerUser } from './auth.service';

const database = useTestDatabase();
afterEach(() => {
  vi.restoreAllMocks();
});

const REQUEST: RequestInfo = { ip: '192.0.2.61', userAgent: null, origin: null, serverOrigin: null };

describe('registerUser', () => {
  it('keeps the currency the person chose', async () => {
    const user = await registerUser(
      testDeps({ database }),
      { name: 'Euro', email: uniqueEmail('euro'), password: 'plum orchard 42', currency: 'EUR' },
      REQUEST,
    );
    expect(user.currency).toBe('EUR');
    const [row] = await database.db.select({ currency: users.currency }).from(users).where(eq(users.id, user.id));
    expect(row?.currency).toBe('EUR');
  });

  it('refuses a taken address before spending a password hash on it', async () => {
    const taken = await createUser(database.db);
    const hashing = vi.spyOn(bcrypt, 'hash');
    await expect(
      registerUser(testDeps({ database }), { name: 'Again', email: taken.email, password: 'plum orchard 42' }, REQUEST),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: AUTH_MESSAGES.userExists });
    expect(hashing).not.toHaveBeenCalled();
  });

  /*
   * A sign-up that passed the "address already taken?" check and then lost the insert to another
   * sign-up of the same address: the unique index refuses it (SQLSTATE 23505), and the caller gets
   * the same answer as when the address was taken before. A trigger plays the winning sign-up, so the
   * race is lost every time instead of now and then.
   */
  it('answers a lost race for the address with CONFLICT and stores nothing', async () => {
    await database.db.execute(sql`
      create or replace function lose_signup_race() returns trigger language plpgsql as $$
      begin
        if new.email like 'race-lost-%' then
          raise exception 'duplicate key value violates unique constraint' using errcode = 'unique_violation';
        end if;
        return new;
      end $$`);
    await database.db.execute(sql`
      create or replace trigger lose_signup_race before insert on users
      for each row execute function lose_signup_race()`);
    const email = uniqueEmail('race-lost');

    await expect(
      registerUser(testDeps({ database }), { name: 'Second', email, password: 'plum orchard 42' }, REQUEST),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: AUTH_MESSAGES.userExists });
    expect(await database.db.select({ id: users.id }).from(users).where(eq(users.email, email))).toEqual([]);
  });
});
