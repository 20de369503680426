// The mentions picked in each conversation's draft, kept beside the drafts (which survive
// switching conversations) so "@Ada" still becomes "<@id>" when the message is finally sent.
import { createStore } from 'zustand/vanilla';
import { drafts } from '../hooks/drafts';
import { encodeMentions, type TrackedMention } from './encode';

export interface TrackedState {
  byKey: Record<string, readonly TrackedMention[]>;
  track(key: string, mention: TrackedMention): void;
  clear(key: string): void;
}

const NONE: readonly TrackedMention[] = [];

export function createTrackedStore() {
  return createStore<TrackedState>((set) => ({
    byKey: {},
    track: (key, mention) =>
      set((s) => {
        const old = (s.byKey[key] ?? NONE).filter((m) => m.label !== mention.label);
        return { byKey: { ...s.byKey, [key]: [...old, mention] } };
      }),
    clear: (key) =>
      set((s) => {
        if (!(key in s.byKey)) return s;
        const { [key]: _gone, ...rest } = s.byKey;
        return { byKey: rest };
      }),
  }));
}

/** The tab's picked mentions; like the drafts, forgotten when another account takes them. */
export const trackedMentions = createTrackedStore();

drafts.subscribe((s, prev) => {
  if (s.owner !== prev.owner) trackedMentions.setState({ byKey: {} });
});

/** The draft's text as it goes on the wire. */
export function encodeDraft(key: string, text: string): string {
  return encodeMentions(text, trackedMentions.getState().byKey[key] ?? NONE);
}
