// What the user was writing in each conversation (text, the message replied to, the message
// being edited), kept while they switch conversations. Held for one account only: another
// user signing in in the same tab starts with nothing.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export interface Draft {
  text: string;
  /** Id of the message replied to. */
  replyTo: string | null;
  /** Id of my message being edited in place. */
  editing: string | null;
}

export const EMPTY_DRAFT: Draft = { text: '', replyTo: null, editing: null };

export interface DraftsState {
  /** The account the drafts belong to. */
  owner: string | null;
  byKey: Record<string, Draft>;
  /** Forgets everything when userId is not the owner. */
  claim(userId: string): void;
  update(key: string, change: Partial<Draft>): void;
  clear(key: string): void;
}

export function createDraftsStore() {
  return createStore<DraftsState>((set) => ({
    owner: null,
    byKey: {},
    claim: (userId) => set((s) => (s.owner === userId ? s : { owner: userId, byKey: {} })),
    update: (key, change) =>
      set((s) => {
        const old = s.byKey[key] ?? EMPTY_DRAFT;
        const next = { ...old, ...change };
        if (next.text === old.text && next.replyTo === old.replyTo && next.editing === old.editing) return s;
        return { byKey: { ...s.byKey, [key]: next } };
      }),
    clear: (key) =>
      set((s) => {
        if (!(key in s.byKey)) return s;
        const { [key]: _gone, ...rest } = s.byKey;
        return { byKey: rest };
      }),
  }));
}

export type DraftsStore = ReturnType<typeof createDraftsStore>;

/** The drafts of this tab. */
export const drafts = createDraftsStore();

export function useDraft<T>(key: string, select: (d: Draft) => T): T {
  return useStore(drafts, (s) => select(s.byKey[key] ?? EMPTY_DRAFT));
}
