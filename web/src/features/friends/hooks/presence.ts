// A friend's presence for the screens: live from the presence store (the socket's "ready"
// carries every friend's presence, then presence:update), and until the socket has spoken, the
// status the REST answer carried. Only friends have presence; others get no status at all.
import { useStore } from 'zustand';
import type { PresenceState } from '@/features/presence/store';
import type { PresenceStatus } from '@/lib/socket/protocol';
import { useSession } from '@/app/session';
import { hasPresence, type MaybePresenceUser } from '../types';

/** The status to show for a user: the live one, else the REST one, else none (not a friend). */
export function liveStatus(byUser: PresenceState['byUser'], user: MaybePresenceUser): PresenceStatus | undefined {
  if (!hasPresence(user)) return undefined;
  return byUser[user.id]?.status ?? user.status;
}

export function useStatusOf(user: MaybePresenceUser): PresenceStatus | undefined {
  const { presence } = useSession();
  const live = useStore(presence, (s) => s.byUser[user.id]?.status);
  return hasPresence(user) ? (live ?? user.status) : undefined;
}

/** Every known live status, for lists that filter by it (the "Online" tab). */
export function usePresenceMap() {
  const { presence } = useSession();
  return useStore(presence, (s) => s.byUser);
}

/** Online, idle and do-not-disturb count as online; invisible shows as offline. */
export function isOnline(status: PresenceStatus | undefined): boolean {
  return status === 'online' || status === 'idle' || status === 'dnd';
}
