// The line above a reply: who wrote the original and the start of it, joined to the reply by
// Discord's curved spine; a click brings the original on screen.
import { CornerUpRight } from 'lucide-react';
import { Avatar, cn } from '@/components/ui';
import type { Message } from '@/lib/socket/protocol';
import { type Lookup, nameOf } from '../hooks/useDirectory';
import { useChat } from './ChatContext';

/** Markdown marks and mention syntax are noise in a one-line snippet. */
export function snippetOf(content: string, lookup: Lookup): string {
  return content
    .replace(/<@(\d{1,20})>/g, (_, id: string) => `@${nameOf(lookup(id))}`)
    .replace(/```[\s\S]*?```/g, ' [code] ')
    .replace(/[*_~`>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function ReplyPreview({ reply }: { reply: NonNullable<Message['reply']> }) {
  const { lookup, jump } = useChat();
  const author = reply.author_id ? lookup(reply.author_id) : undefined;
  const spine = (
    <span
      aria-hidden="true"
      className="absolute left-[34px] top-[10px] h-2.5 w-[33px] rounded-tl-md border-l-2 border-t-2 border-border"
    />
  );
  if (reply.deleted) {
    return (
      <div className="relative flex items-center gap-1 pb-0.5 text-sm text-faint">
        {spine}
        <CornerUpRight className="size-3.5 shrink-0 sm:hidden" aria-hidden="true" />
        <span className="italic">Original message was deleted</span>
      </div>
    );
  }
  const name = reply.author_id === null ? 'Deleted user' : nameOf(author);
  const text = snippetOf(reply.content, lookup) || 'Click to see attachment';
  return (
    <div className="relative flex min-w-0 items-center pb-0.5 text-sm">
      {spine}
      <button
        type="button"
        onClick={() => jump(reply.id)}
        aria-label={`Replying to ${name}: ${text}. Jump to the original message`}
        className={cn(
          'flex min-w-0 max-w-full cursor-pointer items-center gap-1 rounded-xs text-left',
          'focus-visible:outline-2 focus-visible:outline-focus',
        )}
      >
        {author ? (
          <Avatar userId={author.id} name={nameOf(author)} src={author.avatar_url} size="xs" alt="" />
        ) : (
          <CornerUpRight className="size-3.5 shrink-0 text-faint" aria-hidden="true" />
        )}
        <span className="shrink-0 font-medium text-heading opacity-80 hover:underline">@{name}</span>
        <span className="truncate text-muted hover:text-normal">{text}</span>
      </button>
    </div>
  );
}
