import { z } from 'zod';

/** bcrypt only reads the first 72 bytes of a password; longer ones are refused, never truncated. */
export const PASSWORD_MAX_BYTES = 72;
/** Default minimum; the server may configure another (PASSWORD_MIN_LENGTH) and passes it in. */
export const DEFAULT_PASSWORD_MIN_LENGTH = 8;

const utf8 = new TextEncoder();

/**
 * One canonical form per address: NFKC folds compatibility characters (the Kelvin sign K, full-width
 * letters) into their plain forms and unifies NFC/NFD, then the whole address is lower-cased.
 */
export function canonicalEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

const EMAIL_MAX_LENGTH = 255;
const EMAIL_TOO_LONG = `Email must be at most ${EMAIL_MAX_LENGTH} characters`;

/**
 * The length is checked on the canonical form, which is what is stored: NFKC can turn one character
 * into as many as 18 (U+FDFA), so a short input may not fit the column. The raw bound only keeps
 * normalisation itself cheap; NFKC can also shorten (composing accents), hence four times the limit.
 */
export const emailSchema = z
  .string({ error: 'Email is required' })
  .max(EMAIL_MAX_LENGTH * 4, EMAIL_TOO_LONG)
  .transform(canonicalEmail)
  .pipe(z.string().max(EMAIL_MAX_LENGTH, EMAIL_TOO_LONG).pipe(z.email('Invalid email address')));

export const nameSchema = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(255, 'Name must be at most 255 characters')
  // PostgreSQL text cannot hold the NUL character; refusing it here keeps it from ever reaching the database.
  .refine((value) => !value.includes('\u0000'), 'Name must not contain NUL characters');

/**
 * What bcrypt can take exactly: at most 72 bytes, and no NUL (bcrypt reads a C string, so "abc\0xyz"
 * would hash as "abc"). Every password field refuses the rest with the same messages, new or existing:
 * were sign-in to accept more, everything past the 72nd byte would be silently ignored.
 */
function bcryptSafe(schema: z.ZodString) {
  return schema
    .refine(
      (value) => utf8.encode(value).length <= PASSWORD_MAX_BYTES,
      `Password must be at most ${PASSWORD_MAX_BYTES} bytes`,
    )
    .refine((value) => !value.includes('\u0000'), 'Password must not contain NUL characters');
}

/** Rules for a new password. */
export function passwordSchema(minLength = DEFAULT_PASSWORD_MIN_LENGTH) {
  return bcryptSafe(
    z.string({ error: 'Password is required' }).min(minLength, `Password must be at least ${minLength} characters`),
  );
}

/**
 * A password the user already has (sign-in, confirming a change or a deletion). The minimum length is
 * not checked again — a rule change must not lock out existing accounts — but bcrypt's limits are.
 */
export function existingPasswordSchema(requiredMessage = 'Password is required') {
  return bcryptSafe(z.string({ error: requiredMessage }).min(1, requiredMessage));
}

/** IANA zone names the runtime knows; anything else is refused rather than silently treated as UTC. */
export const timezoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'Unknown time zone');

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Currency must be a three-letter ISO 4217 code')
  .refine((code) => {
    try {
      new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown currency');

export function registerSchema(passwordMinLength = DEFAULT_PASSWORD_MIN_LENGTH) {
  return z.object({
    name: nameSchema,
    email: emailSchema,
    password: passwordSchema(passwordMinLength),
    timezone: timezoneSchema.optional(),
    currency: currencySchema.optional(),
  });
}
export type RegisterInput = z.input<ReturnType<typeof registerSchema>>;

export const loginSchema = z.object({
  email: emailSchema,
  password: existingPasswordSchema(),
});
export type LoginInput = z.input<typeof loginSchema>;

export const revokeSessionSchema = z.object({ sessionId: z.uuid('Invalid session id') });

/** Messages of account recovery and e-mail verification; the web shows them as they are. */
export const ACCOUNT_MESSAGES = {
  resetRequested: 'If an account exists for that address, we have sent it a link to reset the password.',
  passwordReset: 'Your password has been reset. Please sign in with the new one.',
  invalidLink: 'This link is invalid or has expired. Please ask for a new one.',
  emailVerified: 'Your e-mail address is verified.',
  verificationSent: 'We have sent you a new verification link.',
  alreadyVerified: 'Your e-mail address is already verified.',
  breachedPassword:
    'This password appears in lists of passwords exposed in data breaches, so attackers try it first. Please choose another.',
  mailUnavailable: 'We could not send the e-mail just now. Please try again in a few minutes.',
} as const;

/** Reset and verification links carry a 256-bit token as 43 base64url characters. */
export const oneTimeTokenSchema = z
  .string({ error: 'The link is incomplete' })
  .regex(/^[A-Za-z0-9_-]{43}$/, ACCOUNT_MESSAGES.invalidLink);

export const requestPasswordResetSchema = z.object({ email: emailSchema });
export type RequestPasswordResetInput = z.input<typeof requestPasswordResetSchema>;

export function resetPasswordSchema(passwordMinLength = DEFAULT_PASSWORD_MIN_LENGTH) {
  return z.object({ token: oneTimeTokenSchema, newPassword: passwordSchema(passwordMinLength) });
}
export type ResetPasswordInput = z.input<ReturnType<typeof resetPasswordSchema>>;

export const verifyEmailSchema = z.object({ token: oneTimeTokenSchema });
export type VerifyEmailInput = z.input<typeof verifyEmailSchema>;
