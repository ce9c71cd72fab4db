import { changePasswordSchema, deleteUserSchema, updateUserSchema, uploadAvatarSchema } from '@finailytics/shared';
import { configuredInput, PASSWORD_MIN_LENGTH_FLOOR, protectedProcedure, router } from '../../trpc/init';
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

  delete: protectedProcedure.input(deleteUserSchema).mutation(async ({ ctx, input }) => {
    await deleteAccount(ctx, ctx.user, input.password, ctx.request);
    ctx.refreshTokens.clear();
    return { message: 'Account deleted' };
  }),
});
