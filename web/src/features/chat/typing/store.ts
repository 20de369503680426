// Who is typing where. The server relays typing:start / typing:stop and forgets a typist
// after 8 s without a refresh; the client mirrors that expiry so a lost typing:stop (a closed
// tab) never leaves "Alice is typing…" on screen, and a message from the typist ends it.
import { createStore } from 'zustand/vanilla';
import { conversationKey, type TypingEvent } from '@/lib/socket/protocol';

export const TYPING_TTL_MS = 8_000;

export interface TypingState {
  /** conversation key -> user id -> expiry time (ms) */
  byConversation: Record<string, Record<string, number>>;
  start(e: TypingEvent, now: number): void;
  stop(e: TypingEvent): void;
  /** Drops expired entries; returns whether anything changed (callers tick this). */
  expire(now: number): boolean;
}

function without(map: Record<string, number>, userId: string) {
  const { [userId]: _gone, ...rest } = map;
  return rest;
}

export function createTypingStore() {
  return createStore<TypingState>((set, get) => ({
    byConversation: {},
    start: (e, now) =>
      set((s) => {
        const key = conversationKey(e);
        return {
          byConversation: {
            ...s.byConversation,
            [key]: { ...s.byConversation[key], [e.user_id]: now + TYPING_TTL_MS },
          },
        };
      }),
    stop: (e) =>
      set((s) => {
        const key = conversationKey(e);
        const users = s.byConversation[key];
        if (!users || !(e.user_id in users)) return s;
        return { byConversation: { ...s.byConversation, [key]: without(users, e.user_id) } };
      }),
    expire: (now) => {
      const next: Record<string, Record<string, number>> = {};
      let changed = false;
      for (const [key, users] of Object.entries(get().byConversation)) {
        const kept = Object.fromEntries(Object.entries(users).filter(([, until]) => until > now));
        if (Object.keys(kept).length !== Object.keys(users).length) changed = true;
        if (Object.keys(kept).length > 0) next[key] = kept;
      }
      if (changed) set({ byConversation: next });
      return changed;
    },
  }));
}

/** The users typing in a conversation (not me), in the order they started. */
export function typists(
  state: Pick<TypingState, 'byConversation'>,
  key: string,
  me: string,
  now: number,
): string[] {
  const users = state.byConversation[key] ?? {};
  return Object.entries(users)
    .filter(([id, until]) => id !== me && until > now)
    .map(([id]) => id);
}

/** "Alice is typing…", "Alice and Bob are typing…", "Alice, Bob and 2 others are typing…" */
export function typingText(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others are typing…`;
}
