// The user's actions on messages (edit, delete, pin, react, retry...) bound to one
// conversation. A refused action is reported in the server's own words as a toast; callers
// get a boolean so an editor can stay open after a failure.
import { useMemo } from 'react';
import { toast } from '@/components/ui';
import { ApiError, errorMessage } from '@/lib/api/client';
import { SocketError } from '@/lib/socket/client';
import type { ConversationRef } from '@/lib/socket/protocol';
import type { ConversationsStore } from '@/features/live/conversations';

/** Words for the user from a failed REST call or socket acknowledgement. */
export function wordsOf(err: unknown): string {
  if (err instanceof ApiError) return errorMessage(err);
  if (err instanceof SocketError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong. Try again.';
}

export interface MessageActions {
  edit(messageId: string, content: string): Promise<boolean>;
  remove(messageId: string): Promise<boolean>;
  pin(messageId: string): Promise<boolean>;
  unpin(messageId: string): Promise<boolean>;
  /** Adds my reaction, or takes it back when `mine`. */
  toggleReaction(messageId: string, emoji: string, mine: boolean): Promise<boolean>;
  react(messageId: string, emoji: string): Promise<boolean>;
  retry(nonce: string): void;
  discard(nonce: string): void;
}

async function attempt(run: () => Promise<unknown>, what: string): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    toast.error(wordsOf(err), { title: what });
    return false;
  }
}

function told(words: string) {
  return (ok: boolean) => {
    if (ok) toast.success(words);
    return ok;
  };
}

export function messageActions(
  store: ConversationsStore,
  ref: ConversationRef,
  /** After an edit, delete, pin or unpin of mine (my own acts come back as no event). */
  onChanged?: () => void,
): MessageActions {
  const s = () => store.getState();
  const changing = async (run: () => Promise<unknown>, what: string) => {
    const ok = await attempt(run, what);
    if (ok) onChanged?.();
    return ok;
  };
  return {
    edit: (id, content) => changing(() => s().edit(ref, id, content), 'The message was not edited'),
    remove: (id) => changing(() => s().remove(ref, id), 'The message was not deleted'),
    // Pinning changes nothing in the message itself: say it happened.
    pin: (id) => changing(() => s().pin(ref, id), 'The message was not pinned').then(told('Message pinned.')),
    unpin: (id) => changing(() => s().unpin(ref, id), 'The message was not unpinned').then(told('Message unpinned.')),
    react: (id, emoji) => attempt(() => s().react(ref, id, emoji), 'The reaction was not added'),
    toggleReaction: (id, emoji, mine) =>
      mine
        ? attempt(() => s().unreact(ref, id, emoji), 'The reaction was not removed')
        : attempt(() => s().react(ref, id, emoji), 'The reaction was not added'),
    retry: (nonce) => void s().retry(ref, nonce),
    discard: (nonce) => s().discard(ref, nonce),
  };
}

export function useMessageActions(store: ConversationsStore, ref: ConversationRef, onChanged?: () => void): MessageActions {
  const chatId = ref.chat_id;
  const channelId = ref.channel_id;
  return useMemo(
    () => messageActions(store, { chat_id: chatId, channel_id: channelId }, onChanged),
    [store, chatId, channelId, onChanged],
  );
}
