import { AVATAR_MAX_BYTES, detectImageType, type User } from '@finailytics/shared';
import type { AppDeps } from '../../deps';
import { decodeStrictBase64 } from '../../lib/base64';
import { AppError } from '../../lib/errors';
import { upsertAvatar } from './avatar.repository';
import { toUser, updateUserProfile } from './user.repository';

/** Where a user's picture is served; the version changes with every upload so caches never go stale. */
export function avatarUrl(userId: string, updatedAt: Date): string {
  return `/api/avatars/${userId}?v=${updatedAt.getTime()}`;
}

const DATA_URL_PREFIX = /^data:[\w.+-]+\/[\w.+-]+;base64,/;

/** Decodes base64 (or a base64 data URL), refusing anything that is not strictly base64. */
export function decodeBase64Picture(data: string): Uint8Array {
  const bytes = decodeStrictBase64(data.replace(DATA_URL_PREFIX, '').replace(/\s+/g, ''));
  if (!bytes) throw new AppError('BAD_REQUEST', 'Profile picture data is not valid base64');
  return new Uint8Array(bytes);
}

/**
 * Stores a new profile picture and points the user's profilePicture at it, in one transaction. The
 * type comes from the bytes' signature, never from a name or a claimed type.
 */
export async function uploadAvatar(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  userId: string,
  input: { data: string },
): Promise<User> {
  const bytes = decodeBase64Picture(input.data);
  if (bytes.length > AVATAR_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'Profile picture must be at most 2 MB');
  const contentType = detectImageType(bytes);
  if (!contentType) throw new AppError('BAD_REQUEST', 'Profile picture must be a PNG, JPEG or WebP image');
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    await upsertAvatar(tx, { userId, contentType, data: bytes, now });
    return updateUserProfile(tx, userId, { profilePicture: avatarUrl(userId, now) }, now);
  });
  if (!row) throw new AppError('NOT_FOUND', 'User not found');
  return toUser(row);
}
