import {
  accountIdInputSchema,
  archiveAccountSchema,
  createAccountSchema,
  deleteAccountSchema,
  importStatementSchema,
  netWorthInputSchema,
  previewStatementImportSchema,
  reconcileStatusSchema,
  reorderAccountsSchema,
  updateAccountSchema,
} from '@finailytics/shared';
import { protectedProcedure, router } from '../../trpc/init';
import { importStatement, previewStatementImport } from '../statement/statement-import.service';
import { reconcileStatus } from '../transaction/reconcile.service';
import {
  archiveAccount,
  createAccount,
  deleteAccount,
  listAccounts,
  netWorth,
  reorderAccounts,
  setDefaultAccount,
  updateAccount,
} from './account.service';

/** Ledger accounts (where money sits); the login account's procedures live under `user.*`. */
export const ledgerAccountRouter = router({
  list: protectedProcedure.query(({ ctx }) => listAccounts(ctx, ctx.user.id)),
  create: protectedProcedure
    .input(createAccountSchema)
    .mutation(({ ctx, input }) => createAccount(ctx, ctx.user, input)),
  update: protectedProcedure
    .input(updateAccountSchema)
    .mutation(({ ctx, input }) => updateAccount(ctx, ctx.user.id, input)),
  archive: protectedProcedure
    .input(archiveAccountSchema)
    .mutation(({ ctx, input }) => archiveAccount(ctx, ctx.user.id, input)),
  reorder: protectedProcedure
    .input(reorderAccountsSchema)
    .mutation(({ ctx, input }) => reorderAccounts(ctx, ctx.user.id, input.ids)),
  setDefault: protectedProcedure
    .input(accountIdInputSchema)
    .mutation(({ ctx, input }) => setDefaultAccount(ctx, ctx.user.id, input.id)),
  delete: protectedProcedure
    .input(deleteAccountSchema)
    .mutation(({ ctx, input }) => deleteAccount(ctx, ctx.user.id, input)),
  netWorth: protectedProcedure.input(netWorthInputSchema).query(({ ctx, input }) => netWorth(ctx, ctx.user.id, input)),
  previewStatementImport: protectedProcedure
    .input(previewStatementImportSchema)
    .mutation(({ ctx, input }) => previewStatementImport(ctx, ctx.user.id, input)),
  importStatement: protectedProcedure
    .input(importStatementSchema)
    .mutation(({ ctx, input }) => importStatement(ctx, ctx.user.id, input)),
  reconcileStatus: protectedProcedure
    .input(reconcileStatusSchema)
    .query(({ ctx, input }) => reconcileStatus(ctx, ctx.user.id, input)),
});
