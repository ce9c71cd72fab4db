import {
  changePasswordSchema,
  deleteUserSchema,
  disableTwoFactorSchema,
  enableTwoFactorSchema,
  regenerateRecoveryCodesSchema,
  setupTwoFactorSchema,
} from '@finailytics/shared';
import { configuredInput, PASSWORD_MIN_LENGTH_FLOOR, protectedProcedure, router } from '../../trpc/init';
import { changePassword, deleteAccount } from './account.service';
import {
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
  twoFactorStatus,
} from './two-factor.service';

/**
 * The signed-in user's credentials: password, two-factor sign-in and the account itself. The API
 * serves them under `user.*` beside the profile (trpc/router.ts merges the two), so this module owns
 * the rules while the user module never depends on auth.
 */
export const accountRouter = router({
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
