import { updateUserSchema, uploadAvatarSchema } from '@finailytics/shared';
import { protectedProcedure, router } from '../../trpc/init';
import { uploadAvatar } from './avatar.service';
import { updateProfile } from './user.service';

/** The signed-in user's profile. Password, two-factor and deletion are auth's (auth/account.router.ts). */
export const userRouter = router({
  me: protectedProcedure.query(({ ctx }) => ctx.user),

  update: protectedProcedure
    .input(updateUserSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx, ctx.user.id, input)),

  uploadAvatar: protectedProcedure
    .input(uploadAvatarSchema)
    .mutation(({ ctx, input }) => uploadAvatar(ctx, ctx.user.id, input)),
});
