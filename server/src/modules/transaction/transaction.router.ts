import {
  bulkDeleteTransactionsSchema,
  convertToTransferSchema,
  createTransactionSchema,
  createTransferSchema,
  exportTransactionsSchema,
  importCsvSchema,
  importTransactionsSchema,
  listTransactionsSchema,
  scanReceiptSchema,
  setClearedSchema,
  transactionByIdSchema,
  transactionFiltersSchema,
  transfersByIdSchema,
  undoDeleteSchema,
  updateTransactionSchema,
  updateTransferSchema,
} from '@finailytics/shared';
import { protectedProcedure, router } from '../../trpc/init';
import { scanReceipt } from '../receipt/receipt.service';
import { setCleared } from './reconcile.service';
import { transactionTotals } from './totals.service';
import { importCsvFile, requireValidImportRows } from './transaction.import';
import {
  bulkDeleteTransactions,
  createTransaction,
  deleteTransaction,
  duplicateTransaction,
  exportTransactionsCsv,
  getTransaction,
  importTransactions,
  listCategories,
  listTransactions,
  updateTransaction,
} from './transaction.service';
import { convertToTransfer, createTransfer, listTransfers, updateTransfer } from './transfer.service';
import { undoDelete } from './undo.service';

/** The caller's ledger. Every procedure is scoped to ctx.user: another user's id is NOT_FOUND. */
export const transactionRouter = router({
  create: protectedProcedure
    .input(createTransactionSchema)
    .mutation(({ ctx, input }) => createTransaction(ctx, ctx.user, input)),

  list: protectedProcedure
    .input(listTransactionsSchema)
    .query(({ ctx, input }) => listTransactions(ctx, ctx.user.id, input)),

  get: protectedProcedure
    .input(transactionByIdSchema)
    .query(({ ctx, input }) => getTransaction(ctx, ctx.user.id, input.id)),

  update: protectedProcedure
    .input(updateTransactionSchema)
    .mutation(({ ctx, input }) => updateTransaction(ctx, ctx.user, input)),

  duplicate: protectedProcedure
    .input(transactionByIdSchema)
    .mutation(({ ctx, input }) => duplicateTransaction(ctx, ctx.user.id, input.id)),

  delete: protectedProcedure
    .input(transactionByIdSchema)
    .mutation(({ ctx, input }) => deleteTransaction(ctx, ctx.user.id, input.id)),

  bulkDelete: protectedProcedure
    .input(bulkDeleteTransactionsSchema)
    .mutation(({ ctx, input }) => bulkDeleteTransactions(ctx, ctx.user.id, input.ids)),

  /** Moves money between two of the caller's accounts: two legs that are never income or expenses. */
  transfer: protectedProcedure
    .input(createTransferSchema)
    .mutation(({ ctx, input }) => createTransfer(ctx, ctx.user.id, input)),

  /** Changes a transfer's amount, date, accounts or note on both legs at once. */
  updateTransfer: protectedProcedure
    .input(updateTransferSchema)
    .mutation(({ ctx, input }) => updateTransfer(ctx, ctx.user.id, input)),

  /** Transfers with both legs, by id: what a list of legs needs to name each one's other account. */
  transfers: protectedProcedure
    .input(transfersByIdSchema)
    .query(({ ctx, input }) => listTransfers(ctx, ctx.user.id, input.ids)),

  /** Makes an existing expense and income (same amount, different accounts) one transfer. */
  convertToTransfer: protectedProcedure
    .input(convertToTransferSchema)
    .mutation(({ ctx, input }) => convertToTransfer(ctx, ctx.user.id, input)),

  /** Ticks transactions off against a bank statement, or unticks them (docs/accounts.md#reconciling). */
  setCleared: protectedProcedure
    .input(setClearedSchema)
    .mutation(({ ctx, input }) => setCleared(ctx, ctx.user.id, input)),

  /** Puts back what one delete or bulkDelete removed, given the undoId it answered. */
  undoDelete: protectedProcedure
    .input(undoDeleteSchema)
    .mutation(({ ctx, input }) => undoDelete(ctx, ctx.user.id, input.undoId)),

  /**
   * All or nothing; a bad row answers BAD_REQUEST listing every bad row (see transaction.import.ts).
   * Rows carry no source id, so nothing is skipped as imported before (docs/csv-import.md says why).
   */
  import: protectedProcedure
    .input(importTransactionsSchema)
    .mutation(async ({ ctx, input }) =>
      importTransactions(
        ctx,
        ctx.user.id,
        await requireValidImportRows(input.rows.map((values, index) => ({ row: index + 1, values }))),
        { accountId: input.accountId },
      ),
    ),

  /** Imports a CSV file, or with `dryRun` previews how it reads (see transaction.import.ts). */
  importCsv: protectedProcedure
    .input(importCsvSchema)
    .mutation(({ ctx, input }) => importCsvFile(ctx, ctx.user.id, input)),

  /** Count, income, expenses and net of everything the list's filters match (all pages). */
  totals: protectedProcedure
    .input(transactionFiltersSchema)
    .query(({ ctx, input }) => transactionTotals(ctx, ctx.user.id, input)),

  exportCsv: protectedProcedure
    .input(exportTransactionsSchema)
    .query(({ ctx, input }) => exportTransactionsCsv(ctx, ctx.user.id, input)),

  categories: protectedProcedure.query(({ ctx }) => listCategories(ctx, ctx.user.id)),

  /** Reads a receipt image into a draft expense and stores the image to attach (see docs/receipts.md). */
  scanReceipt: protectedProcedure
    .input(scanReceiptSchema)
    .mutation(({ ctx, input }) => scanReceipt(ctx, ctx.user, input)),
});
