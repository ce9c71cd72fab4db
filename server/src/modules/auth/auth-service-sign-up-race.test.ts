import { AUTH_MESSAGES } from '@finailytics/shared';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { testDeps } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { uniqueEmail } from '../../test/factories';
import type { RequestInfo } from '../../trpc/context';
import { registerUser } from './auth.service';

/*
 * A sign-up that passed the "address already taken?" check and then lost the insert to another
 * sign-up of the same address: the unique index refuses it (SQLSTATE 23505), and the caller gets the
 * same answer as when the address was taken before. A trigger plays the winning sign-up, so the race
 * is lost every time instead of now and then.
 */

const database = useTestDatabase();

const REQUEST: RequestInfo = { ip: '192.0.2.61', userAgent: null, origin: null, serverOrigin: null };

describe('registerUser losing the race for an address', () => {
  it('answers CONFLICT with the taken-address message and stores nothing', async () => {
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
    const deps = testDeps({ database });
    const email = uniqueEmail('race-lost');

    await expect(
      registerUser(deps, { name: 'Second', email, password: 'plum orchard 42' }, REQUEST),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: AUTH_MESSAGES.userExists });
    expect(await database.db.select({ id: users.id }).from(users).where(eq(users.email, email))).toEqual([]);
  });
});
