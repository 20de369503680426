// Names and avatars of the people a conversation can mention, reply to or see typing: me and
// the other member in a DM, the zone's members in a channel, plus every author loaded.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSession } from '@/app/session';
import { queryKeys } from '@/features/live/queryKeys';
import { zonesApi } from '@/features/zones/api';
import type { MessageAuthor } from '@/lib/socket/protocol';

export type Person = Pick<MessageAuthor, 'id' | 'username' | 'display_name' | 'avatar_url'>;

export type Lookup = (userId: string) => Person | undefined;

/** The name a person goes by here. */
export function nameOf(p: Person | undefined | null): string {
  if (!p) return 'Unknown user';
  return p.display_name || p.username;
}

export function useDirectory(opts: { conversationKey: string; zoneId?: string | undefined; peer?: Person | undefined }): Lookup {
  const { me, api, conversations } = useSession();
  const { zoneId, peer, conversationKey } = opts;
  const members = useQuery({
    queryKey: queryKeys.zoneMembers(zoneId ?? ''),
    queryFn: () => zonesApi(api).listMembers(zoneId ?? ''),
    enabled: zoneId !== undefined,
    staleTime: 60_000,
  });

  // Not keyed on the messages: every row would re-render on each new message otherwise.
  // Authors are looked up in the loaded messages only for someone who left the zone.
  const byId = useMemo(() => {
    const map = new Map<string, Person>();
    for (const m of members.data ?? []) map.set(m.user.id, m.user);
    if (peer) map.set(peer.id, peer);
    map.set(me.id, me);
    return map;
  }, [members.data, peer, me]);

  return useCallback(
    (id: string) => {
      const known = byId.get(id);
      if (known) return known;
      const loaded = conversations.getState().timelines[conversationKey]?.messages ?? [];
      for (let i = loaded.length - 1; i >= 0; i--) {
        const author = loaded[i]!.author;
        if (author?.id === id) return author;
      }
      return undefined;
    },
    [byId, conversations, conversationKey],
  );
}
