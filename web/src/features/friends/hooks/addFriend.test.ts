import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/client';
import { addFriendSchema, failedOutcome } from './addFriend';

const refused = (status: number, code: string, retryAfter?: number) =>
  new ApiError(status, { code, message: `server says ${code}` }, retryAfter);

describe('add friend', () => {
  it('validates the username like the server (a leading @ is forgiven)', () => {
    expect(addFriendSchema.safeParse({ username: '  @ada.l ' })).toMatchObject({ success: true, data: { username: 'ada.l' } });
    expect(addFriendSchema.safeParse({ username: ' ' }).error?.issues[0]?.message).toBe('Enter a username.');
    expect(addFriendSchema.safeParse({ username: 'ada lovelace' }).error?.issues[0]?.message).toMatch(/letters a-z/);
    expect(addFriendSchema.safeParse({ username: 'a'.repeat(33) }).error?.issues[0]?.message).toMatch(/at most 32/);
  });

  it('puts every refusal in words, and the server’s own words for the rest', () => {
    expect(failedOutcome(refused(429, 'rate_limited', 600), 'ada').text).toBe('You sent too many friend requests. Try again in 10 min.');
    expect(failedOutcome(refused(422, 'invalid_field'), 'ada').text).toBe('server says invalid_field');
    expect(failedOutcome(new Error('boom'), 'ada').text).toBe('Something went wrong. Try again.');
    expect(failedOutcome(refused(404, 'user_not_found'), 'ada')).toEqual({ ok: false, text: 'No user is called “ada”. Check the spelling.' });
  });
});
