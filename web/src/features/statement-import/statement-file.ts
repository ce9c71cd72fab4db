import { STATEMENT_LIMITS } from '@finailytics/shared';

/** The extensions the dialog offers; the server decides the format from the content, not the name. */
export const STATEMENT_FILE_ACCEPT = '.ofx,.qfx,.qif';

export const STATEMENT_FILE_MESSAGES = {
  empty: 'This file is empty.',
  tooLarge: `The file must be at most ${STATEMENT_LIMITS.maxBytes / 1024 / 1024} MB.`,
  wrongKind: 'Choose an OFX, QFX or QIF file exported from your bank.',
} as const;

export type StatementFileCheck = { ok: true; contentBase64: string } | { ok: false; message: string };

/** Bytes converted per step: String.fromCharCode takes its arguments on the stack. */
const CHUNK_BYTES = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK_BYTES));
  }
  return btoa(binary);
}

/** Checks the file as the server will (its size) and reads it as base64 for the upload. */
export async function readStatementFile(file: File): Promise<StatementFileCheck> {
  if (!/\.(ofx|qfx|qif)$/i.test(file.name)) return { ok: false, message: STATEMENT_FILE_MESSAGES.wrongKind };
  if (file.size === 0) return { ok: false, message: STATEMENT_FILE_MESSAGES.empty };
  if (file.size > STATEMENT_LIMITS.maxBytes) return { ok: false, message: STATEMENT_FILE_MESSAGES.tooLarge };
  return { ok: true, contentBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
}
