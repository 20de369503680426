// Invite links: the lifetimes and use limits offered (docs/API.md, POST /zones/:id/invites),
// reading a pasted link or code, and the words for each way an invite can be refused.
import { ApiError, errorMessage } from '@/lib/api/client';
import type { CreateInviteBody } from '../types';

export interface Choice<V> {
  value: string;
  label: string;
  body: V;
}

export const EXPIRY_OPTIONS: Choice<number | null>[] = [
  { value: '1800', label: '30 minutes', body: 1800 },
  { value: '3600', label: '1 hour', body: 3600 },
  { value: '21600', label: '6 hours', body: 21600 },
  { value: '43200', label: '12 hours', body: 43200 },
  { value: '86400', label: '1 day', body: 86400 },
  { value: '604800', label: '7 days', body: 604800 },
  { value: 'never', label: 'Never', body: null },
];
/** The server's own default lifetime. */
export const DEFAULT_EXPIRY = '604800';

export const MAX_USES_OPTIONS: Choice<number | null>[] = [
  { value: 'none', label: 'No limit', body: null },
  ...[1, 5, 10, 25, 50, 100].map((n) => ({ value: String(n), label: String(n), body: n })),
];
export const DEFAULT_MAX_USES = 'none';

/** The body of POST /zones/:id/invites for the chosen options. */
export function inviteBody(expiry: string, maxUses: string): CreateInviteBody {
  const e = EXPIRY_OPTIONS.find((o) => o.value === expiry) ?? EXPIRY_OPTIONS.find((o) => o.value === DEFAULT_EXPIRY)!;
  const m = MAX_USES_OPTIONS.find((o) => o.value === maxUses) ?? MAX_USES_OPTIONS[0]!;
  return { expires_in_s: e.body, max_uses: m.body };
}

const CODE = /^[A-Za-z0-9]{1,64}$/;

/** The code of an invite given as a full link (any host), a path, or the bare code; null if neither. */
export function parseInviteCode(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const inPath = /(?:^|\/)invite\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(text);
  const code = inPath ? decodeURIComponent(inPath[1]!) : text;
  return CODE.test(code) ? code : null;
}

/** A heading and a sentence for a refused invite (preview or join). */
export function inviteErrorText(err: unknown): { title: string; text: string } {
  const code = err instanceof ApiError ? err.code : '';
  switch (code) {
    case 'invite_not_found':
      return { title: 'This invite is invalid', text: 'No invite has this code. Check the link, or ask for a new one.' };
    case 'invite_expired':
      return { title: 'This invite has expired', text: 'Ask someone in the zone for a new link.' };
    case 'invite_exhausted':
      return { title: 'This invite has been used up', text: 'It reached its maximum number of uses. Ask for a new link.' };
    case 'invite_revoked':
      return { title: 'This invite was revoked', text: 'An admin of the zone withdrew it. Ask for a new link.' };
    case 'banned':
      return { title: 'You are banned from this zone', text: 'You cannot join it while the ban lasts.' };
    case 'rate_limited':
      return { title: 'Too many attempts', text: errorMessage(err) };
    default:
      return { title: 'The invite could not be opened', text: errorMessage(err) };
  }
}

/** How long an invite has left: "In 3 hours", "Expired", "Never". */
export function expiryText(expiresAt: number | null, now = Date.now()): string {
  if (expiresAt === null) return 'Never';
  if (expiresAt <= now) return 'Expired';
  const mins = Math.round((expiresAt - now) / 60000);
  if (mins < 60) return `In ${Math.max(1, mins)} minute${mins <= 1 ? '' : 's'}`;
  const hours = Math.round(mins / 60);
  if (hours < 48) return `In ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `In ${days} days`;
}
