// One message of the list, Discord style: a group's first message with avatar, name and time;
// the following ones compact with the time on hover. Replies, attachments, reactions, the
// action bar, the inline editor, and my messages still being sent (or refused).
import { memo, type MouseEvent, type ReactNode, useState } from 'react';
import { Avatar, Button, cn } from '@/components/ui';
import { AttachmentList } from '@/features/chat/attachments';
import type { PendingMessage, TimelineItem } from '@/features/chat/messages/timeline';
import type { Attachment, Message, MessageAuthor } from '@/lib/socket/protocol';
import { formatFullDate, formatStamp, formatTime, isoTime } from '../format';
import { useDraft } from '../hooks/drafts';
import { nameOf } from '../hooks/useDirectory';
import { useChat } from './ChatContext';
import { MessageActions } from './MessageActions';
import { MessageContent } from './MessageContent';
import { MessageEditor } from './MessageEditor';
import { Reactions } from './Reactions';
import { ReplyPreview } from './ReplyPreview';

export interface MessageItemProps {
  item: TimelineItem;
  /** First of a group: avatar and name shown. */
  head: boolean;
  /** Just jumped to. */
  highlighted?: boolean;
  /** My newest message, read by the other member of the DM. */
  seen?: boolean;
}

function payloadOf(item: TimelineItem): Message | PendingMessage {
  return item.kind === 'message' ? item.message : item.pending;
}

// The list rebuilds its item wrappers on every change; the message objects inside are kept
// when unchanged (the timeline is immutable), so they are what decides a re-render.
export const MessageItem = memo(
  function MessageItem({ item, head, highlighted = false, seen = false }: MessageItemProps) {
    return item.kind === 'message' ? (
      <StoredMessage message={item.message} head={head} highlighted={highlighted} seen={seen} />
    ) : (
      <PendingItem pending={item.pending} head={head} />
    );
  },
  (a, b) =>
    a.head === b.head &&
    a.highlighted === b.highlighted &&
    a.seen === b.seen &&
    payloadOf(a.item) === payloadOf(b.item),
);

interface ShellProps {
  author: MessageAuthor | null;
  createdAt: number;
  head: boolean;
  reply: Message['reply'];
  className?: string;
  children: ReactNode;
  bar?: ReactNode;
  onContextMenu?: (e: MouseEvent) => void;
  /** A touch tap on the message: its actions are shown until the focus leaves it. */
  onTouched?: (touched: boolean) => void;
  messageId?: string;
}

function Shell({ author, createdAt, head, reply, className, children, bar, onContextMenu, onTouched, messageId }: ShellProps) {
  const name = author ? nameOf(author) : 'Deleted user';
  const now = Date.now();
  return (
    <div
      // Focusable by a tap, so touch screens (no hover) can bring up the action bar.
      tabIndex={-1}
      role="article"
      data-message-id={messageId}
      onContextMenu={onContextMenu}
      onPointerUp={onTouched && ((e) => e.pointerType !== 'mouse' && onTouched(true))}
      onBlur={
        onTouched &&
        ((e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onTouched(false);
        })
      }
      className={cn(
        'group relative py-0.5 pl-[72px] pr-4 outline-none transition-colors duration-300 sm:pr-12',
        'hover:bg-hover has-[:focus-visible]:bg-hover',
        className,
      )}
    >
      {reply && <ReplyPreview reply={reply} />}
      <div className="relative">
        {head ? (
          <>
            <span className="absolute -left-14 top-0.5">
              <Avatar userId={author?.id ?? '0'} name={name} src={author?.avatar_url} size="md" alt="" />
            </span>
            <h3 className="flex min-w-0 items-baseline gap-2 leading-[1.375rem]">
              <span className="truncate font-medium text-heading">{name}</span>
              <time dateTime={isoTime(createdAt)} title={formatFullDate(createdAt)} className="shrink-0 text-xs text-faint">
                {formatStamp(createdAt, now)}
              </time>
            </h3>
          </>
        ) : (
          <>
            <span className="sr-only">{name}</span>
            <time
              dateTime={isoTime(createdAt)}
              title={formatFullDate(createdAt)}
              className="absolute -left-[72px] top-0 w-[72px] select-none pr-3 text-right text-[0.6875rem] leading-[1.375rem] text-faint opacity-0 group-hover:opacity-100 group-has-[:focus-visible]:opacity-100"
            >
              {formatTime(createdAt)}
            </time>
          </>
        )}
        {children}
      </div>
      {bar}
    </div>
  );
}

function Attachments({ attachments }: { attachments: readonly Attachment[] }) {
  if (attachments.length === 0) return null;
  return (
    <div className="mt-1">
      <AttachmentList attachments={[...attachments]} />
    </div>
  );
}

function StoredMessage({ message, head, highlighted, seen }: { message: Message; head: boolean; highlighted: boolean; seen: boolean }) {
  const chat = useChat();
  const editing = useDraft(chat.conversationKey, (d) => d.editing === message.id);
  const [menuOpen, setMenuOpen] = useState(false);
  const [touched, setTouched] = useState(false);
  const mentionsMe = message.mentions.includes(chat.myId);

  function onContextMenu(e: MouseEvent) {
    // Links and selected text keep the browser's own menu.
    if ((e.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
    e.preventDefault();
    setMenuOpen(true);
  }

  return (
    <Shell
      author={message.author}
      createdAt={message.created_at}
      head={head}
      reply={message.reply}
      messageId={message.id}
      onContextMenu={editing ? undefined : onContextMenu}
      onTouched={setTouched}
      className={cn(
        touched && 'bg-hover',
        mentionsMe && 'bg-idle/10 shadow-[inset_2px_0_0_var(--color-idle)] hover:bg-idle/15 has-[:focus-visible]:bg-idle/15',
        highlighted && 'bg-accent/15 shadow-[inset_2px_0_0_var(--color-accent)]',
        editing && 'bg-hover',
      )}
      bar={
        editing ? undefined : (
          <MessageActions message={message} menuOpen={menuOpen} onMenuOpenChange={setMenuOpen} forceVisible={touched} />
        )
      }
    >
      {editing ? (
        <MessageEditor messageId={message.id} initial={message.content} />
      ) : (
        message.content !== '' && <MessageContent text={message.content} editedAt={message.edited_at} />
      )}
      <Attachments attachments={message.attachments} />
      <Reactions messageId={message.id} reactions={message.reactions ?? []} />
      {seen && <p className="mt-0.5 text-xs text-faint">Seen</p>}
    </Shell>
  );
}

function PendingItem({ pending, head }: { pending: PendingMessage; head: boolean }) {
  const { actions } = useChat();
  const failed = pending.state === 'failed';
  return (
    <Shell author={pending.author} createdAt={pending.createdAt} head={head} reply={pending.reply}>
      <div className={cn(failed ? '[&_*]:text-danger-text!' : 'opacity-50')}>
        {pending.content !== '' && <MessageContent text={pending.content} />}
        <Attachments attachments={pending.attachments} />
      </div>
      {failed ? (
        <div role="alert" className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <span className="text-danger-text">{pending.error ?? 'The message could not be sent.'}</span>
          <Button size="sm" variant="secondary" className="h-7" onClick={() => actions.retry(pending.nonce)}>
            Retry
          </Button>
          <Button size="sm" variant="ghost" className="h-7" onClick={() => actions.discard(pending.nonce)}>
            Discard
          </Button>
        </div>
      ) : (
        <p className="text-xs text-faint">Sending…</p>
      )}
    </Shell>
  );
}
