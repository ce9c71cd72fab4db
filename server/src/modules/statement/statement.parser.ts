import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ParsedStatement, QifDateOrder } from '@finailytics/shared';
import { parseOfx } from './ofx';
import { parseQif } from './qif';
import { decodeStatement, STATEMENT_MESSAGES, statementError } from './statement-text';

export interface StatementParseOptions {
  /** For a QIF file whose dates read both as day/month and month/day. */
  qifDateOrder?: QifDateOrder;
}

/**
 * A statement file's rows and account details, whatever its format: OFX 1.x/2.x or QFX (recognised by
 * their header or an <OFX> element) or QIF (by its !Type header). Pure: no database, no clock; it gives the event loop a turn as it goes.
 */
export async function parseStatementFile(
  bytes: Uint8Array,
  options: StatementParseOptions = {},
): Promise<ParsedStatement> {
  const text = decodeStatement(bytes);
  await yieldToEventLoop();
  const head = text.slice(0, 4096).trimStart();
  if (/^OFXHEADER\s*:/i.test(head) || /^<\?(xml|OFX)\b/i.test(head) || /<OFX>/i.test(head)) return await parseOfx(text);
  if (/^!(Type|Account|Option|Clear)\b/i.test(head)) return await parseQif(text, { dateOrder: options.qifDateOrder });
  throw statementError(STATEMENT_MESSAGES.unknownFormat);
}
