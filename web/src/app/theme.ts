// The colour theme the user picked: dark, light, or the system's, remembered in this browser
// and applied as data-theme on <html> (styles/theme.css reads it).
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export type ThemeChoice = 'dark' | 'light' | 'system';
const KEY = 'openchat.theme';

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'dark' || v === 'light' || v === 'system') return v;
  } catch {
    // storage blocked: the default applies
  }
  return 'system';
}

export const themeStore = createStore<{ theme: ThemeChoice; setTheme(t: ThemeChoice): void }>((set) => ({
  theme: stored(),
  setTheme: (theme) => {
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // not remembered, still applied
    }
    set({ theme });
  },
}));

export function applyTheme(theme: ThemeChoice, root: HTMLElement = document.documentElement) {
  root.dataset.theme = theme;
}

themeStore.subscribe((s) => applyTheme(s.theme));

export function useTheme() {
  return useStore(themeStore);
}
