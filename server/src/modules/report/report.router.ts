import {
  generateReportSchema,
  listReportsSchema,
  reportIdSchema,
  sendReportSchema,
  updateReportSettingsSchema,
} from '@finailytics/shared';
import { protectedProcedure, router } from '../../trpc/init';
import {
  getReport,
  getReportSettings,
  listReports,
  previewReport,
  sendReportNow,
  updateReportSettings,
} from './report.service';

export const reportRouter = router({
  getSettings: protectedProcedure.query(({ ctx }) => getReportSettings(ctx, ctx.user)),

  updateSettings: protectedProcedure
    .input(updateReportSettingsSchema)
    .mutation(({ ctx, input }) => updateReportSettings(ctx, ctx.user, input)),

  generate: protectedProcedure
    .input(generateReportSchema)
    .query(({ ctx, input }) => previewReport(ctx, ctx.user, input)),

  list: protectedProcedure.input(listReportsSchema).query(({ ctx, input }) => listReports(ctx, ctx.user.id, input)),

  get: protectedProcedure.input(reportIdSchema).query(({ ctx, input }) => getReport(ctx, ctx.user.id, input.id)),

  sendNow: protectedProcedure.input(sendReportSchema).mutation(({ ctx, input }) => sendReportNow(ctx, ctx.user, input)),
});
