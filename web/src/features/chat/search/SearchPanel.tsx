// The message search panel: a field, the matching messages newest first with the searched
// words highlighted, "Load more" for older ones; choosing a result jumps to it.
import { useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useSession } from '@/app/session';
import { Avatar, Button, Spinner } from '@/components/ui';
import { formatFullDate, formatStamp, isoTime } from '@/features/chat/format';
import { PanelFrame } from '@/features/chat/pins/PanelFrame';
import { queryKeys } from '@/features/live/queryKeys';
import { zonesApi } from '@/features/zones/api';
import type { ConversationRef, Message } from '@/lib/socket/protocol';
import type { SearchScope } from './api';
import { displayText, highlightPieces } from './highlight';
import { MAX_QUERY_CHARS } from './query';
import { useMessageSearch } from './useMessageSearch';

export interface SearchPanelProps {
  scope: SearchScope;
  onJump(ref: ConversationRef, messageId: string): void;
  onClose(): void;
  /** Names for <@id> mentions in results; authors of the results are known without it. */
  mentionName?: (userId: string) => string | undefined;
  /** Text to search at once. */
  initialQuery?: string;
}

/** Channel names of the zone searched, from the zone the sidebar already loaded. */
function useChannelNames(scope: SearchScope): Map<string, string> {
  const { api } = useSession();
  const zoneId = 'zone_id' in scope ? scope.zone_id : '';
  const zone = useQuery({
    queryKey: queryKeys.zone(zoneId),
    queryFn: () => zonesApi(api).getZone(zoneId),
    enabled: zoneId !== '',
    staleTime: 60_000,
  });
  return useMemo(() => new Map((zone.data?.channels ?? []).map((c) => [c.id, c.name])), [zone.data]);
}

export function SearchPanel({ scope, onJump, onClose, mentionName, initialQuery = '' }: SearchPanelProps) {
  const [input, setInput] = useState(initialQuery);
  const search = useMessageSearch(scope, input);
  const channels = useChannelNames(scope);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const m of search.messages) if (m.author) map.set(m.author.id, m.author.display_name || m.author.username);
    return (id: string) => mentionName?.(id) ?? map.get(id);
  }, [search.messages, mentionName]);

  const where =
    'chat_id' in scope
      ? 'in this conversation'
      : scope.channel_id
        ? `in #${channels.get(scope.channel_id) ?? 'this channel'}`
        : 'in every channel of this zone';

  function focusResult(index: number) {
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('[data-result]');
    buttons?.[Math.max(0, Math.min(index, buttons.length - 1))]?.focus();
  }

  function onInputKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape' && input !== '') {
      e.preventDefault(); // clears first; a second Escape closes the panel
      setInput('');
    } else if (e.key === 'ArrowDown' && search.messages.length > 0) {
      e.preventDefault();
      focusResult(0);
    }
  }

  function onListKeyDown(e: KeyboardEvent<HTMLOListElement>) {
    const index = Number((e.target as HTMLElement).dataset.result);
    if (Number.isNaN(index)) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusResult(index + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (index === 0) inputRef.current?.focus();
      else focusResult(index - 1);
    }
  }

  const toolbar = (
    <div className="shrink-0 border-b border-border p-3">
      <form role="search" onSubmit={(e) => e.preventDefault()} className="relative flex items-center">
        <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 size-4 text-faint" />
        <input
          ref={inputRef}
          type="search"
          aria-label="Search messages"
          placeholder="Search messages"
          autoComplete="off"
          maxLength={MAX_QUERY_CHARS}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={onInputKeyDown}
          className="h-9 w-full rounded-sm bg-input pl-8 pr-2 text-sm text-normal placeholder:text-faint"
        />
      </form>
      <p className="mt-1.5 text-xs text-faint">Searching {where}.</p>
    </div>
  );

  return (
    <PanelFrame title="Search" icon={<Search />} closeLabel="Close search" onClose={onClose} toolbar={toolbar}>
      <div className="p-3" aria-busy={search.loading || search.settling || undefined}>
        <SearchBody
          search={search}
          channels={channels}
          showChannel={'zone_id' in scope && !scope.channel_id}
          names={names}
          listRef={listRef}
          onListKeyDown={onListKeyDown}
          onJump={onJump}
        />
      </div>
    </PanelFrame>
  );
}

