// Form schemas mirroring the server's rules (docs/API.md, "Zones"), so a form refuses bad
// input before the round trip, in words; the server stays the judge.
import { z } from 'zod';
import { codePoints } from '@/features/auth/schemas';
import { parseInviteCode } from './invites';

export const ZONE_NAME_MAX = 100;
export const BAN_REASON_MAX = 512;
export const ICON_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export const zoneNameSchema = z
  .string()
  .trim()
  .refine((v) => codePoints(v) >= 1, 'Enter a zone name.')
  .refine((v) => codePoints(v) <= ZONE_NAME_MAX, `Zone names are at most ${ZONE_NAME_MAX} characters.`);

export const inviteInputSchema = z
  .string()
  .trim()
  .min(1, 'Paste an invite link or code.')
  .refine((v) => parseInviteCode(v) !== null, 'That is not an invite link or code.');

export const banReasonSchema = z
  .string()
  .trim()
  .refine((v) => codePoints(v) <= BAN_REASON_MAX, `Reasons are at most ${BAN_REASON_MAX} characters.`);

/** Words for a picture the server would refuse by its type, or null when it may go. */
export function iconProblem(file: File): string | null {
  if (file.type && !ICON_TYPES.includes(file.type)) return 'Pick a PNG, JPEG, GIF or WebP picture.';
  return null;
}
