// Starts loading a conversation's newest messages as soon as its screen opens, alongside the
// list the screen needs for its header (the DM list, the zone): the two requests overlap
// instead of running one after the other. The message list joins the load under way.
import { useEffect } from 'react';
import { useSession } from '@/app/session';
import { conversationKey, type ConversationRef } from '@/lib/socket/protocol';

export function usePrefetchHistory(ref: ConversationRef) {
  const { conversations } = useSession();
  const key = conversationKey(ref);
  useEffect(() => {
    const s = conversations.getState();
    // A failure is the screen's to report (it finds the conversation missing or refused).
    if (!s.timelines[key]) s.loadLatest(ref).catch(() => undefined);
    // ref is described by key
  }, [key, conversations]); // eslint-disable-line react-hooks/exhaustive-deps
}
