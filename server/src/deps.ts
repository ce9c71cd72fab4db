import type { Db } from './db/client';
import type { Env } from './env';
import type { Clock } from './lib/clock';
import type { Mailer } from './lib/mailer';
import type { RateLimits } from './lib/rate-limit';
import type { ReceiptReader } from './modules/receipt/receipt-reader';

/*
 * What services are given. It lives below both the modules and the tRPC layer, so a service never
 * imports tRPC to learn the shape of its own dependencies.
 */

/** Long-lived dependencies, built once per app and shared by every request. */
export interface AppDeps {
  db: Db;
  env: Env;
  clock: Clock;
  rateLimits: RateLimits;
  mailer: Mailer;
  /** Reads scanned receipts (transaction.scanReceipt); the offline reader unless one is configured. */
  receiptReader: ReceiptReader;
}

/** What a procedure may know about the HTTP request without seeing it. */
export interface RequestInfo {
  ip: string;
  userAgent: string | null;
  /** The Origin header, when the browser sent one. */
  origin: string | null;
  /** This server's own origin as the client addressed it (scheme + Host). */
  serverOrigin: string | null;
}
