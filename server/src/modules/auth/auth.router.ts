import { AUTH_MESSAGES, loginSchema, registerSchema, revokeSessionSchema } from '@finailytics/shared';
import { AppError } from '../../lib/errors';
import {
  configuredInput,
  cookieProcedure,
  PASSWORD_MIN_LENGTH_FLOOR,
  protectedProcedure,
  publicProcedure,
  router,
} from '../../trpc/init';
import {
  listSessions,
  loginUser,
  logoutAllSessions,
  logoutSession,
  refreshSession,
  registerUser,
  revokeSession,
} from './auth.service';

export const authRouter = router({
  register: publicProcedure
    .use(configuredInput((env) => registerSchema(env.PASSWORD_MIN_LENGTH)))
    .input(registerSchema(PASSWORD_MIN_LENGTH_FLOOR))
    .mutation(async ({ ctx, input }) => {
      const user = await registerUser(ctx, input, ctx.request);
      return { message: AUTH_MESSAGES.registered, data: { user } };
    }),

  login: publicProcedure.input(loginSchema).mutation(async ({ ctx, input }) => {
    const { refreshToken, refreshMaxAgeSeconds, ...result } = await loginUser(ctx, input, ctx.request);
    ctx.refreshTokens.write(refreshToken, refreshMaxAgeSeconds);
    return { message: AUTH_MESSAGES.loggedIn, ...result };
  }),

  refresh: cookieProcedure.mutation(async ({ ctx }) => {
    try {
      const { refreshToken, refreshMaxAgeSeconds, accessToken, expiresAt } = await refreshSession(
        ctx,
        ctx.refreshTokens.read(),
      );
      ctx.refreshTokens.write(refreshToken, refreshMaxAgeSeconds);
      return { accessToken, expiresAt };
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAUTHORIZED') ctx.refreshTokens.clear();
      throw error;
    }
  }),

  logout: cookieProcedure.mutation(async ({ ctx }) => {
    await logoutSession(ctx, ctx.refreshTokens.read());
    ctx.refreshTokens.clear();
    return { message: 'Logged out' };
  }),

  logoutAll: protectedProcedure.mutation(async ({ ctx }) => {
    const revokedCount = await logoutAllSessions(ctx, ctx.user.id);
    ctx.refreshTokens.clear();
    return { message: 'Signed out everywhere', revokedCount };
  }),

  sessions: protectedProcedure.query(({ ctx }) => listSessions(ctx, ctx.user.id, ctx.sessionId)),

  revokeSession: protectedProcedure.input(revokeSessionSchema).mutation(async ({ ctx, input }) => {
    await revokeSession(ctx, ctx.user.id, input.sessionId);
    if (input.sessionId === ctx.sessionId) ctx.refreshTokens.clear();
    return { message: 'Session revoked' };
  }),
});
