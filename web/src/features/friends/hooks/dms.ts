// Plain helpers of the DM list: its order (latest activity first) and the words a screen
// reader hears for each entry.
import { compareIds } from '@/features/chat/messages/timeline';
import type { DmChat } from '../types';

/**
 * Newest activity first: by the last message id (ids are time-ordered decimal strings), and a
 * chat without messages by its creation; the input is not changed.
 */
export function sortDms(chats: readonly DmChat[]): DmChat[] {
  return [...chats].sort((a, b) => {
    if (a.last_message_id && b.last_message_id) return compareIds(b.last_message_id, a.last_message_id);
    if (a.last_message_id) return -1;
    if (b.last_message_id) return 1;
    return b.created_at - a.created_at;
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Ada Lovelace", or "Ada Lovelace, 3 unread messages, 1 mention". */
export function dmLabel(chat: Pick<DmChat, 'user' | 'unread_count' | 'mention_count'>): string {
  const parts = [chat.user.display_name];
  if (chat.unread_count > 0) parts.push(plural(chat.unread_count, 'unread message', 'unread messages'));
  if (chat.mention_count > 0) parts.push(plural(chat.mention_count, 'mention', 'mentions'));
  return parts.join(', ');
}

/** Puts a chat at the head of a cached list (replacing its old copy). */
export function upsertDm(list: readonly DmChat[] | undefined, chat: DmChat): DmChat[] {
  return [chat, ...(list ?? []).filter((c) => c.id !== chat.id)];
}
