import { AVATAR_MAX_BYTES, detectImageType } from '@finailytics/shared';

export type AvatarFileCheck = { ok: true; base64: string } | { ok: false; message: string };

/**
 * Checks a picture before upload the way the server will: by size and by its first bytes, not by
 * its name or the type the browser guessed. The server checks again; this only saves a round trip.
 */
export async function readAvatarFile(file: Blob): Promise<AvatarFileCheck> {
  if (file.size > AVATAR_MAX_BYTES) return { ok: false, message: 'The picture must be at most 2 MB.' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!detectImageType(bytes)) return { ok: false, message: 'Choose a PNG, JPEG or WebP image.' };
  return { ok: true, base64: toBase64(bytes) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let index = 0; index < bytes.length; index += chunk) {
    binary += String.fromCharCode(...bytes.subarray(index, index + chunk));
  }
  return btoa(binary);
}
