import { STATEMENT_LIMITS } from '@finailytics/shared';
import { AppError } from '../../lib/errors';

/*
 * From a file's bytes to text: size first (before any work), then refusing what is not text, then the
 * encoding the file itself declares. Banks still write OFX 1.x in windows-1252 or latin-1 and say so in
 * its header (CHARSET:1252); reading those bytes as UTF-8 would turn "Café" into "Caf�".
 */

export const STATEMENT_MESSAGES = {
  tooLarge: `The file is larger than ${STATEMENT_LIMITS.maxBytes / 1024 / 1024} MB`,
  empty: 'The file is empty',
  binary: 'This is not a text file; export the statement as OFX, QFX or QIF',
  notUtf8: 'The file says it is UTF-8 but contains bytes that are not; export it again',
  unknownCharset: (name: string) => `The file uses a character set this app cannot read (${name})`,
  unknownFormat: 'This is not an OFX, QFX or QIF statement',
} as const;

export function statementError(message: string): AppError {
  return new AppError('BAD_REQUEST', message);
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Names an OFX header or XML declaration gives the single-byte sets read here as windows-1252. Files
 * that say ISO-8859-1 are windows-1252 in practice (browsers read them so too); ASCII is a subset.
 */
const WINDOWS_1252_NAMES = new Set([
  '1252',
  'WINDOWS-1252',
  'CP1252',
  'ISO-8859-1',
  'ISO8859-1',
  '8859-1',
  'LATIN-1',
  'LATIN1',
  'US-ASCII',
  'USASCII',
  'ASCII',
]);

/** What windows-1252 puts at 0x80–0x9F (0 where it has no character: those bytes stay as latin-1). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

const LATIN1 = new TextDecoder('latin1');

/**
 * windows-1252: Node's TextDecoder('windows-1252') answers latin-1, which turns the euro sign and
 * curly quotes (0x80–0x9F) into invisible control characters. So the bytes are read as latin-1 by the
 * native decoder (a 5 MB file in milliseconds, where a loop in JavaScript held the event loop for a
 * second) and only the characters of that range, if any, are swapped for windows-1252's.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return LATIN1.decode(bytes).replace(/[\x80-\x9f]/g, (character) => {
    const code = character.charCodeAt(0);
    return String.fromCharCode(WINDOWS_1252_HIGH[code - 0x80] || code);
  });
}

function isBinary(bytes: Uint8Array): boolean {
  // NUL never occurs in a text statement; nor do many other control characters.
  const sample = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) controls++;
  }
  return controls > sample.length / 100;
}

/** The character set the file declares in its first bytes: OFX 1.x header, or an XML declaration. */
function declaredCharset(head: string): { utf8: boolean } | null {
  const xml = /<\?xml[^>]*\bencoding\s*=\s*["']([^"']{1,40})["']/i.exec(head);
  if (xml?.[1]) return labelFor(xml[1]);
  const encoding = /^\s*ENCODING\s*:\s*([A-Z0-9-]{1,20})\s*$/im.exec(head)?.[1]?.toUpperCase();
  if (encoding === 'UTF-8' || encoding === 'UNICODE') return { utf8: true };
  const charset = /^\s*CHARSET\s*:\s*([A-Z0-9-]{1,20})\s*$/im.exec(head)?.[1]?.toUpperCase();
  if (charset && charset !== 'NONE') return labelFor(charset);
  return null;
}

function labelFor(name: string): { utf8: boolean } {
  const upper = name.trim().toUpperCase();
  if (upper === 'UTF-8' || upper === 'UTF8') return { utf8: true };
  if (!WINDOWS_1252_NAMES.has(upper)) throw statementError(STATEMENT_MESSAGES.unknownCharset(name.trim()));
  return { utf8: false };
}

/**
 * The file's text. UTF-8 when it has a BOM or declares UTF-8 (and then it must be valid); the
 * declared single-byte set otherwise; with no declaration, UTF-8 when the bytes are valid UTF-8 and
 * windows-1252 (what banks' exporters write) when they are not.
 */
export function decodeStatement(bytes: Uint8Array): string {
  if (bytes.length > STATEMENT_LIMITS.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', STATEMENT_MESSAGES.tooLarge);
  const hasBom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (body.length === 0) throw statementError(STATEMENT_MESSAGES.empty);
  if (isBinary(body)) throw statementError(STATEMENT_MESSAGES.binary);
  // The header is ASCII in every encoding a statement may use, so reading it as latin-1 is safe.
  const head = decodeWindows1252(body.subarray(0, 1024));
  const declared = hasBom ? { utf8: true } : declaredCharset(head);
  if (declared && !declared.utf8) return decodeWindows1252(body);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    if (declared) throw statementError(STATEMENT_MESSAGES.notUtf8);
    return decodeWindows1252(body);
  }
}

/** Whitespace collapsed and trimmed, cut to `max` characters. */
export function tidyText(value: string, max: number): string {
  return value.replace(/\s+/g, ' ').trim().slice(0, max);
}
