/*
 * Bank statements as files (OFX/QFX and QIF), read into rows an import can offer. The limits bound
 * what one file may cost to read; they are far above what a bank exports for one account.
 */

export const STATEMENT_FORMATS = ['OFX', 'QIF'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

export const STATEMENT_LIMITS = {
  /** Bytes in one file. */
  maxBytes: 5 * 1024 * 1024,
  /** Transactions in one file. */
  maxTransactions: 20_000,
  /** Levels of nested OFX aggregates (a real statement uses about 7). */
  maxDepth: 32,
  /** Characters kept of a payee (a transaction title's limit) and of a memo. */
  maxPayeeLength: 255,
  maxMemoLength: 1000,
} as const;

/** The order a QIF file writes its day and month in; decided from the file, or given by the person. */
export const QIF_DATE_ORDERS = ['MDY', 'DMY'] as const;
export type QifDateOrder = (typeof QIF_DATE_ORDERS)[number];

/** One transaction as the file states it. */
export interface StatementRow {
  /** 'YYYY-MM-DD', the day the bank posted it. */
  date: string;
  /** Signed integer cents: money in is positive, money out negative. */
  amountCents: number;
  /** Whitespace collapsed; may be empty when the file names none. */
  payee: string;
  memo: string;
  /** The bank's own id for the transaction (OFX FITID), when it gives one. */
  fitId: string | null;
  checkNumber: string | null;
}

export interface StatementInfo {
  format: StatementFormat;
  /** The account number the file states (OFX ACCTID); null in QIF. */
  accountId: string | null;
  /** OFX ACCTTYPE (CHECKING, SAVINGS, CREDITLINE, MONEYMRKT), CREDITCARD for a card statement, or the QIF !Type. */
  accountType: string | null;
  /** ISO 4217 (OFX CURDEF); null when the file does not say. */
  currency: string | null;
  /** The closing balance the bank states (OFX LEDGERBAL), in signed cents, and its day. */
  ledgerBalanceCents: number | null;
  ledgerBalanceDate: string | null;
}

export interface ParsedStatement {
  info: StatementInfo;
  rows: StatementRow[];
}
