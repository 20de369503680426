// A member's presence where it is known: one's own status, and friends' from the live
// presence store (falling back on the friends list until "ready" arrives). Others: null.
import { useCallback } from 'react';
import { useStore } from 'zustand';
import type { Status } from '@/components/ui';
import { useSession } from '@/app/session';
import { useFriends } from './queries';

export function usePresenceOf() {
  const { me, presence } = useSession();
  const byUser = useStore(presence, (s) => s.byUser);
  const friends = useFriends();
  const friendIds = new Set((friends.data ?? []).map((f) => f.user.id));
  const friendStatus = new Map((friends.data ?? []).map((f) => [f.user.id, f.user.status] as const));
  const statusOf = useCallback(
    (userId: string): Status | null => {
      if (userId === me.id) return me.status;
      const live = byUser[userId];
      if (live) return live.status === 'invisible' ? 'offline' : live.status;
      return friendStatus.get(userId) ?? null;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [me.id, me.status, byUser, friends.data],
  );
  return { statusOf, isFriend: (userId: string) => friendIds.has(userId) };
}
