import {
  budgetAlertIdSchema,
  budgetIdSchema,
  budgetStatusSchema,
  createBudgetSchema,
  updateBudgetAlertSettingsSchema,
  updateBudgetSchema,
} from '@finailytics/shared';
import { protectedProcedure, router } from '../../trpc/init';
import { createBudget, deleteBudget, getBudgetStatus, listBudgets, updateBudget } from './budget.service';
import { dismissAlert, getAlertSettings, listAlerts, updateAlertSettings } from './budget-alert.service';

export const budgetRouter = router({
  list: protectedProcedure.query(({ ctx }) => listBudgets(ctx, ctx.user.id)),

  create: protectedProcedure.input(createBudgetSchema).mutation(({ ctx, input }) => createBudget(ctx, ctx.user, input)),

  update: protectedProcedure.input(updateBudgetSchema).mutation(({ ctx, input }) => updateBudget(ctx, ctx.user, input)),

  delete: protectedProcedure
    .input(budgetIdSchema)
    .mutation(({ ctx, input }) => deleteBudget(ctx, ctx.user.id, input.id)),

  status: protectedProcedure.input(budgetStatusSchema).query(({ ctx, input }) => getBudgetStatus(ctx, ctx.user, input)),

  alerts: protectedProcedure.query(({ ctx }) => listAlerts(ctx, ctx.user.id)),

  dismissAlert: protectedProcedure
    .input(budgetAlertIdSchema)
    .mutation(({ ctx, input }) => dismissAlert(ctx, ctx.user.id, input.id)),

  getAlertSettings: protectedProcedure.query(({ ctx }) => getAlertSettings(ctx, ctx.user.id)),

  updateAlertSettings: protectedProcedure
    .input(updateBudgetAlertSettingsSchema)
    .mutation(({ ctx, input }) => updateAlertSettings(ctx, ctx.user.id, input)),
});
