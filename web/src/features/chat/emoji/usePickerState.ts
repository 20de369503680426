// State of the emoji picker: the search query, the selected tab and the emoji they show, and
// picking (which also updates the "Frequently used" row).
import { useCallback, useMemo, useState } from 'react';
import { EMOJI_CATEGORIES, findEmoji, type EmojiCategoryId, type EmojiEntry } from './data';
import { useFrequentEmoji } from './frequent';
import { searchEmoji } from './search';

export type PickerTabId = 'frequent' | EmojiCategoryId;

export interface PickerTab {
  id: PickerTabId;
  label: string;
  /** An emoji for the categories; the frequent tab draws a clock instead. */
  icon: string | null;
}

export const FREQUENT_LABEL = 'Frequently used';

export function usePickerState(onPick: (emoji: string) => void) {
  const { frequent, remember } = useFrequentEmoji();
  const frequentEntries = useMemo(
    () => frequent.map((e): EmojiEntry => findEmoji(e) ?? { emoji: e, name: e, keywords: [], category: 'symbols' }),
    [frequent],
  );
  const [query, setQueryState] = useState('');
  // Opens on the frequent row when there is one, else on the first category; picking does not
  // switch tabs under the user's pointer.
  const [chosenTab, setChosenTab] = useState<PickerTabId>(() => (frequent.length > 0 ? 'frequent' : 'people'));

  const tabs = useMemo<PickerTab[]>(
    () => [
      ...(frequentEntries.length > 0 ? [{ id: 'frequent' as const, label: FREQUENT_LABEL, icon: null }] : []),
      ...EMOJI_CATEGORIES.map((c) => ({ id: c.id, label: c.label, icon: c.icon })),
    ],
    [frequentEntries.length],
  );
  const tab: PickerTab = tabs.find((t) => t.id === chosenTab) ?? tabs[0]!;

  const results = useMemo(() => (query.trim() ? searchEmoji(query) : null), [query]);
  const visible = useMemo<EmojiEntry[]>(() => {
    if (results) return results;
    if (tab.id === 'frequent') return frequentEntries;
    return [...(EMOJI_CATEGORIES.find((c) => c.id === tab.id)?.emoji ?? [])];
  }, [results, tab.id, frequentEntries]);

  const pick = useCallback(
    (emoji: string) => {
      remember(emoji);
      onPick(emoji);
    },
    [remember, onPick],
  );

  return {
    query,
    setQuery: setQueryState,
    searching: results !== null,
    tabs,
    tab,
    /** Choosing a tab leaves the search. */
    selectTab: (id: PickerTabId) => {
      setChosenTab(id);
      setQueryState('');
    },
    visible,
    heading: results !== null ? 'Search results' : tab.label,
    pick,
  };
}
