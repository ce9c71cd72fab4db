import { randomUUID } from 'node:crypto';
import type { User } from '@finailytics/shared';
import bcrypt from 'bcrypt';
import type { Db } from '../db/client';
import { calendarDateIn, firstDayOfNextMonth } from '../lib/calendar';
import { insertReportSetting } from '../modules/report/report-settings.repository';
import { insertUser, toUser } from '../modules/user/user.repository';

export const TEST_PASSWORD = 'correct horse battery';
// Hashed once per worker at the lowest cost; factories need speed, not strength.
const testPasswordHash = bcrypt.hashSync(TEST_PASSWORD, 4);

/** An address no other test uses, so tests never depend on each other's data. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID()}@example.com`;
}

export interface UserOverrides {
  name?: string;
  email?: string;
  timezone?: string;
  currency?: string;
  now?: Date;
  /** Most tests want a user who finished sign-up, confirmed address included; false for one who did not. */
  emailVerified?: boolean;
}

/** Inserts a user (password TEST_PASSWORD) and their default report setting, as sign-up does. */
export async function createUser(db: Db, overrides: UserOverrides = {}): Promise<User> {
  const now = overrides.now ?? new Date();
  const timezone = overrides.timezone ?? 'UTC';
  const row = await insertUser(db, {
    name: overrides.name ?? 'Test User',
    email: overrides.email ?? uniqueEmail(),
    passwordHash: testPasswordHash,
    timezone,
    currency: overrides.currency ?? 'USD',
    now,
    emailVerifiedAt: overrides.emailVerified === false ? null : now,
  });
  await insertReportSetting(db, {
    userId: row.id,
    frequency: 'MONTHLY',
    isEnabled: true,
    nextReportDate: firstDayOfNextMonth(calendarDateIn(timezone, now)),
    now,
  });
  return toUser(row);
}
