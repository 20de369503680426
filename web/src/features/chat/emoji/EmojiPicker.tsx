// The emoji picker: search, category tabs, a keyboard-navigable grid and a "Frequently used"
// tab. Default export too, so the conversation view can load it with React.lazy.
import { Clock, Search } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { cn } from '@/components/ui';
import type { EmojiEntry } from './data';
import { gridMove } from './gridNav';
import { usePickerState, type PickerTabId } from './usePickerState';

export interface EmojiPickerProps {
  onPick(emoji: string): void;
  /** Called on Escape; without it Escape is left to the surroundings. */
  onClose?(): void;
  /** Focus the search field on mount (default true). */
  autoFocus?: boolean;
  className?: string;
}

export const PICKER_COLUMNS = 8;

export function EmojiPicker({ onPick, onClose, autoFocus = true, className }: EmojiPickerProps) {
  const s = usePickerState(onPick);
  const uid = useId();
  const panelId = `${uid}-panel`;
  const searchRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const tabsRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [hovered, setHovered] = useState<EmojiEntry | null>(null);
  const current = Math.min(active, Math.max(0, s.visible.length - 1));
  const preview = hovered ?? s.visible[current] ?? null;

  useEffect(() => {
    if (autoFocus) searchRef.current?.focus();
  }, [autoFocus]);

  function focusCell(index: number) {
    setActive(index);
    gridRef.current?.querySelector<HTMLButtonElement>(`[data-index="${index}"]`)?.focus();
  }

  function onRootKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' && onClose) {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  }

  function onSearchKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' && s.visible.length > 0) {
      e.preventDefault();
      focusCell(0);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const first = s.visible[0];
      if (s.searching && first) s.pick(first.emoji);
    }
  }

  function onGridKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const index = Number((e.target as HTMLElement).dataset.index);
    if (Number.isNaN(index)) return;
    const to = gridMove(e.key, index, s.visible.length, PICKER_COLUMNS);
    if (to === null) return;
    e.preventDefault();
    if (to === 'above') searchRef.current?.focus();
    else focusCell(to);
  }

  function selectTab(id: PickerTabId) {
    s.selectTab(id);
    setActive(0);
    setHovered(null);
  }

  function onTabKeyDown(e: KeyboardEvent<HTMLButtonElement>, index: number) {
    const n = s.tabs.length;
    const to =
      e.key === 'ArrowRight' ? (index + 1) % n
      : e.key === 'ArrowLeft' ? (index - 1 + n) % n
      : e.key === 'Home' ? 0
      : e.key === 'End' ? n - 1
      : e.key === 'ArrowDown' ? -1
      : null;
    if (to === null) return;
    e.preventDefault();
    if (to === -1) {
      if (s.visible.length > 0) focusCell(current);
      return;
    }
    const tab = s.tabs[to];
    if (!tab) return;
    selectTab(tab.id);
    tabsRef.current?.querySelector<HTMLButtonElement>(`[data-tab="${tab.id}"]`)?.focus();
  }

  return (
    <div
      onKeyDown={onRootKeyDown}
      className={cn(
        'flex w-[352px] max-w-full flex-col overflow-hidden rounded-md border border-border bg-elevated text-normal shadow-elevated',
        className,
      )}
    >
      <div className="p-2">
        <div className="relative flex items-center">
          <Search aria-hidden="true" className="pointer-events-none absolute left-2 size-4 text-faint" />
          <input
            ref={searchRef}
            type="search"
            aria-label="Search emoji"
            placeholder="Search emoji"
            autoComplete="off"
            spellCheck={false}
            maxLength={60}
            value={s.query}
            onChange={(e) => {
              s.setQuery(e.target.value);
              setActive(0);
              setHovered(null);
            }}
            onKeyDown={onSearchKeyDown}
            className="h-9 w-full rounded-sm bg-input pl-8 pr-2 text-sm text-normal placeholder:text-faint"
          />
        </div>
      </div>

      <div
        ref={tabsRef}
        role="tablist"
        aria-label="Emoji categories"
        className="flex shrink-0 gap-0.5 overflow-x-auto border-b border-border px-2 pb-1"
      >
        {s.tabs.map((t, i) => {
          const selected = t.id === s.tab.id;
          return (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`${uid}-tab-${t.id}`}
              data-tab={t.id}
              aria-selected={selected}
              aria-controls={panelId}
              aria-label={t.label}
              title={t.label}
              tabIndex={selected ? 0 : -1}
              onClick={() => selectTab(t.id)}
              onKeyDown={(e) => onTabKeyDown(e, i)}
              className={cn(
                'inline-flex size-9 shrink-0 cursor-pointer items-center justify-center rounded-sm text-xl',
                'hover:bg-hover',
                selected && !s.searching ? 'bg-active' : 'opacity-80',
              )}
            >
              {t.icon ?? <Clock aria-hidden="true" className="size-5 text-muted" />}
            </button>
          );
        })}
      </div>

      <div
        id={panelId}
        {...(s.searching
          ? { role: 'group', 'aria-label': 'Search results' }
          : { role: 'tabpanel', 'aria-labelledby': `${uid}-tab-${s.tab.id}` })}
        className="h-[264px] overflow-y-auto px-2 pb-2"
      >
        <h3 className="sticky top-0 z-10 bg-elevated py-1.5 text-xs font-semibold uppercase tracking-wide text-muted">
          {s.heading}
        </h3>
        {s.visible.length === 0 ? (
          <p className="px-1 py-6 text-center text-sm text-muted">No emoji match “{s.query.trim()}”.</p>
        ) : (
          <div
            ref={gridRef}
            onKeyDown={onGridKeyDown}
            onMouseLeave={() => setHovered(null)}
            className="grid grid-cols-8"
          >
            {s.visible.map((e, i) => (
              <button
                key={e.emoji}
                type="button"
                data-index={i}
                aria-label={e.name}
                title={e.name}
                tabIndex={i === current ? 0 : -1}
                onClick={() => s.pick(e.emoji)}
                onFocus={() => setActive(i)}
                onMouseEnter={() => setHovered(e)}
                className="inline-flex aspect-square w-full cursor-pointer items-center justify-center rounded-sm text-2xl leading-none hover:bg-hover focus-visible:bg-hover"
              >
                <span aria-hidden="true">{e.emoji}</span>
              </button>
            ))}
          </div>
        )}
        <p className="sr-only" aria-live="polite">
          {s.searching ? `${s.visible.length} emoji found` : ''}
        </p>
      </div>

      <div aria-hidden="true" className="flex h-11 shrink-0 items-center gap-2 border-t border-border bg-sidebar px-3">
        {preview && (
          <>
            <span className="text-2xl leading-none">{preview.emoji}</span>
            <span className="truncate text-sm font-medium text-heading">{preview.name}</span>
          </>
        )}
      </div>
    </div>
  );
}

export default EmojiPicker;
