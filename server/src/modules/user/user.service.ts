import type { User } from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { toUser, updateUserProfile } from './user.repository';

export async function updateProfile(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  userId: string,
  changes: {
    name?: string | undefined;
    profilePicture?: string | null | undefined;
    timezone?: string | undefined;
    currency?: string | undefined;
  },
): Promise<User> {
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const row = await updateUserProfile(deps.db, userId, defined, deps.clock.now());
  if (!row) throw new AppError('NOT_FOUND', 'User not found');
  return toUser(row);
}
