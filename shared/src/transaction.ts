import { z } from 'zod';
import { CSV_DECIMALS, CSV_FIELDS, CSV_IGNORE, CSV_SEPARATORS } from './csv-import';
import { supportedDateSchema } from './dates';
import { amountSchema } from './money';

export const TRANSACTION_TYPES = ['INCOME', 'EXPENSE'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const PAYMENT_METHODS = ['CARD', 'BANK_TRANSFER', 'MOBILE_PAYMENT', 'AUTO_DEBIT', 'CASH', 'OTHER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const RECURRING_INTERVALS = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type RecurringInterval = (typeof RECURRING_INTERVALS)[number];

/**
 * Which transactions of a recurring series an update changes. `this` (the default, so calls that
 * leave it out keep their meaning): only the row given. `future`: the row and every later one of its
 * series; on an occurrence the series is split there, on a template (the series' first row) the
 * whole series changes. See docs/api.md.
 */
export const UPDATE_SCOPES = ['this', 'future'] as const;
export type UpdateScope = (typeof UPDATE_SCOPES)[number];

export const RECURRING_STATUSES = ['RECURRING', 'NON_RECURRING'] as const;
export type RecurringStatus = (typeof RECURRING_STATUSES)[number];

export const TRANSACTION_SORT_FIELDS = ['date', 'amount', 'title', 'createdAt'] as const;
export type TransactionSortField = (typeof TRANSACTION_SORT_FIELDS)[number];

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const TRANSACTION_LIMITS = {
  titleMax: 255,
  descriptionMax: 1000,
  categoryMax: 50,
  keywordMax: 255,
  pageSizeMax: 100,
  pageSizeDefault: 20,
  bulkDeleteMax: 1000,
  importRowsMax: 10_000,
  /** Bytes of CSV text (UTF-8), as the file on disk measures. */
  csvMaxBytes: 5 * 1024 * 1024,
  /** Transactions one CSV export may hold; a larger ledger is exported a date range at a time. */
  exportRowsMax: 50_000,
} as const;

/** Titles the server gives to copies; the original title follows. */
export const DUPLICATE_TITLE_PREFIX = 'Duplicate - ';

/** One transaction as the API returns it: a decimal amount, a calendar date and ISO timestamps. */
export interface Transaction {
  id: string;
  title: string;
  description: string | null;
  type: TransactionType;
  amount: number;
  category: string;
  date: string;
  paymentMethod: PaymentMethod;
  isRecurring: boolean;
  recurringInterval: RecurringInterval | null;
  nextRecurringDate: string | null;
  recurringEndDate: string | null;
  /** For an occurrence a recurring series made: the series' template (its first transaction). */
  templateId: string | null;
  /** The attached receipt image (served to its owner at /api/receipts/:receiptId), or null. */
  receiptId: string | null;
  /** The account the money moved in (account.list); the user's default account when none was named. */
  accountId: string;
  /** Set on both legs of a transfer between two accounts; a transfer is never income or an expense. */
  transferId: string | null;
  /** When the row was ticked off against the bank's statement (reconciliation), or null. */
  clearedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the transactions matching a filter add up to; amounts are decimals like every amount on the wire. */
export interface TransactionTotals {
  count: number;
  income: number;
  expenses: number;
  /** Income minus expenses. */
  net: number;
}

export interface TransactionPagination {
  page: number;
  pageSize: number;
  totalCount: number;
  totalPages: number;
}

export interface TransactionList {
  items: Transaction[];
  pagination: TransactionPagination;
}

export interface CategoryCount {
  category: string;
  count: number;
}

/* ------------------------------------------------------------------------------------------------
 * Field schemas
 * ---------------------------------------------------------------------------------------------- */

/**
 * The day money moved: 'YYYY-MM-DD' naming a day that exists (no February 30th), within
 * SUPPORTED_DATE_RANGE: a recurring series started in 1800 would have centuries of occurrences to
 * catch up, and one in year 9999 would run past the calendar.
 */
export const transactionDateSchema = supportedDateSchema({ required: 'Date is required' });

/** PostgreSQL text cannot hold the NUL character; refusing it here keeps it from ever reaching the database. */
const withoutNul = (field: string) =>
  [(value: string) => !value.includes('\u0000'), `${field} must not contain NUL characters`] as const;

export const transactionTitleSchema = z
  .string({ error: 'Title is required' })
  .refine(...withoutNul('Title'))
  .trim()
  .min(1, 'Title is required')
  .max(TRANSACTION_LIMITS.titleMax, `Title must be at most ${TRANSACTION_LIMITS.titleMax} characters`);

/** Blank descriptions are stored as null, so "no description" has one form. */
export const transactionDescriptionSchema = z
  .string()
  .refine(...withoutNul('Description'))
  .trim()
  .max(TRANSACTION_LIMITS.descriptionMax, `Description must be at most ${TRANSACTION_LIMITS.descriptionMax} characters`)
  .nullable()
  .transform((value) => (value ? value : null));

export const transactionCategorySchema = z
  .string({ error: 'Category is required' })
  .refine(...withoutNul('Category'))
  .trim()
  .min(1, 'Category is required')
  .max(TRANSACTION_LIMITS.categoryMax, `Category must be at most ${TRANSACTION_LIMITS.categoryMax} characters`);

export const transactionTypeSchema = z.enum(TRANSACTION_TYPES, { error: 'Type must be INCOME or EXPENSE' });
export const paymentMethodSchema = z.enum(PAYMENT_METHODS, {
  error: `Payment method must be one of ${PAYMENT_METHODS.join(', ')}`,
});
export const recurringIntervalSchema = z.enum(RECURRING_INTERVALS, {
  error: `Recurring interval must be one of ${RECURRING_INTERVALS.join(', ')}`,
});
export const transactionIdSchema = z.uuid('Invalid transaction id');
/** A scanned receipt (transaction.scanReceipt) to attach; only its owner can attach it. */
export const receiptIdSchema = z.uuid('Invalid receipt id');

export const accountIdSchema = z.uuid('Invalid account id');

/* ------------------------------------------------------------------------------------------------
 * create / update
 * ---------------------------------------------------------------------------------------------- */

const transactionFields = {
  title: transactionTitleSchema,
  description: transactionDescriptionSchema.optional(),
  type: transactionTypeSchema,
  amount: amountSchema,
  category: transactionCategorySchema,
  date: transactionDateSchema,
  paymentMethod: paymentMethodSchema.default('CASH'),
  isRecurring: z.boolean().default(false),
  recurringInterval: recurringIntervalSchema.nullable().optional(),
  recurringEndDate: transactionDateSchema.nullable().optional(),
};

interface RecurrenceFields {
  date?: string | undefined;
  isRecurring?: boolean | undefined;
  recurringInterval?: RecurringInterval | null | undefined;
  recurringEndDate?: string | null | undefined;
}

/**
 * The rules tying the recurrence fields together, shared by the create form and the server. A
 * non-recurring transaction simply ignores an interval or end date left over in a form.
 */
export function checkRecurrence(value: RecurrenceFields, ctx: z.RefinementCtx) {
  for (const issue of recurrenceProblems(value)) ctx.addIssue({ code: 'custom', ...issue });
}

/** The same rules as plain data, for the server to apply to a stored transaction merged with changes. */
export function recurrenceProblems(value: RecurrenceFields): Array<{ path: [string]; message: string }> {
  const problems: Array<{ path: [string]; message: string }> = [];
  if (!value.isRecurring) return problems;
  if (!value.recurringInterval) {
    problems.push({
      path: ['recurringInterval'],
      message: 'Recurring interval is required for a recurring transaction',
    });
  }
  if (value.recurringEndDate && value.date && value.recurringEndDate < value.date) {
    problems.push({ path: ['recurringEndDate'], message: 'Recurring end date must not be before the date' });
  }
  return problems;
}

/** Without a category, the first matching rule's is taken, else UNCATEGORIZED_CATEGORY (docs/rules.md). */
export const createTransactionSchema = z
  .object({
    ...transactionFields,
    category: transactionCategorySchema.optional(),
    receiptId: receiptIdSchema.optional(),
    /** Omitted: the user's default account. */
    accountId: accountIdSchema.optional(),
  })
  .superRefine(checkRecurrence);
export type CreateTransactionInput = z.input<typeof createTransactionSchema>;
export type CreateTransactionData = z.output<typeof createTransactionSchema>;

/**
 * Every field optional; only the ones given change. The recurrence rules are checked against the
 * stored transaction merged with the changes, so the server re-applies them after reading it.
 */
export const updateTransactionSchema = z
  .object({
    id: transactionIdSchema,
    title: transactionTitleSchema.optional(),
    description: transactionDescriptionSchema.optional(),
    type: transactionTypeSchema.optional(),
    amount: amountSchema.optional(),
    category: transactionCategorySchema.optional(),
    date: transactionDateSchema.optional(),
    paymentMethod: paymentMethodSchema.optional(),
    isRecurring: z.boolean().optional(),
    recurringInterval: recurringIntervalSchema.nullable().optional(),
    recurringEndDate: transactionDateSchema.nullable().optional(),
    scope: z.enum(UPDATE_SCOPES, { error: `Scope must be one of ${UPDATE_SCOPES.join(', ')}` }).default('this'),
    /** A receipt to attach in place of any attached one; null detaches it. */
    receiptId: receiptIdSchema.nullable().optional(),
    accountId: accountIdSchema.optional(),
  })
  .superRefine((value, ctx) => {
    // Only what the changes alone contradict; the rest needs the stored transaction.
    if (value.isRecurring && value.recurringInterval === null) checkRecurrence(value, ctx);
    else if (value.recurringEndDate && value.date && value.recurringEndDate < value.date) {
      checkRecurrence({ ...value, isRecurring: true, recurringInterval: 'DAILY' }, ctx);
    }
  });
export type UpdateTransactionInput = z.input<typeof updateTransactionSchema>;
export type UpdateTransactionData = z.output<typeof updateTransactionSchema>;

export const transactionByIdSchema = z.object({ id: transactionIdSchema });
export type TransactionByIdInput = z.input<typeof transactionByIdSchema>;

export const bulkDeleteTransactionsSchema = z.object({
  ids: z
    .array(transactionIdSchema)
    .min(1, 'Select at least one transaction')
    .max(TRANSACTION_LIMITS.bulkDeleteMax, `At most ${TRANSACTION_LIMITS.bulkDeleteMax} transactions at once`),
});
export type BulkDeleteTransactionsInput = z.input<typeof bulkDeleteTransactionsSchema>;

/** The id a delete or bulkDelete answers, to put back what it removed. */
export const undoDeleteSchema = z.object({ undoId: z.uuid('Invalid undo id') });
export type UndoDeleteInput = z.input<typeof undoDeleteSchema>;

/* ------------------------------------------------------------------------------------------------
 * list / export filters
 * ---------------------------------------------------------------------------------------------- */

/** Empty strings from form fields mean "no filter". */
const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const filterFields = {
  keyword: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .max(TRANSACTION_LIMITS.keywordMax, `Keyword must be at most ${TRANSACTION_LIMITS.keywordMax} characters`)
      .optional(),
  ),
  type: z.preprocess(blankAsUndefined, transactionTypeSchema.optional()),
  recurringStatus: z.preprocess(blankAsUndefined, z.enum(RECURRING_STATUSES).optional()),
  category: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .refine(...withoutNul('Category'))
      .trim()
      .max(TRANSACTION_LIMITS.categoryMax)
      .optional(),
  ),
  paymentMethod: z.preprocess(blankAsUndefined, paymentMethodSchema.optional()),
  accountId: z.preprocess(blankAsUndefined, accountIdSchema.optional()),
  from: z.preprocess(blankAsUndefined, transactionDateSchema.optional()),
  to: z.preprocess(blankAsUndefined, transactionDateSchema.optional()),
  sortBy: z.enum(TRANSACTION_SORT_FIELDS).default('date'),
  sortDir: z.enum(SORT_DIRECTIONS).default('desc'),
};

function rangeInOrder(value: { from?: string | undefined; to?: string | undefined }): boolean {
  return !value.from || !value.to || value.from <= value.to;
}
const rangeOutOfOrder = { message: '"from" must not be after "to"', path: ['from'] };

/** The list's filters and order, without paging: what exportCsv takes. */
export const transactionFiltersSchema = z.object(filterFields).refine(rangeInOrder, rangeOutOfOrder);
export type TransactionFiltersInput = z.input<typeof transactionFiltersSchema>;
export type TransactionFilters = z.output<typeof transactionFiltersSchema>;

export const listTransactionsSchema = z
  .object({
    ...filterFields,
    page: z.coerce.number().int().min(1, 'Page must be at least 1').default(1),
    pageSize: z.coerce
      .number()
      .int()
      .min(1, 'Page size must be at least 1')
      .max(TRANSACTION_LIMITS.pageSizeMax, `Page size must be at most ${TRANSACTION_LIMITS.pageSizeMax}`)
      .default(TRANSACTION_LIMITS.pageSizeDefault),
  })
  .refine(rangeInOrder, rangeOutOfOrder);
export type ListTransactionsInput = z.input<typeof listTransactionsSchema>;
export type ListTransactionsQuery = z.output<typeof listTransactionsSchema>;

/** Export takes the list's filters and order; it exports every matching transaction, up to TRANSACTION_LIMITS.exportRowsMax. */
export const exportTransactionsSchema = transactionFiltersSchema;
export type ExportTransactionsInput = TransactionFiltersInput;

/* ------------------------------------------------------------------------------------------------
 * import
 * ---------------------------------------------------------------------------------------------- */

/** One imported transaction. Imported transactions are never recurring. */
export const importRowSchema = z.object({
  title: transactionTitleSchema,
  description: transactionDescriptionSchema.optional(),
  type: transactionTypeSchema,
  amount: amountSchema,
  category: transactionCategorySchema,
  date: transactionDateSchema,
  paymentMethod: paymentMethodSchema.default('CASH'),
});
export type ImportRowInput = z.input<typeof importRowSchema>;
export type ImportRow = z.output<typeof importRowSchema>;

export const IMPORT_FIELDS = ['title', 'type', 'amount', 'category', 'description', 'date', 'paymentMethod'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/**
 * Fields a CSV must provide a column for (debit and credit columns may stand in for the amount); the
 * type follows from the amount's sign and a missing category is UNCATEGORIZED_CATEGORY.
 */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['title', 'amount', 'date'];

/** The CSV header exportCsv writes and importCsv reads by default (case-insensitively), in this order. */
export const CSV_COLUMNS: Record<ImportField, string> = {
  title: 'Title',
  type: 'Type',
  amount: 'Amount',
  category: 'Category',
  description: 'Description',
  date: 'Date',
  paymentMethod: 'PaymentMethod',
};

/**
 * Rows are checked one by one on the server so that every bad row can be reported with its number;
 * here the rows only need to be objects.
 */
export const importTransactionsSchema = z.object({
  /** The account every row goes to (the user's own, not archived); omitted: the default account. */
  accountId: accountIdSchema.optional(),
  rows: z
    .array(
      z.custom<ImportRowInput>(
        (row) => typeof row === 'object' && row !== null && !Array.isArray(row),
        'Each row must be an object',
      ),
    )
    .min(1, 'There is nothing to import')
    .max(
      TRANSACTION_LIMITS.importRowsMax,
      `At most ${TRANSACTION_LIMITS.importRowsMax.toLocaleString('en-US')} rows at once`,
    ),
});
export type ImportTransactionsInput = z.input<typeof importTransactionsSchema>;

const utf8 = new TextEncoder();

export const CSV_DATE_FORMATS = [
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'YYYY/MM/DD',
  'DD-MM-YYYY',
  'YYYYMMDD',
] as const;
export type CsvDateFormat = (typeof CSV_DATE_FORMATS)[number];

/** Columns a file may have: a bank export carries balances, currencies and references besides. */
const CSV_MAPPING_MAX_COLUMNS = 100;

/**
 * Column header (as in the file, matched case-insensitively) → the field it fills, or `ignore`.
 * Columns left out are recognised by their header (docs/csv-import.md lists the names).
 */
export const csvMappingSchema = z
  .record(z.string().trim().min(1, 'Column name is required').max(255), z.enum([...CSV_FIELDS, CSV_IGNORE]))
  .refine((mapping) => Object.keys(mapping).length <= CSV_MAPPING_MAX_COLUMNS, {
    message: `At most ${CSV_MAPPING_MAX_COLUMNS} columns can be mapped`,
  })
  .refine(
    (mapping) => {
      const fields = Object.values(mapping).filter((field) => field !== CSV_IGNORE);
      return new Set(fields).size === fields.length;
    },
    { message: 'Each field can be mapped from one column only' },
  );
export type CsvMapping = z.infer<typeof csvMappingSchema>;

export const importCsvSchema = z.object({
  csv: z
    .string({ error: 'CSV text is required' })
    .min(1, 'The file is empty')
    // Characters never outnumber UTF-8 bytes, so this cheap check comes first.
    .max(TRANSACTION_LIMITS.csvMaxBytes, 'The file must be at most 5 MB')
    .refine((csv) => utf8.encode(csv).length <= TRANSACTION_LIMITS.csvMaxBytes, 'The file must be at most 5 MB'),
  separator: z.enum(CSV_SEPARATORS).default('auto'),
  mapping: csvMappingSchema.optional(),
  /** Left out, the format every date cell fits is used; dates that fit two formats differently are refused. */
  dateFormat: z.enum(CSV_DATE_FORMATS).optional(),
  decimal: z.enum(CSV_DECIMALS).default('auto'),
  /** For rows without a payment method of their own. */
  defaultPaymentMethod: paymentMethodSchema.default('CASH'),
  /** Read and check the file, answer how it was read (CsvImportPreview), and write nothing. */
  dryRun: z.boolean().default(false),
  /** The account every row goes to (the user's own, not archived); omitted: the default account. */
  accountId: accountIdSchema.optional(),
});
export type ImportCsvInput = z.input<typeof importCsvSchema>;
export type ImportCsvData = z.output<typeof importCsvSchema>;

export interface ImportResult {
  /** Rows stored. */
  importedCount: number;
  /**
   * Rows not stored because the account already holds them from an earlier import (same source id,
   * docs/csv-import.md). Always 0 for `transaction.import`, whose rows carry no source id.
   */
  skippedCount: number;
}

/**
 * One problem with one imported row. `row` counts from 1: the position in `rows` for `import`, and
 * the spreadsheet row for `importCsv` (the header is row 1, so the first transaction is row 2).
 */
export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

/*
 * A rejected import answers BAD_REQUEST; `error.data.zodError.fieldErrors.rows` holds one message per
 * problem, written by formatImportRowError, and parseImportRowErrors turns them back into
 * { row, field, message } for a table of errors.
 */
const ROW_ERROR_PATTERN = /^Row (\d+), ([^:]+): ([\s\S]*)$/;

export function formatImportRowError(error: ImportRowError): string {
  return `Row ${error.row}, ${error.field}: ${error.message}`;
}

export function parseImportRowErrors(messages: readonly string[] | undefined): ImportRowError[] {
  const errors: ImportRowError[] = [];
  for (const text of messages ?? []) {
    const match = ROW_ERROR_PATTERN.exec(text);
    if (match) errors.push({ row: Number(match[1]), field: match[2] ?? '', message: match[3] ?? '' });
  }
  return errors;
}

/* ------------------------------------------------------------------------------------------------
 * transfers between accounts
 * ---------------------------------------------------------------------------------------------- */

/** The category both legs of a transfer carry; transfers are left out of income, expenses and budgets. */
export const TRANSFER_CATEGORY = 'Transfer';

export const TRANSFER_MESSAGES = {
  sameAccount: 'Choose two different accounts',
  legLocked:
    'This transaction is one side of a transfer; change its amount, type, category, account or date with transaction.updateTransfer',
  legNotDuplicable: 'A transfer cannot be duplicated; make a new transfer instead',
  notFound: 'Transfer not found',
  convertAmounts: 'An expense and an income of the same amount are needed to make a transfer',
  convertAccounts: 'The expense and the income must be in different accounts',
  convertAlready: 'One of these transactions is already part of a transfer',
  convertRecurring: 'A recurring series cannot become a transfer',
} as const;

const transferNoteSchema = transactionDescriptionSchema;

/** Money moved from one of the user's accounts to another: an EXPENSE leg in `from`, an INCOME leg in `to`. */
export const createTransferSchema = z
  .object({
    fromAccountId: accountIdSchema,
    toAccountId: accountIdSchema,
    amount: amountSchema,
    date: transactionDateSchema,
    note: transferNoteSchema.optional(),
  })
  .refine((value) => value.fromAccountId !== value.toAccountId, {
    message: TRANSFER_MESSAGES.sameAccount,
    path: ['toAccountId'],
  });
export type CreateTransferInput = z.input<typeof createTransferSchema>;
export type CreateTransferData = z.output<typeof createTransferSchema>;

/** Changes both legs as one; only the fields given change. */
export const updateTransferSchema = z
  .object({
    transferId: z.uuid('Invalid transfer id'),
    fromAccountId: accountIdSchema.optional(),
    toAccountId: accountIdSchema.optional(),
    amount: amountSchema.optional(),
    date: transactionDateSchema.optional(),
    note: transferNoteSchema.optional(),
  })
  .refine((value) => !value.fromAccountId || value.fromAccountId !== value.toAccountId, {
    message: TRANSFER_MESSAGES.sameAccount,
    path: ['toAccountId'],
  });
export type UpdateTransferInput = z.input<typeof updateTransferSchema>;
export type UpdateTransferData = z.output<typeof updateTransferSchema>;

/** An existing expense and income (same amount, different accounts) that are really one transfer. */
export const convertToTransferSchema = z.object({
  expenseId: transactionIdSchema,
  incomeId: transactionIdSchema,
});
export type ConvertToTransferInput = z.input<typeof convertToTransferSchema>;

/** Transfers to read by id: the legs one page of the list can show, at most. */
export const transfersByIdSchema = z.object({
  ids: z
    .array(z.uuid('Invalid transfer id'))
    .min(1, 'Name at least one transfer')
    .max(TRANSACTION_LIMITS.pageSizeMax, `At most ${TRANSACTION_LIMITS.pageSizeMax} transfers at once`),
});
export type TransfersByIdInput = z.input<typeof transfersByIdSchema>;

/** The two legs of a transfer. */
export interface Transfer {
  id: string;
  from: Transaction;
  to: Transaction;
}

/* ------------------------------------------------------------------------------------------------
 * reconciliation
 * ---------------------------------------------------------------------------------------------- */

/** Transactions one setCleared call ticks or unticks. */
export const SET_CLEARED_MAX = 500;

/** Ticks transactions off against a bank statement (cleared: true), or unticks them. All or nothing. */
export const setClearedSchema = z.object({
  ids: z
    .array(transactionIdSchema)
    .min(1, 'Select at least one transaction')
    .max(SET_CLEARED_MAX, `At most ${SET_CLEARED_MAX} transactions at once`),
  cleared: z.boolean(),
});
export type SetClearedInput = z.input<typeof setClearedSchema>;

/** The most a statement balance may be, either side of zero. */
export const STATEMENT_BALANCE_MAX = 1_000_000_000_000;

/** An account and the closing balance its bank statement shows (signed: a card in debt is below zero). */
export const reconcileStatusSchema = z.object({
  accountId: accountIdSchema,
  statementBalance: z
    .number({ error: 'Statement balance must be a number' })
    .min(-STATEMENT_BALANCE_MAX, 'Statement balance is too low')
    .max(STATEMENT_BALANCE_MAX, 'Statement balance is too high')
    .refine(
      (value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6,
      'Statement balance can have at most 2 decimals',
    ),
});
export type ReconcileStatusInput = z.input<typeof reconcileStatusSchema>;

export interface ReconcileStatus {
  accountId: string;
  statementBalance: number;
  /** The opening balance plus every cleared transaction (income adds, expenses subtract). */
  clearedBalance: number;
  /** statementBalance − clearedBalance: 0 when the account is reconciled. */
  difference: number;
  clearedCount: number;
  unclearedCount: number;
}
