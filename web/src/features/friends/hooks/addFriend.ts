// The words for every answer of "send a friend request" (docs/API.md, POST /friends/requests),
// so the Add friend form always says what happened.
import { z } from 'zod';
import { ApiError, errorMessage } from '@/lib/api/client';
import type { SendFriendRequestResult } from '../types';

export const addFriendSchema = z.object({
  username: z
    .string()
    .trim()
    .transform((v) => v.replace(/^@/, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter a username.')
        .max(32, 'Usernames are at most 32 characters.')
        .regex(/^[A-Za-z0-9_.]+$/, 'Usernames use only letters a-z, digits, "_" and ".".'),
    ),
});
export type AddFriendInput = z.input<typeof addFriendSchema>;

export interface Outcome {
  ok: boolean;
  text: string;
}

export function sentOutcome(result: SendFriendRequestResult, asked: string): Outcome {
  if (result.friend) {
    return {
      ok: true,
      text: `${result.friend.user.display_name} had already sent you a request: you are now friends.`,
    };
  }
  const name = result.request?.user.display_name ?? asked;
  return { ok: true, text: `Friend request sent to ${name}.` };
}

export function failedOutcome(err: unknown, asked: string): Outcome {
  const code = err instanceof ApiError ? err.code : '';
  const who = asked ? `“${asked}”` : 'that user';
  switch (code) {
    case 'user_not_found':
      return { ok: false, text: `No user is called ${who}. Check the spelling.` };
    case 'already_friends':
      return { ok: false, text: `You are already friends with ${who}.` };
    case 'request_exists':
      return { ok: false, text: `You already sent ${who} a friend request: it is still pending.` };
    case 'cannot_befriend_self':
      return { ok: false, text: 'That is you: you cannot send yourself a friend request.' };
    case 'blocked':
      return { ok: false, text: `You cannot send ${who} a friend request: one of you has blocked the other.` };
    case 'email_unverified':
      return { ok: false, text: 'Verify your e-mail address before sending friend requests.' };
    case 'rate_limited': {
      const wait = err instanceof ApiError && err.retryAfter ? ` Try again in ${Math.ceil(err.retryAfter / 60)} min.` : '';
      return { ok: false, text: `You sent too many friend requests.${wait}` };
    }
    default:
      return { ok: false, text: errorMessage(err) };
  }
}
