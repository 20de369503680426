// "Seen" receipts of DMs: how far the other member has read each chat, from chat:seen. The
// server sends it only when the position moves forward; a late event never moves it back.
import { createStore } from 'zustand/vanilla';
import { compareIds } from '@/features/chat/messages/timeline';

export interface SeenEvent {
  chat_id: string;
  user_id: string;
  last_read_id: string;
}

export interface SeenState {
  /** chat id -> the other member's read position */
  byChat: Record<string, { user_id: string; last_read_id: string }>;
  seen(e: SeenEvent): void;
  clear(): void;
}

export function createSeenStore() {
  return createStore<SeenState>((set) => ({
    byChat: {},
    seen: (e) =>
      set((s) => {
        const old = s.byChat[e.chat_id];
        if (old && old.user_id === e.user_id && compareIds(e.last_read_id, old.last_read_id) <= 0) return s;
        return { byChat: { ...s.byChat, [e.chat_id]: { user_id: e.user_id, last_read_id: e.last_read_id } } };
      }),
    clear: () => set({ byChat: {} }),
  }));
}

export type SeenStore = ReturnType<typeof createSeenStore>;

/** Whether the other member of a DM has read up to messageId. */
export function isSeen(state: Pick<SeenState, 'byChat'>, chatId: string, messageId: string): boolean {
  const s = state.byChat[chatId];
  return s !== undefined && compareIds(s.last_read_id, messageId) >= 0;
}
