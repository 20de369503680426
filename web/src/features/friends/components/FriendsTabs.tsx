// The tabs of the friends screen, in its header: a tablist with arrow-key movement (one tab
// stop, as the ARIA tabs pattern wants), the pending count and the green "Add friend".
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { Badge, cn } from '@/components/ui';

export const FRIEND_TABS = ['online', 'all', 'pending', 'blocked', 'add'] as const;
export type FriendsTab = (typeof FRIEND_TABS)[number];

export const TAB_LABEL: Record<FriendsTab, string> = {
  online: 'Online',
  all: 'All',
  pending: 'Pending',
  blocked: 'Blocked',
  add: 'Add friend',
};

export function parseTab(value: string | null): FriendsTab {
  return (FRIEND_TABS as readonly string[]).includes(value ?? '') ? (value as FriendsTab) : 'online';
}

export const tabId = (t: FriendsTab) => `friends-tab-${t}`;
export const panelId = 'friends-tabpanel';

export interface FriendsTabsProps {
  value: FriendsTab;
  onChange: (tab: FriendsTab) => void;
  pendingCount: number;
}

export function FriendsTabs({ value, onChange, pendingCount }: FriendsTabsProps) {
  const refs = useRef<Partial<Record<FriendsTab, HTMLButtonElement | null>>>({});
  // A narrow screen scrolls the row: keep the chosen tab in sight.
  useEffect(() => {
    refs.current[value]?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [value]);

  const onKeyDown = (e: KeyboardEvent) => {
    const i = FRIEND_TABS.indexOf(value);
    const next =
      e.key === 'ArrowRight' ? FRIEND_TABS[(i + 1) % FRIEND_TABS.length]
      : e.key === 'ArrowLeft' ? FRIEND_TABS[(i - 1 + FRIEND_TABS.length) % FRIEND_TABS.length]
      : e.key === 'Home' ? FRIEND_TABS[0]
      : e.key === 'End' ? FRIEND_TABS[FRIEND_TABS.length - 1]
      : undefined;
    if (!next) return;
    e.preventDefault();
    onChange(next);
    refs.current[next]?.focus();
  };

  return (
    <div
      role="tablist"
      aria-label="Friends"
      onKeyDown={onKeyDown}
      className="flex items-center gap-0.5 overflow-x-auto sm:gap-1"
    >
      {FRIEND_TABS.map((t) => {
        const selected = t === value;
        const primary = t === 'add';
        return (
          <button
            key={t}
            ref={(el) => {
              refs.current[t] = el;
            }}
            type="button"
            role="tab"
            id={tabId(t)}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(t)}
            className={cn(
              'flex h-8 shrink-0 cursor-pointer items-center gap-1.5 rounded-sm px-1.5 text-sm font-medium whitespace-nowrap sm:px-2',
              'focus-visible:outline-2 focus-visible:outline-focus',
              primary
                ? selected
                  ? 'bg-active text-heading'
                  : 'bg-success text-white hover:bg-success-hover'
                : selected
                  ? 'bg-active text-heading'
                  : 'text-muted hover:bg-hover hover:text-normal',
            )}
          >
            {TAB_LABEL[t]}
            {t === 'pending' && pendingCount > 0 && (
              <span aria-hidden>
                <Badge variant="mention" count={pendingCount} />
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
