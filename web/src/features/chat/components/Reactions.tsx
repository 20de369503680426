// The reactions under a message: one toggle per emoji with its count (pressed when I reacted),
// and a button to add another with the picker.
import { SmilePlus } from 'lucide-react';
import { memo } from 'react';
import { cn } from '@/components/ui';
import { EmojiPickerPopover, emojiName } from '@/features/chat/emoji';
import type { Reaction } from '@/lib/socket/protocol';
import { useChat } from './ChatContext';

/** "👍 2, reacted by you" / "👍 1": the toggle's accessible name. */
export function reactionLabel(r: Reaction): string {
  return `${r.emoji} ${r.count}${r.me ? ', reacted by you' : ''}`;
}

export const Reactions = memo(function Reactions({
  messageId,
  reactions,
}: {
  messageId: string;
  reactions: readonly Reaction[];
}) {
  const { actions } = useChat();
  if (reactions.length === 0) return null;
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1" role="group" aria-label="Reactions">
      {reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          aria-pressed={r.me}
          aria-label={reactionLabel(r)}
          title={`${emojiName(r.emoji)}${r.me ? ' (click to remove)' : ''}`}
          onClick={() => void actions.toggleReaction(messageId, r.emoji, r.me)}
          className={cn(
            'inline-flex h-6 min-w-9 cursor-pointer items-center justify-center gap-1.5 rounded-md border px-1.5 text-sm transition-colors',
            'focus-visible:outline-2 focus-visible:outline-focus',
            r.me
              ? 'border-accent bg-accent/15 text-heading'
              : 'border-transparent bg-input text-muted hover:border-border',
          )}
        >
          <span aria-hidden="true" className="text-base leading-none">{r.emoji}</span>
          <span aria-hidden="true" className="font-semibold tabular-nums">{r.count}</span>
        </button>
      ))}
      <EmojiPickerPopover
        label="Add reaction"
        onPick={(emoji: string) => void actions.react(messageId, emoji)}
        trigger={
          <button
            type="button"
            aria-label="Add reaction"
            className={cn(
              'inline-flex h-6 w-8 cursor-pointer items-center justify-center rounded-md bg-input text-muted',
              'opacity-0 transition-opacity group-hover:opacity-100 focus-visible:opacity-100 hover:text-normal',
              'focus-visible:outline-2 focus-visible:outline-focus data-[state=open]:opacity-100',
              '[@media(hover:none)]:opacity-100',
            )}
          >
            <SmilePlus className="size-4" aria-hidden="true" />
          </button>
        }
      />
    </div>
  );
});
