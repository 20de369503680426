// The people who can be mentioned in a conversation: the other member and me in a DM, the
// zone's members in a channel. Read from the same cached queries the DM list and the member
// list use, so live events (member joined, left, renamed) refresh the suggestions too.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSession } from '@/app/session';
import { friendsApi } from '@/features/friends/api';
import { queryKeys } from '@/features/live/queryKeys';
import { zonesApi } from '@/features/zones/api';
import type { ConversationRef } from '@/lib/socket/protocol';
import type { Person } from '../hooks/useDirectory';

export interface MentionCandidatesOptions {
  /** False keeps to what is cached (no request) until suggestions are actually wanted. */
  enabled?: boolean;
}

function person(p: Person): Person {
  return { id: p.id, username: p.username, display_name: p.display_name, avatar_url: p.avatar_url };
}

export function useMentionCandidates(conversation: ConversationRef, { enabled = true }: MentionCandidatesOptions = {}): Person[] {
  const { api, me } = useSession();
  const channel = Boolean(conversation.channel_id);
  // A channel's chat_id is its zone (docs/PROTOCOL.md, "Message").
  const zoneId = channel ? (conversation.chat_id ?? '') : '';
  const chatId = channel ? '' : (conversation.chat_id ?? '');

  const members = useQuery({
    queryKey: queryKeys.zoneMembers(zoneId),
    queryFn: () => zonesApi(api).listMembers(zoneId),
    enabled: enabled && zoneId !== '',
    staleTime: 60_000,
  });
  const dms = useQuery({
    queryKey: queryKeys.dms,
    queryFn: () => friendsApi(api).listDms(),
    enabled: enabled && chatId !== '',
    staleTime: 60_000,
  });

  return useMemo(() => {
    const people: Person[] = [];
    if (channel) {
      for (const m of members.data ?? []) people.push(person(m.user));
    } else {
      const peer = dms.data?.find((c) => c.id === chatId)?.user;
      if (peer) people.push(person(peer));
    }
    if (!people.some((p) => p.id === me.id)) people.push(person(me));
    return people;
  }, [channel, chatId, members.data, dms.data, me]);
}
