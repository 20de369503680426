// Payload types of the real-time events the client uses (docs/PROTOCOL.md is the source of
// truth). Ids are decimal strings; times are milliseconds since the Unix epoch.

export type PresenceStatus = 'online' | 'idle' | 'dnd' | 'invisible' | 'offline';

export interface Presence {
  user_id: string;
  status: PresenceStatus;
  last_seen: number | null;
}

export interface MessageAuthor {
  id: string;
  username: string;
  display_name: string;
  avatar_url: string | null;
}

export interface Attachment {
  id: string;
  file_name: string;
  content_type: string;
  size: number;
  url: string;
}

export interface Reaction {
  emoji: string;
  count: number;
  me: boolean;
}

export interface Message {
  id: string;
  chat_id: string;
  channel_id: string | null;
  author: MessageAuthor | null;
  content: string;
  reply: { id: string; author_id: string | null; content: string; deleted: boolean } | null;
  attachments: Attachment[];
  reactions?: Reaction[];
  mentions: string[];
  pinned: boolean;
  nonce: string | null;
  created_at: number;
  edited_at: number | null;
}

/** Where a message or a typing indicator belongs: a DM chat or a zone text channel. */
export interface ConversationRef {
  chat_id?: string;
  channel_id?: string | null;
}

export interface TypingEvent {
  chat_id: string;
  channel_id: string | null;
  user_id: string;
}

/** reaction:updated: the new count of one emoji on a message, after user_id added or removed it. */
export interface ReactionEvent {
  message_id: string;
  chat_id: string;
  channel_id: string | null;
  emoji: string;
  user_id: string;
  count: number;
  added: boolean;
}

/** The error an acknowledgement carries instead of a result. */
export interface AckErrorBody {
  code: string;
  message: string;
  field?: string;
  retry_after?: number;
}

/** One key per conversation: the channel for zone messages, the chat for DMs. */
export function conversationKey(ref: ConversationRef): string {
  if (ref.channel_id) return `channel:${ref.channel_id}`;
  if (ref.chat_id) return `chat:${ref.chat_id}`;
  throw new Error('a conversation needs chat_id or channel_id');
}
