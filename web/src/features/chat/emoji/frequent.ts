// The "Frequently used" row: the emoji this browser picked last, most recent first, kept in
// localStorage so it survives reloads. Storage errors (private mode, quota) only lose the row.
import { useCallback, useSyncExternalStore } from 'react';

export const FREQUENT_KEY = 'openchat.emoji.frequent';
export const MAX_FREQUENT = 16;

const listeners = new Set<() => void>();
let cache: { raw: string | null; list: string[] } = { raw: null, list: [] };

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadFrequent(): string[] {
  let raw: string | null = null;
  try {
    raw = storage()?.getItem(FREQUENT_KEY) ?? null;
  } catch {
    raw = null;
  }
  if (raw === cache.raw) return cache.list; // same snapshot for useSyncExternalStore
  let list: string[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) list = parsed.filter((x): x is string => typeof x === 'string').slice(0, MAX_FREQUENT);
  } catch {
    list = [];
  }
  cache = { raw, list };
  return list;
}

/** Puts the emoji first, dropping an older copy and anything past the limit. */
export function rememberFrequent(emoji: string): string[] {
  const next = [emoji, ...loadFrequent().filter((e) => e !== emoji)].slice(0, MAX_FREQUENT);
  try {
    storage()?.setItem(FREQUENT_KEY, JSON.stringify(next));
  } catch {
    // Nothing to do: the row simply is not remembered.
  }
  for (const l of listeners) l();
  return next;
}

const NONE: string[] = [];
const serverSnapshot = () => NONE;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === FREQUENT_KEY) listener(); // another tab picked one
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useFrequentEmoji(): { frequent: string[]; remember(emoji: string): void } {
  const frequent = useSyncExternalStore(subscribe, loadFrequent, serverSnapshot);
  const remember = useCallback((emoji: string) => void rememberFrequent(emoji), []);
  return { frequent, remember };
}
