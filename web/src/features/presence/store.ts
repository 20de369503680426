// Friends' presence, as the server tells it: the list in "ready" on every (re)connect, then
// presence:update events. Only friends' presence ever arrives (the server sends it to friends
// only), so an unknown user shows as offline.
import { createStore } from 'zustand/vanilla';
import type { Presence, PresenceStatus } from '@/lib/socket/protocol';

export interface PresenceState {
  byUser: Record<string, Presence>;
  /** Replaces everything: "ready" carries the whole current picture. */
  reset(list: Presence[]): void;
  update(p: Presence): void;
  /** A friend removed or blocked: forget them. */
  forget(userId: string): void;
}

export function createPresenceStore() {
  return createStore<PresenceState>((set) => ({
    byUser: {},
    reset: (list) => set({ byUser: Object.fromEntries(list.map((p) => [p.user_id, p])) }),
    update: (p) => set((s) => ({ byUser: { ...s.byUser, [p.user_id]: p } })),
    forget: (userId) =>
      set((s) => {
        if (!(userId in s.byUser)) return s;
        const { [userId]: _gone, ...rest } = s.byUser;
        return { byUser: rest };
      }),
  }));
}

/** What to show for a user: their status, "offline" when unknown. */
export function statusOf(state: Pick<PresenceState, 'byUser'>, userId: string): PresenceStatus {
  return state.byUser[userId]?.status ?? 'offline';
}

/** Words for a status dot's label (screen readers) and tooltips. */
export const STATUS_LABEL: Record<PresenceStatus, string> = {
  online: 'Online',
  idle: 'Idle',
  dnd: 'Do not disturb',
  invisible: 'Invisible',
  offline: 'Offline',
};
