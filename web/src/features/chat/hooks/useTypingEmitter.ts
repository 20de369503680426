// Tells the others in a conversation that the user is typing: typing:start at most once per
// TYPING_REPEAT_MS while keys are pressed (the server forgets a typist after 8 s without a
// repeat), typing:stop when the text is sent, cleared or left.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ConversationRef } from '@/lib/socket/protocol';

export const TYPING_REPEAT_MS = 5_000;

export type TypingEvent = 'typing:start' | 'typing:stop';
export type TypingEmit = (event: TypingEvent, payload: { chat_id: string } | { channel_id: string }) => void;

function payloadOf(ref: ConversationRef): { chat_id: string } | { channel_id: string } {
  if (ref.channel_id) return { channel_id: ref.channel_id };
  return { chat_id: ref.chat_id ?? '' };
}

export interface TypingEmitter {
  /** The text changed: announce typing (throttled), or stop when it is empty now. */
  typed(text: string): void;
  /** Sent, cleared or left: stop, if started. */
  stop(): void;
}

/** The throttling itself, without React (the hook below binds it to a conversation). */
export function createTypingEmitter(
  emit: TypingEmit,
  ref: ConversationRef,
  now: () => number = Date.now,
): TypingEmitter {
  let lastStart: number | null = null;
  const payload = payloadOf(ref);
  return {
    typed(text) {
      if (text.trim() === '') {
        this.stop();
        return;
      }
      const t = now();
      if (lastStart !== null && t - lastStart < TYPING_REPEAT_MS) return;
      lastStart = t;
      emit('typing:start', payload);
    },
    stop() {
      if (lastStart === null) return;
      lastStart = null;
      emit('typing:stop', payload);
    },
  };
}

export function useTypingEmitter(emit: TypingEmit, ref: ConversationRef): TypingEmitter {
  const emitRef = useRef(emit);
  emitRef.current = emit;
  const chatId = ref.chat_id;
  const channelId = ref.channel_id;
  const emitter = useMemo(
    () =>
      createTypingEmitter((e, p) => emitRef.current(e, p), { chat_id: chatId, channel_id: channelId }),
    [chatId, channelId],
  );
  // Leaving the conversation (or the page) ends the typing there.
  useEffect(() => () => emitter.stop(), [emitter]);
  const typed = useCallback((text: string) => emitter.typed(text), [emitter]);
  const stop = useCallback(() => emitter.stop(), [emitter]);
  return useMemo(() => ({ typed, stop }), [typed, stop]);
}
