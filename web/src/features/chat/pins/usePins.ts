// The pinned messages of a conversation, cached under ['pins', conversationKey]: the view
// invalidates pinsQueryKey(ref) when a message:updated changes a pin.
import { useQuery } from '@tanstack/react-query';
import { useSession } from '@/app/session';
import { conversationKey, type ConversationRef } from '@/lib/socket/protocol';
import { listPins } from './api';

export function pinsQueryKey(ref: ConversationRef) {
  return ['pins', conversationKey(ref)] as const;
}

export function usePins(conversation: ConversationRef) {
  const { api } = useSession();
  return useQuery({
    queryKey: pinsQueryKey(conversation),
    queryFn: ({ signal }) => listPins(api, conversation, signal),
  });
}
