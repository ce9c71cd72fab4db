import { z } from 'zod';
import { currencySchema, nameSchema, passwordSchema, timezoneSchema } from './auth';

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

export const updateUserSchema = z
  .object({
    name: nameSchema.optional(),
    profilePicture: z.url('Invalid picture URL').max(2048).nullable().optional(),
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
      currentPassword: z.string().min(1, 'Current password is required').max(1024),
      newPassword: passwordSchema(passwordMinLength),
    })
    .refine((value) => value.currentPassword !== value.newPassword, {
      message: 'The new password must differ from the current one',
      path: ['newPassword'],
    });
}
export type ChangePasswordInput = z.input<ReturnType<typeof changePasswordSchema>>;

export const deleteUserSchema = z.object({
  password: z.string().min(1, 'Password is required').max(1024),
});
