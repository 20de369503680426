// A message's text: the safe Markdown renderer with mentions shown as names (mine stronger),
// styled the way Discord styles code, quotes and links.
import { memo, useCallback } from 'react';
import { cn } from '@/components/ui';
import { Markdown } from '@/features/chat/markdown';
import { formatFullDate } from '../format';
import { nameOf } from '../hooks/useDirectory';
import { useChat } from './ChatContext';

/** The Markdown's own elements, styled from outside (the renderer stays unstyled). */
export const MARKDOWN_CLASS = cn(
  'min-w-0 whitespace-pre-wrap break-words [overflow-wrap:anywhere] text-base leading-[1.375rem] text-normal',
  '[&_strong]:font-bold [&_em]:italic [&_del]:line-through',
  '[&_a]:text-link [&_a]:hover:underline',
  '[&_code]:rounded-xs [&_code]:bg-input [&_code]:px-1 [&_code]:py-px [&_code]:font-mono [&_code]:text-[0.85em]',
  '[&_pre]:my-1 [&_pre]:max-w-full [&_pre]:overflow-x-auto [&_pre]:rounded-sm [&_pre]:border [&_pre]:border-border [&_pre]:bg-input [&_pre]:p-2',
  '[&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_pre_code]:text-sm',
  '[&_blockquote]:my-0.5 [&_blockquote]:border-l-4 [&_blockquote]:border-border [&_blockquote]:pl-3',
);

export const MessageContent = memo(function MessageContent({
  text,
  editedAt,
  className,
}: {
  text: string;
  /** Shows "(edited)" after the text, with the time in its tooltip. */
  editedAt?: number | null;
  className?: string;
}) {
  const { lookup, myId } = useChat();
  const mention = useCallback(
    (userId: string) => {
      const person = lookup(userId);
      const me = userId === myId;
      return (
        <span
          className={cn(
            'rounded-xs px-0.5 font-medium',
            me ? 'bg-idle/20 text-heading' : 'bg-accent/25 text-heading',
          )}
          data-mention={userId}
        >
          @{person ? nameOf(person) : 'unknown-user'}
        </span>
      );
    },
    [lookup, myId],
  );
  return (
    <div className={cn(MARKDOWN_CLASS, '[&>.markdown]:inline', className)}>
      <Markdown text={text} renderMention={mention} />
      {editedAt != null && (
        <span className="ml-1 select-none text-[0.625rem] text-faint" title={`Edited ${formatFullDate(editedAt)}`}>
          (edited)
        </span>
      )}
    </div>
  );
});
