import { dateRangeSchema } from '@finailytics/shared';
import { protectedProcedure, router } from '../../trpc/init';
import { getChart, getExpenseBreakdown, getSummary } from './analytics.service';

export const analyticsRouter = router({
  summary: protectedProcedure.input(dateRangeSchema).query(({ ctx, input }) => getSummary(ctx, ctx.user, input)),

  chart: protectedProcedure.input(dateRangeSchema).query(({ ctx, input }) => getChart(ctx, ctx.user, input)),

  expenseBreakdown: protectedProcedure
    .input(dateRangeSchema)
    .query(({ ctx, input }) => getExpenseBreakdown(ctx, ctx.user, input)),
});
