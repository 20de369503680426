// Form schemas of the settings screens, mirroring the server's rules (docs/API.md, PATCH
// /users/me, PUT /users/me/avatar, DELETE /users/me); the server stays the judge.
import { z } from 'zod';
import { codePoints, displayNameSchema } from '@/features/auth/schemas';

export const BIO_MAX = 190;
export const DISPLAY_NAME_MAX = 32;

/** Line breaks are allowed in a bio; every other control character is not. */
const BIO_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

export const bioSchema = z
  .string()
  .trim()
  .refine((v) => codePoints(v) <= BIO_MAX, `Bios are at most ${BIO_MAX} characters.`)
  .refine((v) => !BIO_CONTROL.test(v), 'Bios cannot hold control characters (line breaks are fine).');

export const profileSchema = z.object({
  display_name: displayNameSchema,
  bio: bioSchema,
});
export type ProfileInput = z.input<typeof profileSchema>;
export type ProfileValues = z.output<typeof profileSchema>;

/** With the default server settings (OPENCHAT_MAX_BODY 1 MiB) no larger avatar gets through. */
export const AVATAR_MAX_BYTES = 1024 * 1024;
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** Why a picked file cannot be an avatar, or null when it may be sent. */
export function avatarProblem(file: Pick<File, 'size' | 'type'>): string | null {
  if (file.type && !(AVATAR_TYPES as readonly string[]).includes(file.type)) {
    return 'Avatars must be PNG, JPEG, GIF or WebP pictures.';
  }
  if (file.size === 0) return 'That file is empty.';
  if (file.size > AVATAR_MAX_BYTES) return 'Avatars can be at most 1 MB.';
  return null;
}

/** Deleting the account: the password, or the username for an account without one. */
export function deleteAccountSchema(withPassword: boolean) {
  return withPassword
    ? z.object({ secret: z.string().min(1, 'Enter your password.').max(128, 'Passwords are at most 128 characters.') })
    : z.object({ secret: z.string().trim().min(1, 'Type your username.') });
}
