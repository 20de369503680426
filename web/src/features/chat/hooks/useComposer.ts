// The composer's logic: the draft of the conversation, the reply it answers, sending (shown at
// once, confirmed or failed later by the store), the typing announcements, and the keyboard
// rules (Enter sends, Shift+Enter breaks the line, Escape cancels, ArrowUp edits my last).
import { useCallback } from 'react';
import { useStore } from 'zustand';
import type { ConversationsStore } from '@/features/live/conversations';
import type { Attachment, ConversationRef, Message } from '@/lib/socket/protocol';
import { drafts, EMPTY_DRAFT } from './drafts';
import type { TypingEmitter } from './useTypingEmitter';

/** The server's limit on a message's text (code points). */
export const MAX_MESSAGE_CHARS = 4000;
/** The counter shows from this many characters on. */
export const COUNTER_FROM = 3500;

export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The part of useUploads the composer uses. */
export interface ComposerUploads {
  ready: Attachment[];
  busy: boolean;
  clear(): void;
}

export interface ComposerInput {
  store: ConversationsStore;
  conversation: ConversationRef;
  conversationKey: string;
  myId: string;
  uploads: ComposerUploads;
  typing: TypingEmitter;
  /** After a send: the list goes to the bottom, the divider goes away. */
  onSent?: () => void;
  /** The draft's text as sent (picked "@Name" mentions become "<@id>"); counted as sent. */
  encode?: (text: string) => string;
}

/** My newest stored message: the one ArrowUp edits. */
export function lastOwnMessage(messages: readonly Message[], myId: string): Message | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.author?.id === myId) return m;
  }
  return undefined;
}

const asIs = (text: string) => text;

export function useComposer({ store, conversation, conversationKey: key, myId, uploads, typing, onSent, encode = asIs }: ComposerInput) {
  const draft = useStore(drafts, (s) => s.byKey[key] ?? EMPTY_DRAFT);
  const length = charCount(encode(draft.text).trim());
  const tooLong = length > MAX_MESSAGE_CHARS;
  const empty = draft.text.trim() === '' && uploads.ready.length === 0;
  const canSend = !empty && !tooLong && !uploads.busy;

  const setText = useCallback(
    (text: string) => {
      drafts.getState().update(key, { text });
      typing.typed(text);
    },
    [key, typing],
  );

  const send = useCallback((): boolean => {
    const d = drafts.getState().byKey[key] ?? EMPTY_DRAFT;
    const content = encode(d.text).trim();
    if ((content === '' && uploads.ready.length === 0) || charCount(content) > MAX_MESSAGE_CHARS || uploads.busy) {
      return false;
    }
    const attachments = uploads.ready;
    void store.getState().send(conversation, {
      content,
      ...(d.replyTo !== null ? { replyTo: d.replyTo } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    drafts.getState().update(key, { text: '', replyTo: null });
    uploads.clear();
    typing.stop();
    onSent?.();
    return true;
  }, [key, store, conversation, uploads, typing, onSent, encode]);

  const cancelReply = useCallback(() => drafts.getState().update(key, { replyTo: null }), [key]);

  /** Escape: drops the reply and ends an edit; false when there was nothing to cancel. */
  const cancel = useCallback((): boolean => {
    const d = drafts.getState().byKey[key] ?? EMPTY_DRAFT;
    if (d.replyTo === null && d.editing === null) return false;
    drafts.getState().update(key, { replyTo: null, editing: null });
    return true;
  }, [key]);

  /** ArrowUp in an empty composer: edit my newest message; false when I have none loaded. */
  const editLast = useCallback((): boolean => {
    const tl = store.getState().timelines[key];
    const mine = tl ? lastOwnMessage(tl.messages, myId) : undefined;
    if (!mine) return false;
    drafts.getState().update(key, { editing: mine.id });
    return true;
  }, [store, key, myId]);

  return { text: draft.text, replyTo: draft.replyTo, length, tooLong, canSend, setText, send, cancel, cancelReply, editLast };
}