function SearchBody({
  search,
  channels,
  showChannel,
  names,
  listRef,
  onListKeyDown,
  onJump,
}: {
  search: ReturnType<typeof useMessageSearch>;
  channels: Map<string, string>;
  showChannel: boolean;
  names: (id: string) => string | undefined;
  listRef: React.RefObject<HTMLOListElement | null>;
  onListKeyDown(e: KeyboardEvent<HTMLOListElement>): void;
  onJump(ref: ConversationRef, messageId: string): void;
}) {
  if (search.invalid) return <p className="text-sm text-warning">{search.invalid}</p>;
  if (!search.q) {
    return (
      <div className="flex flex-col items-center gap-2 px-4 py-8 text-center">
        <Search aria-hidden="true" className="size-10 text-faint" />
        <p className="font-semibold text-heading">Find a message</p>
        <p className="text-sm text-muted">
          Type words from it: every word must appear, and the last one may be the start of a word.
        </p>
      </div>
    );
  }
  if (search.loading) {
    return (
      <div className="flex justify-center p-6">
        <Spinner label="Searching" />
      </div>
    );
  }
  if (search.error) {
    return (
      <div role="alert" className="flex flex-col items-start gap-3 text-sm">
        <p className="text-danger-text">{search.error}</p>
        <Button size="sm" variant="secondary" onClick={search.retry}>
          Try again
        </Button>
      </div>
    );
  }
  if (search.messages.length === 0) {
    return (
      <p role="status" className="px-2 py-8 text-center text-sm text-muted">
        No messages match “{search.q}”.
      </p>
    );
  }
  return (
    <>
      <p role="status" className="sr-only">
        {search.messages.length} {search.messages.length === 1 ? 'result' : 'results'}
        {search.hasMore ? ', more available' : ''}
      </p>
      <ol ref={listRef} aria-label="Search results" onKeyDown={onListKeyDown} className="flex flex-col gap-2">
        {search.messages.map((m, i) => (
          <li key={m.id}>
            <SearchResult
              message={m}
              index={i}
              q={search.q}
              channel={showChannel && m.channel_id ? channels.get(m.channel_id) : undefined}
              names={names}
              onJump={onJump}
            />
          </li>
        ))}
      </ol>
      {search.moreError && (
        <p role="alert" className="mt-3 text-sm text-danger-text">
          {search.moreError}
        </p>
      )}
      {search.hasMore && (
        <div className="mt-3 flex justify-center">
          <Button size="sm" variant="secondary" loading={search.loadingMore} loadingLabel="Loading more" onClick={search.loadMore}>
            Load more
          </Button>
        </div>
      )}
    </>
  );
}

function SearchResult({
  message,
  index,
  q,
  channel,
  names,
  onJump,
}: {
  message: Message;
  index: number;
  q: string;
  channel: string | undefined;
  names: (id: string) => string | undefined;
  onJump(ref: ConversationRef, messageId: string): void;
}) {
  const author = message.author;
  const name = author ? author.display_name || author.username : 'Deleted user';
  const text = displayText(message.content, names);
  const pieces = highlightPieces(text, q);
  const files = message.attachments.length;
  return (
    <button
      type="button"
      data-result={index}
      onClick={() => onJump({ chat_id: message.chat_id, channel_id: message.channel_id }, message.id)}
      className="flex w-full cursor-pointer gap-3 rounded-md border border-border bg-chat p-3 text-left hover:bg-hover focus-visible:outline-2 focus-visible:outline-focus"
    >
      <Avatar userId={author?.id ?? 'deleted'} name={name} src={author?.avatar_url ?? null} size="sm" alt="" />
      <span className="flex min-w-0 flex-1 flex-col">
        <span className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-semibold text-heading">{name}</span>
          {channel !== undefined && <span className="text-xs font-medium text-muted">#{channel}</span>}
          <time dateTime={isoTime(message.created_at)} title={formatFullDate(message.created_at)} className="text-xs text-faint">
            {formatStamp(message.created_at, Date.now())}
          </time>
        </span>
        <span className="line-clamp-4 whitespace-pre-wrap break-words text-sm text-normal [overflow-wrap:anywhere]">
          {pieces.map((p, i) =>
            p.match ? (
              <mark key={i} className="rounded-xs bg-accent/30 px-0.5 text-heading">
                {p.text}
              </mark>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )}
        </span>
        {files > 0 && (
          <span className="mt-1 text-xs text-faint">
            {files === 1 ? `1 attachment: ${message.attachments[0]!.file_name}` : `${files} attachments`}
          </span>
        )}
      </span>
    </button>
  );
}
