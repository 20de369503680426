// The "@" suggestions shown above the composer: a listbox the textarea drives (the focus stays
// in the textarea, aria-activedescendant names the active option), picked by click or keys.
import { useEffect } from 'react';
import { Avatar, cn } from '@/components/ui';
import { nameOf } from '../hooks/useDirectory';
import type { MentionPicker } from './useMentionPicker';

export interface MentionListProps {
  /** The composer's or the editor's picker (useMentionPicker), while it is open. */
  picker: MentionPicker;
}

export function MentionList({ picker }: MentionListProps) {
  const { listId: id, options, activeIndex, optionId, query, pick: onPick, hover: onHover } = picker;
  useEffect(() => {
    document.getElementById(optionId(activeIndex))?.scrollIntoView?.({ block: 'nearest' });
  }, [activeIndex, optionId]);

  return (
    <div
      className="absolute inset-x-2 bottom-full z-20 mb-2 overflow-hidden rounded-lg border border-border bg-elevated shadow-elevated sm:inset-x-4"
      // Keeps the focus (and the caret) in the textarea when an option is clicked.
      onMouseDown={(e) => e.preventDefault()}
    >
      <p aria-hidden="true" className="truncate px-3 pb-1 pt-2 text-xs font-bold uppercase tracking-wide text-muted">
        {query === '' ? 'Members' : `Members matching @${query}`}
      </p>
      <ul id={id} role="listbox" aria-label="Mention someone" className="max-h-[40vh] overflow-y-auto px-2 pb-2">
        {options.map((p, i) => {
          const name = nameOf(p);
          const selected = i === activeIndex;
          return (
            <li
              key={p.id}
              id={optionId(i)}
              role="option"
              aria-selected={selected}
              onClick={() => onPick(i)}
              onMouseMove={() => !selected && onHover(i)}
              className={cn(
                'flex min-h-9 cursor-pointer items-center gap-2 rounded-sm px-2 py-1 text-sm',
                selected ? 'bg-active text-heading' : 'text-normal hover:bg-hover',
              )}
            >
              <Avatar userId={p.id} name={name} src={p.avatar_url} size="xs" alt="" />
              <span className="min-w-0 truncate font-medium">{name}</span>
              <span className="ml-auto min-w-0 shrink truncate text-muted">@{p.username}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
