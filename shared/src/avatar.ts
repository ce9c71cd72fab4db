import { z } from 'zod';

/** Largest profile picture accepted, in bytes (after base64 decoding). */
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

export const AVATAR_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type AvatarContentType = (typeof AVATAR_CONTENT_TYPES)[number];

/**
 * The image type read from the file's first bytes (its signature), never from its name or the type
 * the browser claims: a renamed script stays a script. Null when it is none of the accepted types.
 */
export function detectImageType(bytes: Uint8Array): AvatarContentType | null {
  const starts = (signature: number[], offset = 0) =>
    bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF <size> WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** Base64 characters needed for AVATAR_MAX_BYTES, plus room for a `data:image/…;base64,` prefix. */
const MAX_BASE64_LENGTH = Math.ceil(AVATAR_MAX_BYTES / 3) * 4 + 64;

export const uploadAvatarSchema = z.object({
  /** The picture as base64, optionally as a data URL; its declared type is ignored. */
  data: z
    .string({ error: 'Picture data is required' })
    .min(1, 'Picture data is required')
    .max(MAX_BASE64_LENGTH, 'Profile picture must be at most 2 MB'),
});
export type UploadAvatarInput = z.input<typeof uploadAvatarSchema>;
