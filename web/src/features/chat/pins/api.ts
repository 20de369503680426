// GET /chats/:chat_id/pins and GET /channels/:channel_id/pins (docs/API.md, "Messages:
// history, pins and search"): the pinned messages, most recently pinned first.
import type { ApiClient } from '@/lib/api/client';
import type { ConversationRef, Message } from '@/lib/socket/protocol';

const seg = encodeURIComponent;

/** The conversation's pins route: a channel's when the ref names one, else the DM chat's. */
export function pinsPath(ref: ConversationRef): string {
  if (ref.channel_id) return `/channels/${seg(ref.channel_id)}/pins`;
  if (ref.chat_id) return `/chats/${seg(ref.chat_id)}/pins`;
  throw new Error('a conversation needs chat_id or channel_id');
}

export async function listPins(api: ApiClient, ref: ConversationRef, signal?: AbortSignal): Promise<Message[]> {
  return (await api.get<{ messages: Message[] }>(pinsPath(ref), signal ? { signal } : {})).messages;
}
