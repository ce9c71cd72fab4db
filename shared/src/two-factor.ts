import { z } from 'zod';
import { existingPasswordSchema } from './auth';

/** RFC 6238 parameters every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
/** How long the second sign-in step may wait after the password was accepted. */
export const TWO_FACTOR_CHALLENGE_SECONDS = 5 * 60;

export const TWO_FACTOR_MESSAGES = {
  codeRequired: 'Enter the code from your authenticator app to finish signing in.',
  invalidCode: 'That code is not valid. Check the time on your device and try again.',
  challengeExpired: 'Your sign-in has expired. Please enter your password again.',
  alreadyEnabled: 'Two-factor sign-in is already on.',
  notEnabled: 'Two-factor sign-in is not on.',
  setupFirst: 'Start the two-factor setup first.',
  verifyEmailFirst:
    'Verify your e-mail address before turning on two-factor sign-in: a password reset, which goes to that address, is how you get back in if you lose your phone.',
  keyUnreadable:
    'Your two-factor sign-in cannot be checked because the server can no longer read its setup. Please ask the administrator of this server to reset it.',
} as const;

/** Six digits; spaces are allowed because apps show codes as "123 456". */
export const totpCodeSchema = z
  .string({ error: 'Code is required' })
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'));

/** Recovery codes are shown as XXXXX-XXXXX; case, spaces and dashes do not matter. */
export const recoveryCodeSchema = z
  .string({ error: 'Recovery code is required' })
  .transform((value) => value.replace(/[\s-]+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{10}$/, 'Enter a recovery code such as ABCDE-12345'));

/** Either a code from the app or one of the recovery codes, never both. */
const secondFactor = {
  code: totpCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
};
const exactlyOneFactor = (value: { code?: string | undefined; recoveryCode?: string | undefined }) =>
  (value.code === undefined) !== (value.recoveryCode === undefined);
const oneFactorMessage = { message: 'Enter either a code from your app or a recovery code' };

export const verifyTwoFactorSchema = z
  .object({
    challenge: z
      .string({ error: 'Challenge is required' })
      .regex(/^[A-Za-z0-9_-]{43}$/, TWO_FACTOR_MESSAGES.challengeExpired),
    ...secondFactor,
  })
  .refine(exactlyOneFactor, oneFactorMessage);
export type VerifyTwoFactorInput = z.input<typeof verifyTwoFactorSchema>;

export const setupTwoFactorSchema = z.object({
  password: existingPasswordSchema(),
});
export type SetupTwoFactorInput = z.input<typeof setupTwoFactorSchema>;

export const enableTwoFactorSchema = z.object({ code: totpCodeSchema });
export type EnableTwoFactorInput = z.input<typeof enableTwoFactorSchema>;

export const regenerateRecoveryCodesSchema = z.object({ code: totpCodeSchema });
export type RegenerateRecoveryCodesInput = z.input<typeof regenerateRecoveryCodesSchema>;

export const disableTwoFactorSchema = z
  .object({ password: existingPasswordSchema(), ...secondFactor })
  .refine(exactlyOneFactor, oneFactorMessage);
export type DisableTwoFactorInput = z.input<typeof disableTwoFactorSchema>;

export interface TwoFactorSetup {
  /** Base32, for typing into an app by hand. */
  secret: string;
  otpauthUri: string;
  /** The otpauth URI as a PNG data URL, ready for an <img src>. */
  qrDataUrl: string;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}
