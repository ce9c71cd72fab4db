import { z } from 'zod';
import { currencySchema, existingPasswordSchema, nameSchema, passwordSchema, timezoneSchema } from './auth';

export const REPORT_FREQUENCIES = ['WEEKLY', 'MONTHLY'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

/** The user object as the API returns it; it never carries the password hash. */
export interface User {
  id: string;
  name: string;
  email: string;
  /** True once the address was confirmed through the link e-mailed to it. */
  emailVerified: boolean;
  profilePicture: string | null;
  timezone: string;
  currency: string;
  createdAt: string;
  updatedAt: string;
}

/** The app's own avatar address, as user.uploadAvatar sets it. */
const OWN_AVATAR_PATH = /^\/api\/avatars\/[0-9a-f-]{36}(\?v=\d{1,16})?$/;

/**
 * A profile picture is shown as an image source, so only web addresses (http, https) or the app's own
 * avatar path are kept: `javascript:`, `data:` and other schemes are refused.
 */
export const profilePictureSchema = z
  .string()
  .max(2048, 'Picture URL must be at most 2048 characters')
  .refine(
    (value) => OWN_AVATAR_PATH.test(value) || z.url({ protocol: /^https?$/ }).safeParse(value).success,
    'Picture URL must be an http or https address',
  );

export const updateUserSchema = z
  .object({
    name: nameSchema.optional(),
    profilePicture: profilePictureSchema.nullable().optional(),
    timezone: timezoneSchema.optional(),
    currency: currencySchema.optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), {
    message: 'Nothing to update',
  });
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export function changePasswordSchema(passwordMinLength?: number) {
  return z
    .object({
      currentPassword: existingPasswordSchema('Current password is required'),
      newPassword: passwordSchema(passwordMinLength),
    })
    .refine((value) => value.currentPassword !== value.newPassword, {
      message: 'The new password must differ from the current one',
      path: ['newPassword'],
    });
}
export type ChangePasswordInput = z.input<ReturnType<typeof changePasswordSchema>>;

export const deleteUserSchema = z.object({
  password: existingPasswordSchema(),
});
