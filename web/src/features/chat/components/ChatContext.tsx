// What every row of an open conversation needs (who I am, my role, the actions, names), given
// once by ConversationView instead of through each of a thousand rows' props.
import { createContext, useContext } from 'react';
import type { ZoneRole } from '@/features/zones/types';
import type { ConversationRef } from '@/lib/socket/protocol';
import type { Lookup } from '../hooks/useDirectory';
import type { MessageActions } from '../hooks/useMessageActions';
import type { ConversationKind } from '../hooks/permissions';

export interface ChatContextValue {
  conversation: ConversationRef;
  conversationKey: string;
  kind: ConversationKind;
  myId: string;
  /** My role in the zone; undefined in DMs or while the zone loads. */
  role: ZoneRole | undefined;
  lookup: Lookup;
  actions: MessageActions;
  startReply(messageId: string): void;
  startEdit(messageId: string): void;
  stopEdit(): void;
  /** Brings a message on screen (loading around it when needed) and highlights it. */
  jump(messageId: string): void;
  /** Asks, then deletes. */
  confirmDelete(messageId: string): void;
}

export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChat(): ChatContextValue {
  const c = useContext(ChatContext);
  if (!c) throw new Error('useChat outside a ConversationView');
  return c;
}
