// GET /chats/:chat_id/search and GET /zones/:id/search (docs/API.md, "Messages: history, pins
// and search"): 25 messages per page, newest first; the next page is before=<last id>.
import type { ApiClient } from '@/lib/api/client';
import type { Message } from '@/lib/socket/protocol';

export type SearchScope = { chat_id: string } | { zone_id: string; channel_id?: string };

export interface SearchPage {
  messages: Message[];
  has_more: boolean;
}

const seg = encodeURIComponent;

/** A stable string naming the scope, for query keys. */
export function scopeKey(scope: SearchScope): string {
  if ('chat_id' in scope) return `chat:${scope.chat_id}`;
  return scope.channel_id ? `zone:${scope.zone_id}:channel:${scope.channel_id}` : `zone:${scope.zone_id}`;
}

export function searchMessages(
  api: ApiClient,
  scope: SearchScope,
  q: string,
  before?: string,
  signal?: AbortSignal,
): Promise<SearchPage> {
  const opts = signal ? { signal } : {};
  if ('chat_id' in scope) {
    return api.get<SearchPage>(`/chats/${seg(scope.chat_id)}/search`, { ...opts, query: { q, before } });
  }
  return api.get<SearchPage>(`/zones/${seg(scope.zone_id)}/search`, {
    ...opts,
    query: { q, channel_id: scope.channel_id, before },
  });
}
