import {
  changePasswordSchema,
  deleteUserSchema,
  disableTwoFactorSchema,
  enableTwoFactorSchema,
  regenerateRecoveryCodesSchema,
  setupTwoFactorSchema,
  updateUserSchema,
  uploadAvatarSchema,
} from '@finailytics/shared';
import { configuredInput, PASSWORD_MIN_LENGTH_FLOOR, protectedProcedure, router } from '../../trpc/init';
import {
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
  twoFactorStatus,
} from '../auth/two-factor.service';
import { uploadAvatar } from './avatar.service';
import { changePassword, deleteAccount, updateProfile } from './user.service';

export const userRouter = router({
  me: protectedProcedure.query(({ ctx }) => ctx.user),

  update: protectedProcedure
    .input(updateUserSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx, ctx.user.id, input)),

  uploadAvatar: protectedProcedure
    .input(uploadAvatarSchema)
    .mutation(({ ctx, input }) => uploadAvatar(ctx, ctx.user.id, input)),

  changePassword: protectedProcedure
    .use(configuredInput((env) => changePasswordSchema(env.PASSWORD_MIN_LENGTH)))
    .input(changePasswordSchema(PASSWORD_MIN_LENGTH_FLOOR))
    .mutation(async ({ ctx, input }) => {
      const { revokedSessions } = await changePassword(ctx, ctx.user, ctx.sessionId, input, ctx.request);
      return { message: 'Password changed', revokedSessions };
    }),

  twoFactor: router({
    status: protectedProcedure.query(({ ctx }) => twoFactorStatus(ctx, ctx.user.id)),

    setup: protectedProcedure
      .input(setupTwoFactorSchema)
      .mutation(({ ctx, input }) => startTwoFactorSetup(ctx, ctx.user, input.password, ctx.request)),

    enable: protectedProcedure
      .input(enableTwoFactorSchema)
      .mutation(({ ctx, input }) => enableTwoFactor(ctx, ctx.user, input.code)),

    regenerateRecoveryCodes: protectedProcedure
      .input(regenerateRecoveryCodesSchema)
      .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx, ctx.user, input.code)),

    disable: protectedProcedure.input(disableTwoFactorSchema).mutation(async ({ ctx, input }) => {
      await disableTwoFactor(ctx, ctx.user, input, ctx.request);
      return { message: 'Two-factor sign-in is off' };
    }),
  }),

  delete: protectedProcedure.input(deleteUserSchema).mutation(async ({ ctx, input }) => {
    await deleteAccount(ctx, ctx.user, input.password, ctx.request);
    ctx.refreshTokens.clear();
    return { message: 'Account deleted' };
  }),
});
