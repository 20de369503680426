import { describe, expect, it } from 'vitest';
import { isOnline, liveStatus } from './presence';

const friend = { id: '1', username: 'ada', display_name: 'Ada', avatar_url: null, bio: '', created_at: 0, status: 'idle' as const, last_seen: null };
const stranger = { id: '2', username: 'zed', display_name: 'Zed', avatar_url: null, bio: '', created_at: 0 };

describe('liveStatus', () => {
  it('prefers the live status, falls back to the REST one, and gives none to a non-friend', () => {
    expect(liveStatus({ 1: { user_id: '1', status: 'dnd', last_seen: null } }, friend)).toBe('dnd');
    expect(liveStatus({}, friend)).toBe('idle');
    expect(liveStatus({ 2: { user_id: '2', status: 'online', last_seen: null } }, stranger)).toBeUndefined();
  });

  it('counts idle and do-not-disturb as online, invisible as not', () => {
    expect(['online', 'idle', 'dnd', 'invisible', 'offline'].map((s) => isOnline(s as never))).toEqual([true, true, true, false, false]);
  });
});
