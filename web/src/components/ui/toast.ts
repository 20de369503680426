// Toast queue: any code may call toast.error("…") etc.; <Toaster/> renders and times them.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: string;
  kind: ToastKind;
  message: string;
  title?: string;
  /** Milliseconds on screen before dismissing itself (paused while hovered or focused); 0 keeps it. */
  duration: number;
}

export interface ToastOptions {
  title?: string;
  duration?: number;
  /** Reusing an id replaces that toast instead of stacking a duplicate. */
  id?: string;
}

export interface ToastState {
  toasts: Toast[];
  add(toast: Toast): void;
  dismiss(id: string): void;
  clear(): void;
}

export const DEFAULT_TOAST_DURATION = 5000;
/** Errors stay a little longer: they are usually the thing the user needs to act on. */
export const ERROR_TOAST_DURATION = 8000;
export const MAX_TOASTS = 5;

export const toastStore = createStore<ToastState>((set) => ({
  toasts: [],
  add: (t) =>
    set((s) => {
      const others = s.toasts.filter((x) => x.id !== t.id);
      return { toasts: [...others, t].slice(-MAX_TOASTS) };
    }),
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  clear: () => set({ toasts: [] }),
}));

export function useToasts(): Toast[] {
  return useStore(toastStore, (s) => s.toasts);
}

let counter = 0;

function show(kind: ToastKind, message: string, options: ToastOptions = {}): string {
  const id = options.id ?? `toast-${++counter}`;
  const duration = options.duration ?? (kind === 'error' ? ERROR_TOAST_DURATION : DEFAULT_TOAST_DURATION);
  toastStore.getState().add({ id, kind, message, title: options.title, duration });
  return id;
}

type ToastFn = ((message: string, options?: ToastOptions) => string) & {
  info(message: string, options?: ToastOptions): string;
  success(message: string, options?: ToastOptions): string;
  warning(message: string, options?: ToastOptions): string;
  error(message: string, options?: ToastOptions): string;
  dismiss(id: string): void;
  clear(): void;
};

export const toast: ToastFn = Object.assign((message: string, options?: ToastOptions) => show('info', message, options), {
  info: (message: string, options?: ToastOptions) => show('info', message, options),
  success: (message: string, options?: ToastOptions) => show('success', message, options),
  warning: (message: string, options?: ToastOptions) => show('warning', message, options),
  error: (message: string, options?: ToastOptions) => show('error', message, options),
  dismiss: (id: string) => toastStore.getState().dismiss(id),
  clear: () => toastStore.getState().clear(),
});
