// Narrow screens show one pane at a time: the navigation (zone rail and sidebar) or the
// screen. Opening anything shows the screen; the screen header's menu button goes back.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export type MobilePane = 'nav' | 'screen';

export const mobileNavStore = createStore<{ pane: MobilePane; show(p: MobilePane): void }>((set) => ({
  pane: 'screen',
  show: (pane) => set({ pane }),
}));

export function useMobilePane() {
  return useStore(mobileNavStore);
}
