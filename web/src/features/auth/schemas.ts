// Form schemas for the account screens. They mirror the server's rules (docs/API.md,
// "Accounts") so a form refuses bad input before a round trip, with the same words; the
// server stays the judge (a common password, say, only it can refuse).
import { z } from 'zod';

/** Characters as the server counts them: Unicode code points, not UTF-16 units. */
export const codePoints = (s: string) => [...s].length;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'Usernames are 3 to 32 characters.')
  .max(32, 'Usernames are 3 to 32 characters.')
  .regex(/^[A-Za-z0-9_.]+$/, 'Use only letters a-z, digits, "_" and ".".')
  .refine((v) => !v.toLowerCase().startsWith('deleted_'), 'Usernames may not start with "deleted_".')
  .transform((v) => v.toLowerCase());

export const emailSchema = z
  .string()
  .trim()
  .min(1, 'Enter your e-mail address.')
  .max(254, 'That address is too long.')
  .regex(/^[\x21-\x7e]+$/, 'Use an address without spaces or accents.')
  .regex(/^[^@]+@[^@]+\.[^@.]{2,}$/, 'That does not look like an e-mail address.')
  .refine((v) => !/\.invalid$/i.test(v), 'That does not look like an e-mail address.')
  .transform((v) => v.toLowerCase());

export const passwordSchema = z
  .string()
  .refine((v) => codePoints(v) >= 8, 'Passwords are at least 8 characters.')
  .refine((v) => codePoints(v) <= 128, 'Passwords are at most 128 characters.');

/** The password rules in words, for the hint under a new-password field. */
export const PASSWORD_HINT =
  '8 to 128 characters, taken exactly as typed (spaces count). Very common passwords are refused.';

export const displayNameSchema = z
  .string()
  .trim()
  .refine((v) => codePoints(v) >= 1, 'Enter a display name.')
  .refine((v) => codePoints(v) <= 32, 'Display names are at most 32 characters.')
  .refine((v) => !CONTROL.test(v), 'Display names cannot hold control characters.');

export const codeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'The code is the 6 digits from the e-mail.');

export const registerSchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
  // Empty means "use my username", which is what the server does without the field.
  display_name: z.union([z.literal('').transform(() => undefined), displayNameSchema]).optional(),
});
export type RegisterInput = z.input<typeof registerSchema>;
export type RegisterBody = z.output<typeof registerSchema>;

export const loginSchema = z.object({
  login: z.string().trim().min(1, 'Enter your username or e-mail address.').max(254, 'That is too long.'),
  password: z.string().min(1, 'Enter your password.').max(128, 'Passwords are at most 128 characters.'),
});
export type LoginBody = z.output<typeof loginSchema>;

export const verifySchema = z.object({ code: codeSchema });

export const resetRequestSchema = z.object({ email: emailSchema });

/** The reset form: the link's token, or the address and the code from the mail. */
export const resetConfirmSchema = z
  .object({
    token: z.string().optional(),
    email: z.string().optional(),
    code: z.string().optional(),
    new_password: passwordSchema,
    confirm: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.confirm !== v.new_password)
      ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'The passwords do not match.' });
    if (v.token) return;
    const email = emailSchema.safeParse(v.email ?? '');
    if (!email.success)
      ctx.addIssue({ code: 'custom', path: ['email'], message: email.error.issues[0]?.message ?? '' });
    const code = codeSchema.safeParse(v.code ?? '');
    if (!code.success)
      ctx.addIssue({ code: 'custom', path: ['code'], message: code.error.issues[0]?.message ?? '' });
  });

/** Changing the password; an account that signs in only through a provider has none yet. */
export function passwordChangeSchema(hasPassword: boolean) {
  return z
    .object({
      current_password: hasPassword
        ? z.string().min(1, 'Enter your current password.').max(128, 'That is too long.')
        : z.string().optional(),
      new_password: passwordSchema,
      confirm: z.string(),
    })
    .refine((v) => v.confirm === v.new_password, {
      path: ['confirm'],
      message: 'The passwords do not match.',
    });
}
