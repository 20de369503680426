import { useEffect, useRef, useState } from 'react';
import { cn } from './cn';
import { toastStore, useToasts, type Toast, type ToastKind } from './toast';

const ACCENT: Record<ToastKind, string> = {
  info: 'border-l-accent',
  success: 'border-l-online',
  warning: 'border-l-warning',
  error: 'border-l-danger',
};

export interface ToasterProps {
  /** Names the notifications landmark. */
  label?: string;
  dismissLabel?: string;
  className?: string;
}

/**
 * Renders the toast queue. The live regions stay mounted and empty when idle, because screen
 * readers announce content added to an existing region far more reliably than a new region:
 * errors go to role="alert", everything else to a polite role="status".
 */
export function Toaster({ label = 'Notifications', dismissLabel = 'Dismiss notification', className }: ToasterProps) {
  const toasts = useToasts();
  const errors = toasts.filter((t) => t.kind === 'error');
  const others = toasts.filter((t) => t.kind !== 'error');
  return (
    <section
      aria-label={label}
      className={cn('pointer-events-none fixed bottom-4 right-4 z-[60] flex w-[360px] max-w-[calc(100vw-2rem)] flex-col gap-2', className)}
    >
      <div role="alert" aria-live="assertive" aria-atomic="false" className="flex flex-col gap-2">
        {errors.map((t) => (
          <ToastItem key={t.id} toast={t} dismissLabel={dismissLabel} />
        ))}
      </div>
      <div role="status" aria-live="polite" aria-atomic="false" className="flex flex-col gap-2">
        {others.map((t) => (
          <ToastItem key={t.id} toast={t} dismissLabel={dismissLabel} />
        ))}
      </div>
    </section>
  );
}

function ToastItem({ toast, dismissLabel }: { toast: Toast; dismissLabel: string }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;
  // Time left survives pauses, so hovering does not restart the full duration.
  const remaining = useRef(toast.duration);

  useEffect(() => {
    remaining.current = toast.duration;
  }, [toast.duration, toast.message]);

  useEffect(() => {
    if (paused || toast.duration <= 0) return;
    const started = Date.now();
    const timer = setTimeout(() => toastStore.getState().dismiss(toast.id), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current = Math.max(0, remaining.current - (Date.now() - started));
    };
  }, [paused, toast.id, toast.duration, toast.message]);

  return (
    <div
      data-kind={toast.kind}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
      className={cn(
        'pointer-events-auto flex items-start gap-3 rounded-sm border-l-4 bg-elevated px-3 py-2.5 text-sm text-normal shadow-elevated animate-pop-in',
        ACCENT[toast.kind],
      )}
    >
      <div className="min-w-0 flex-1">
        {toast.title && <p className="font-semibold text-heading">{toast.title}</p>}
        <p className="break-words">{toast.message}</p>
      </div>
      <button
        type="button"
        aria-label={dismissLabel}
        onClick={() => toastStore.getState().dismiss(toast.id)}
        className="-mr-1 inline-flex size-6 shrink-0 cursor-pointer items-center justify-center rounded-sm text-faint hover:text-normal"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M6 6l12 12M18 6L6 18" />
        </svg>
      </button>
    </div>
  );
}
