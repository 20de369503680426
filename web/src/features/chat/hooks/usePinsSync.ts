// Keeps the pins panel's list current: any edit, pin, unpin or deletion in the conversation
// (someone else's as a socket event, mine after its acknowledgement) refetches it.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useSession } from '@/app/session';
import { pinsQueryKey } from '@/features/chat/pins';
import { conversationKey, type ConversationRef } from '@/lib/socket/protocol';

/** Returns the refresh to call after my own changes. */
export function usePinsSync(ref: ConversationRef): () => void {
  const { socket } = useSession();
  const qc = useQueryClient();
  const key = conversationKey(ref);
  const chatId = ref.chat_id;
  const channelId = ref.channel_id;

  const refresh = useCallback(
    () => void qc.invalidateQueries({ queryKey: pinsQueryKey({ chat_id: chatId, channel_id: channelId }) }),
    [qc, chatId, channelId],
  );

  useEffect(() => {
    const onChange = (e: { chat_id: string; channel_id: string | null }) => {
      if (conversationKey(e) === key) refresh();
    };
    socket.on('message:updated', onChange);
    socket.on('message:deleted', onChange);
    return () => {
      socket.off('message:updated', onChange);
      socket.off('message:deleted', onChange);
    };
  }, [socket, key, refresh]);

  return refresh;
}
