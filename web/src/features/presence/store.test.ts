import { describe, expect, it } from 'vitest';
import { createPresenceStore, statusOf } from './store';

describe('presence store', () => {
  it('ready replaces the picture; updates change one user; unknown users are offline', () => {
    const store = createPresenceStore();
    store.getState().update({ user_id: '9', status: 'online', last_seen: null });
    store.getState().reset([
      { user_id: '1', status: 'online', last_seen: null },
      { user_id: '2', status: 'offline', last_seen: 1700000000000 },
    ]);
    const s = store.getState();
    expect([statusOf(s, '1'), statusOf(s, '2'), statusOf(s, '9'), statusOf(s, '3')]).toEqual([
      'online',
      'offline',
      'offline', // dropped by the reset: not a friend any more
      'offline',
    ]);
    store.getState().update({ user_id: '2', status: 'dnd', last_seen: null });
    expect(statusOf(store.getState(), '2')).toBe('dnd');
    expect(store.getState().byUser['1']).toEqual({ user_id: '1', status: 'online', last_seen: null });
  });

  it('forgets a user, and forgetting an unknown one changes nothing', () => {
    const store = createPresenceStore();
    store.getState().reset([{ user_id: '1', status: 'idle', last_seen: null }]);
    const before = store.getState().byUser;
    store.getState().forget('5');
    expect(store.getState().byUser).toBe(before);
    store.getState().forget('1');
    expect(statusOf(store.getState(), '1')).toBe('offline');
  });
});
