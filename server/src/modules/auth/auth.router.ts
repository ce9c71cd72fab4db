import {
  ACCOUNT_MESSAGES,
  AUTH_MESSAGES,
  loginSchema,
  registerSchema,
  requestPasswordResetSchema,
  resetPasswordSchema,
  revokeSessionSchema,
  TWO_FACTOR_MESSAGES,
  verifyEmailSchema,
  verifyTwoFactorSchema,
} from '@finailytics/shared';
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
  completeTwoFactorLogin,
  listSessions,
  loginUser,
  logoutAllSessions,
  logoutSession,
  refreshSession,
  registerUser,
  revokeSession,
} from './auth.service';
import { resendVerification, verifyEmail } from './email-verification.service';
import { requestPasswordReset, resetPassword } from './password-reset.service';

export const authRouter = router({
  register: publicProcedure
    .use(configuredInput((env) => registerSchema(env.PASSWORD_MIN_LENGTH)))
    .input(registerSchema(PASSWORD_MIN_LENGTH_FLOOR))
    .mutation(async ({ ctx, input }) => {
      const user = await registerUser(ctx, input, ctx.request);
      return { message: AUTH_MESSAGES.registered, data: { user } };
    }),

  /**
   * `{ twoFactorRequired: false, user, accessToken, … }` and the refresh cookie; or, with two-factor
   * sign-in on, `{ twoFactorRequired: true, challenge, expiresAt }` and no session yet.
   */
  login: publicProcedure.input(loginSchema).mutation(async ({ ctx, input }) => {
    const result = await loginUser(ctx, input, ctx.request);
    if (result.twoFactorRequired) return { message: TWO_FACTOR_MESSAGES.codeRequired, ...result };
    const { refreshToken, refreshMaxAgeSeconds, ...signedIn } = result;
    ctx.refreshTokens.write(refreshToken, refreshMaxAgeSeconds);
    return { message: AUTH_MESSAGES.loggedIn, ...signedIn };
  }),

  verifyTwoFactor: publicProcedure.input(verifyTwoFactorSchema).mutation(async ({ ctx, input }) => {
    const { refreshToken, refreshMaxAgeSeconds, ...signedIn } = await completeTwoFactorLogin(ctx, input, ctx.request);
    ctx.refreshTokens.write(refreshToken, refreshMaxAgeSeconds);
    return { message: AUTH_MESSAGES.loggedIn, ...signedIn };
  }),

  requestPasswordReset: publicProcedure.input(requestPasswordResetSchema).mutation(async ({ ctx, input }) => {
    await requestPasswordReset(ctx, input.email, ctx.request);
    return { message: ACCOUNT_MESSAGES.resetRequested };
  }),

  resetPassword: publicProcedure
    .use(configuredInput((env) => resetPasswordSchema(env.PASSWORD_MIN_LENGTH)))
    .input(resetPasswordSchema(PASSWORD_MIN_LENGTH_FLOOR))
    .mutation(async ({ ctx, input }) => {
      await resetPassword(ctx, input, ctx.request);
      // Every session ended, this browser's included.
      ctx.refreshTokens.clear();
      return { message: ACCOUNT_MESSAGES.passwordReset };
    }),

  verifyEmail: publicProcedure.input(verifyEmailSchema).mutation(async ({ ctx, input }) => {
    await verifyEmail(ctx, input.token, ctx.request);
    return { message: ACCOUNT_MESSAGES.emailVerified };
  }),

  resendVerification: protectedProcedure.mutation(async ({ ctx }) => {
    const { sent } = await resendVerification(ctx, ctx.user);
    return { message: sent ? ACCOUNT_MESSAGES.verificationSent : ACCOUNT_MESSAGES.alreadyVerified, sent };
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
