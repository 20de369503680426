// The frame of a conversation side panel (pins, search): a titled column beside the messages
// on wide screens, a full-screen sheet over them on narrow ones. Escape closes it.
import { X } from 'lucide-react';
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { cn } from '@/components/ui';

export interface PanelFrameProps {
  title: string;
  icon?: ReactNode;
  /** The close button's accessible name ("Close pinned messages"). */
  closeLabel: string;
  onClose(): void;
  /** Under the title bar, above the scrolling body (the search field). */
  toolbar?: ReactNode;
  children: ReactNode;
  /** Move focus to the panel when it opens (when nothing inside focuses itself). */
  focusOnMount?: boolean;
  className?: string;
}

export function PanelFrame({
  title,
  icon,
  closeLabel,
  onClose,
  toolbar,
  children,
  focusOnMount = false,
  className,
}: PanelFrameProps) {
  const headingId = useId();
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onClose();
    }
  }

  return (
    <aside
      ref={ref}
      tabIndex={-1}
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
      className={cn(
        'flex min-h-0 flex-col bg-sidebar text-normal outline-none',
        'max-sm:fixed max-sm:inset-0 max-sm:z-40',
        'sm:h-full sm:w-[360px] sm:shrink-0 sm:border-l sm:border-border',
        className,
      )}
    >
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border px-3">
        {icon && <span className="text-muted [&>svg]:size-5">{icon}</span>}
        <h2 id={headingId} className="min-w-0 flex-1 truncate text-base font-semibold text-heading">
          {title}
        </h2>
        <button
          type="button"
          aria-label={closeLabel}
          title="Close"
          onClick={onClose}
          className="inline-flex size-8 cursor-pointer items-center justify-center rounded-sm text-muted hover:bg-hover hover:text-normal focus-visible:outline-2 focus-visible:outline-focus"
        >
          <X aria-hidden="true" className="size-5" />
        </button>
      </header>
      {toolbar}
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
    </aside>
  );
}
