// "Pinned messages": the conversation's pins, most recently pinned first, each with a Jump
// button that brings the message on screen.
import { Pin } from 'lucide-react';
import { useMemo, type ReactNode } from 'react';
import { Avatar, Button, Spinner } from '@/components/ui';
import { AttachmentList } from '@/features/chat/attachments';
import { formatFullDate, formatStamp, isoTime } from '@/features/chat/format';
import { Markdown } from '@/features/chat/markdown';
import { errorMessage } from '@/lib/api/client';
import type { ConversationRef, Message } from '@/lib/socket/protocol';
import { PanelFrame } from './PanelFrame';
import { usePins } from './usePins';

export interface PinsPanelProps {
  conversation: ConversationRef;
  onJump(messageId: string): void;
  onClose(): void;
  /** How a <@id> mention shows; by default the name of an author seen in the pins, else "@unknown user". */
  renderMention?: (userId: string) => ReactNode;
}

export function PinsPanel({ conversation, onJump, onClose, renderMention }: PinsPanelProps) {
  const pins = usePins(conversation);
  const messages = pins.data;

  const mention = useMemo(() => {
    if (renderMention) return renderMention;
    const names = new Map<string, string>();
    for (const m of messages ?? []) if (m.author) names.set(m.author.id, m.author.display_name || m.author.username);
    return (id: string) => <span className="mention">@{names.get(id) ?? 'unknown user'}</span>;
  }, [renderMention, messages]);

  return (
    <PanelFrame title="Pinned messages" icon={<Pin />} closeLabel="Close pinned messages" onClose={onClose} focusOnMount>
      {pins.isPending ? (
        <div className="flex justify-center p-6">
          <Spinner label="Loading pinned messages" />
        </div>
      ) : pins.isError ? (
        <div role="alert" className="flex flex-col items-start gap-3 p-4 text-sm">
          <p className="text-danger-text">Could not load the pinned messages: {errorMessage(pins.error)}</p>
          <Button size="sm" variant="secondary" loading={pins.isFetching} onClick={() => void pins.refetch()}>
            Try again
          </Button>
        </div>
      ) : messages && messages.length === 0 ? (
        <div className="flex flex-col items-center gap-2 px-6 py-10 text-center">
          <Pin aria-hidden="true" className="size-10 text-faint" />
          <p className="font-semibold text-heading">No pinned messages yet</p>
          <p className="text-sm text-muted">Pin an important message from its menu and it will be kept here.</p>
        </div>
      ) : (
        <ol aria-label="Pinned messages" className="flex flex-col gap-2 p-3">
          {(messages ?? []).map((m) => (
            <PinnedMessage key={m.id} message={m} onJump={onJump} renderMention={mention} />
          ))}
        </ol>
      )}
    </PanelFrame>
  );
}

function PinnedMessage({
  message,
  onJump,
  renderMention,
}: {
  message: Message;
  onJump(messageId: string): void;
  renderMention(userId: string): ReactNode;
}) {
  const author = message.author;
  const name = author ? author.display_name || author.username : 'Deleted user';
  return (
    <li className="group relative flex gap-3 rounded-md border border-border bg-chat p-3">
      <Avatar userId={author?.id ?? 'deleted'} name={name} src={author?.avatar_url ?? null} size="sm" alt="" />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-semibold text-heading">{name}</span>
          <time dateTime={isoTime(message.created_at)} title={formatFullDate(message.created_at)} className="text-xs text-faint">
            {formatStamp(message.created_at, Date.now())}
          </time>
          {message.edited_at !== null && <span className="text-xs text-faint">(edited)</span>}
        </div>
        {message.content !== '' && (
          <div className="break-words text-sm text-normal [overflow-wrap:anywhere]">
            <Markdown text={message.content} renderMention={renderMention} />
          </div>
        )}
        {message.attachments.length > 0 && <AttachmentList attachments={message.attachments} className="mt-2" />}
      </div>
      <Button
        size="sm"
        variant="secondary"
        aria-label="Jump to message"
        onClick={() => onJump(message.id)}
        className="shrink-0 self-start"
      >
        Jump
      </Button>
    </li>
  );
}
