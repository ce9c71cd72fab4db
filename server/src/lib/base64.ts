/**
 * Decodes strict, padded base64, or answers null. Buffer.from skips characters outside the alphabet,
 * so a damaged payload decodes to fewer bytes than its length promises: comparing the two checks
 * every character in one native pass, where a regular expression over a 7 MB upload held the event
 * loop for ~40 ms. (Node's decoder also takes the URL-safe `-` and `_`, which decode to the same
 * bytes as `+` and `/`.)
 */
export function decodeStrictBase64(payload: string): Buffer | null {
  if (payload.length === 0 || payload.length % 4 !== 0) return null;
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(payload, 'base64');
  return bytes.byteLength === (payload.length / 4) * 3 - padding ? bytes : null;
}
