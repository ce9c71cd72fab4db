import { z } from 'zod';
import type { Categorisation } from './rule';
import type { TransactionType } from './transaction';

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

/* ------------------------------------------------------------------------------------------------
 * Importing a statement file into a ledger account (docs/statement-import.md)
 * ---------------------------------------------------------------------------------------------- */

/** Base64 characters that decode to at most STATEMENT_LIMITS.maxBytes. */
export const STATEMENT_BASE64_MAX = Math.ceil(STATEMENT_LIMITS.maxBytes / 3) * 4;

export const STATEMENT_IMPORT_LIMITS = {
  /** Days either side of a statement row in which an existing manual row may be the same transaction. */
  duplicateWindowDays: 3,
  /** Source ids the person may keep in one import: every row of the largest file. */
  maxKept: STATEMENT_LIMITS.maxTransactions,
  maxFileNameLength: 255,
  /**
   * Existing transactions of the account an import compares the file with (those dated within the
   * duplicate window of the file's dates). Far above any real account; past it the file is refused
   * rather than compared with part of the account.
   */
  maxComparedRows: 250_000,
} as const;

/**
 * What a preview lists row by row; its counts always cover every row. A person reads the first rows
 * and must see each possible duplicate (to keep it) and each row that cannot be stored.
 */
export const STATEMENT_PREVIEW_LIMITS = {
  /** Rows listed from the top of the file, whatever their status. */
  firstRows: 500,
  /** Possible duplicates and errors listed after those first rows. */
  flaggedRows: 1_000,
} as const;

export const STATEMENT_IMPORT_MESSAGES = {
  /** Answered for a QIF file whose dates read both ways; the web then asks for the order. */
  chooseDateOrder:
    'Every date in this file reads both as day/month and as month/day; choose which order your bank uses',
  notBase64: 'The file did not arrive intact (its content is not valid base64); choose it again',
} as const;

export const previewStatementImportSchema = z.object({
  accountId: z.uuid('Unknown account'),
  fileName: z.string().trim().min(1, 'Name the file').max(STATEMENT_IMPORT_LIMITS.maxFileNameLength),
  contentBase64: z
    .string()
    .min(1, 'The file is empty')
    .max(STATEMENT_BASE64_MAX, `The file is larger than ${STATEMENT_LIMITS.maxBytes / 1024 / 1024} MB`),
  qifDateOrder: z.enum(QIF_DATE_ORDERS).optional(),
});
export type PreviewStatementImportInput = z.infer<typeof previewStatementImportSchema>;

export const importStatementSchema = previewStatementImportSchema.extend({
  /** Source ids of possible duplicates the person chose to import anyway. */
  keepDuplicates: z.array(z.string().min(1).max(100)).max(STATEMENT_IMPORT_LIMITS.maxKept).default([]),
});
export type ImportStatementInput = z.input<typeof importStatementSchema>;
export type ImportStatementData = z.output<typeof importStatementSchema>;

export const STATEMENT_ROW_STATUSES = ['new', 'already imported', 'possible duplicate', 'error'] as const;
export type StatementRowStatus = (typeof STATEMENT_ROW_STATUSES)[number];

export interface StatementDuplicateMatch {
  id: string;
  title: string;
  date: string;
}

export interface StatementPreviewRow {
  /** The row's place in the file, from 1 (what a refusal names as "transaction N"). */
  position: number;
  sourceId: string;
  date: string;
  /** Signed decimal: money in positive, money out negative. */
  amount: number;
  type: TransactionType;
  payee: string;
  memo: string;
  /** The title the import would store (the payee, or the memo when the file names no payee). */
  title: string;
  /** The category the import stores: a rule's, else Uncategorized. */
  category: string;
  /** What gave it: a rule (applied), a suggestion from history (only shown), or nothing. */
  categorisation: Categorisation | null;
  status: StatementRowStatus;
  /** For a possible duplicate: the existing transaction it resembles. */
  duplicateOf: StatementDuplicateMatch | null;
  /** For an error: why the row cannot be stored (then nothing from the file can be imported). */
  error: string | null;
}

export interface StatementImportPreview {
  fileName: string;
  info: StatementInfo;
  /** The first and last day in the file; null when it holds no transaction. */
  firstDate: string | null;
  lastDate: string | null;
  /**
   * The rows listed, in file order: the first STATEMENT_PREVIEW_LIMITS.firstRows, then possible
   * duplicates and errors up to STATEMENT_PREVIEW_LIMITS.flaggedRows more.
   */
  rows: StatementPreviewRow[];
  /** Every row of the file, by status. */
  counts: { total: number; new: number; alreadyImported: number; possibleDuplicates: number; errors: number };
  /** Rows of the file not in `rows`, and how many of them are possible duplicates or errors. */
  unlisted: { total: number; possibleDuplicates: number; errors: number };
  /** True when some possible duplicate or error is not listed (past the cap on flagged rows). */
  truncated: boolean;
}

export interface StatementImportResult {
  imported: number;
  skippedAlreadyImported: number;
  skippedPossibleDuplicates: number;
}
