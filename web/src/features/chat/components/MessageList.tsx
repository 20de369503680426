// A conversation's scrolling message list, virtualised (only rows near the viewport are in the
// DOM, each measured as drawn): newest at the bottom, older pages loaded upwards without moving
// what is read, newer ones below an older window, following new messages, jumps to any message.
import { useVirtualizer } from '@tanstack/react-virtual';
import { createContext, type Ref, useCallback, useContext, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { toast } from '@/components/ui';
import { useSession } from '@/app/session';
import { groupMessages, type Row } from '@/features/chat/messages/grouping';
import { isAtPresent, timelineItems } from '@/features/chat/messages/timeline';
import { isSeen } from '@/features/live/seen';
import type { LoadKind } from '@/features/live/conversations';
import type { ConversationRef } from '@/lib/socket/protocol';
import { viewerZone } from '../format';
import { lastOwnMessage } from '../hooks/useComposer';
import type { Person } from '../hooks/useDirectory';
import { wordsOf } from '../hooks/useMessageActions';
import { ConversationStart, DayDivider, LoadError, LoadingOlder, MessagesSkeleton, UnreadDivider } from './ListParts';
import { MessageItem } from './MessageItem';

/**
 * Tests render every row: jsdom has no layout for the virtualiser to measure. Production
 * never sets it.
 */
export const RenderAllRowsContext = createContext(false);

export interface MessageListHandle {
  /** To the newest message, loading the present first when an older window is shown. */
  toPresent(): void;
  /** Scrolls a loaded message into view and highlights it. */
  showMessage(messageId: string): void;
}

export interface ListViewport {
  /** The bottom of the list is on screen. */
  atBottom: boolean;
  /** The loaded window reaches the newest message. */
  atPresent: boolean;
  /** The newest stored message loaded. */
  newestId: string | null;
}

export interface MessageListProps {
  conversation: ConversationRef;
  conversationKey: string;
  kind: 'dm' | 'channel';
  title: string;
  peer?: Person | undefined;
  /** The read position the "New messages" divider follows; null for none. */
  dividerAfter: string | null;
  onViewport?: (v: ListViewport) => void;
  ref?: Ref<MessageListHandle>;
}

type ListRow = Row | { kind: 'top'; key: 'top' };

const HIGHLIGHT_MS = 2_000;
/** Scrolled up further than this (px), the way back to the present is offered. */
const FAR_FROM_BOTTOM = 400;
const AT_BOTTOM = 32;
/** How long the first positioning may take to measure its rows and land. */
const SETTLE_MS = 400;

function estimate(row: ListRow | undefined, hasMoreBefore: boolean): number {
  if (!row) return 44;
  switch (row.kind) {
    case 'top':
      return hasMoreBefore ? 64 : 180;
    case 'day':
      return 44;
    case 'unread':
      return 24;
    case 'message': {
      const reply = row.item.kind === 'message' ? row.item.message.reply : row.item.pending.reply;
      return (row.head ? 61 : 24) + (reply ? 22 : 0);
    }
  }
}

export function MessageList({ conversation, conversationKey: key, kind, title, peer, dividerAfter, onViewport, ref }: MessageListProps) {
  const { conversations, me, seen: seenStore } = useSession();
  const renderAll = useContext(RenderAllRowsContext);
  const timeline = useStore(conversations, (s) => s.timelines[key]);
  const loading = useStore(conversations, (s) => s.loading[key]);
  const [errors, setErrors] = useState<Partial<Record<LoadKind, string>>>({});
  // Shown once the present was asked for at opening (a kept window may be an old jump's).
  const [ready, setReady] = useState(() => {
    const tl = conversations.getState().timelines[key];
    return tl !== undefined && isAtPresent(tl);
  });
  const [positioned, setPositioned] = useState(false);
  const [target, setTarget] = useState<{ type: 'end' } | { type: 'message'; id: string } | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const refKey = useRef(conversation);
  refKey.current = conversation;

  const load = useCallback(
    (what: 'latest' | 'older' | 'newer') => {
      setErrors((e) => ({ ...e, [what]: undefined }));
      const s = conversations.getState();
      const run = what === 'latest' ? s.loadLatest : what === 'older' ? s.loadOlder : s.loadNewer;
      return run(refKey.current).then(
        () => true,
        (err: unknown) => {
          setErrors((e) => ({ ...e, [what]: wordsOf(err) }));
          return false;
        },
      );
    },
    [conversations],
  );

  useEffect(() => {
    if (ready) return;
    void load('latest').then((ok) => ok && setReady(true));
  }, [ready, load]);

  const items = useMemo(() => (timeline ? timelineItems(timeline) : []), [timeline]);
  const zone = useMemo(viewerZone, []);
  const rows = useMemo<ListRow[]>(
    () => [
      { kind: 'top', key: 'top' },
      ...groupMessages(items, { myUserId: me.id, lastReadId: dividerAfter, now: Date.now(), ...zone }),
    ],
    [items, me.id, dividerAfter, zone],
  );

  const hasMoreBefore = timeline?.hasMoreBefore ?? false;
  const atPresent = timeline ? isAtPresent(timeline) : true;
  const newest = timeline?.messages[timeline.messages.length - 1];
  const newestId = atPresent ? (newest?.id ?? null) : null;

  // "Seen" under my newest message, once the other member of the DM read it.
  const ownNewest =
    kind === 'dm' && timeline && timeline.pending.length === 0 ? lastOwnMessage(timeline.messages, me.id)?.id : undefined;
  const chatId = conversation.chat_id;
  const seen = useStore(seenStore, (s) => ownNewest !== undefined && chatId !== undefined && isSeen(s, chatId, ownNewest));

  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows]);
  const estimateSize = useCallback((i: number) => estimate(rows[i], hasMoreBefore), [rows, hasMoreBefore]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 8,
    paddingEnd: 24,
    // Rows added above keep what is on screen in place; rows added below are followed
    // while the user is at the bottom.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_BOTTOM,
    ...(renderAll
      ? {
          observeElementRect: (_: unknown, cb: (r: { width: number; height: number }) => void) => {
            cb({ width: 800, height: 600 });
          },
          rangeExtractor: (r: { count: number }) => Array.from({ length: r.count }, (_, i) => i),
        }
      : {}),
  });

  const virtualItems = virtualizer.getVirtualItems();
  const firstIndex = virtualItems[0]?.index ?? 0;
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? 0;

  // The virtualiser re-renders only when its range changes; the edges are tracked here.
  const [edge, setEdge] = useState({ atBottom: true, far: false });
  const measureEdge = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const d = el.scrollHeight - el.scrollTop - el.clientHeight;
    const next = { atBottom: d <= AT_BOTTOM, far: d > FAR_FROM_BOTTOM };
    setEdge((prev) => (prev.atBottom === next.atBottom && prev.far === next.far ? prev : next));
  }, []);
  // Scrolling is seen by onScroll; content growing or shrinking under a still view, here.
  useLayoutEffect(measureEdge, [measureEdge, rows.length, ready, virtualizer.getTotalSize()]);
  const atBottom = edge.atBottom;

  // First data on screen: at the "New messages" divider when there is one, else the end.
  useLayoutEffect(() => {
    if (positioned || !ready || !timeline) return;
    const unread = rows.findIndex((r) => r.kind === 'unread');
    if (unread > 0) virtualizer.scrollToIndex(unread, { align: 'start' });
    else virtualizer.scrollToEnd();
    setPositioned(true);
  }, [positioned, ready, timeline, rows, virtualizer]);

  // Paging waits until the first positioning has landed: meanwhile the rows near the top
  // are on screen only for a moment, and a page added then would pull the view away.
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    if (!positioned || settled) return;
    const t = setTimeout(() => setSettled(true), renderAll ? 0 : SETTLE_MS);
    return () => clearTimeout(t);
  }, [positioned, settled, renderAll]);

  // Near the top: the older page; near the bottom of an older window: the newer page.
  useEffect(() => {
    if (!settled || !timeline) return;
    if (firstIndex <= 2 && timeline.hasMoreBefore && !loading?.older && !errors.older) void load('older');
  }, [settled, timeline, firstIndex, loading?.older, errors.older, load]);
  useEffect(() => {
    if (!settled || !timeline) return;
    if (lastIndex >= rows.length - 2 && timeline.hasMoreAfter && !loading?.newer && !errors.newer) void load('newer');
  }, [settled, timeline, lastIndex, rows.length, loading?.newer, errors.newer, load]);

  // Scroll requests wait for the rows they need.
  useLayoutEffect(() => {
    if (!target) return;
    if (target.type === 'end') {
      virtualizer.scrollToEnd();
      setTarget(null);
      return;
    }
    const index = rows.findIndex((r) => r.kind === 'message' && r.item.kind === 'message' && r.item.message.id === target.id);
    if (index >= 0) {
      virtualizer.scrollToIndex(index, { align: 'center' });
      setHighlight(target.id);
    } else {
      toast.error('That message could not be found. It may have been deleted.');
    }
    setTarget(null);
  }, [target, rows, virtualizer]);

  useEffect(() => {
    if (highlight === null) return;
    const t = setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => clearTimeout(t);
  }, [highlight]);

  const toPresent = useCallback(() => {
    const tl = conversations.getState().timelines[key];
    if (tl && !isAtPresent(tl)) {
      void load('latest').then((ok) => ok && setTarget({ type: 'end' }));
    } else {
      setTarget({ type: 'end' });
    }
  }, [conversations, key, load]);

  useImperativeHandle(ref, () => ({ toPresent, showMessage: (id) => setTarget({ type: 'message', id }) }), [toPresent]);

  useEffect(() => {
    onViewport?.({ atBottom: positioned && atBottom, atPresent, newestId });
  }, [onViewport, positioned, atBottom, atPresent, newestId]);

  if (!ready) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        {errors.latest ? (
          <div className="flex flex-1 items-end">
            <LoadError text={`The messages could not be loaded. ${errors.latest}`} onRetry={() => void load('latest').then((ok) => ok && setReady(true))} />
          </div>
        ) : (
          <MessagesSkeleton />
        )}
      </div>
    );
  }

  const renderRow = (row: ListRow) => {
    switch (row.kind) {
      case 'top':
        if (!hasMoreBefore) return <ConversationStart kind={kind} title={title} peer={peer} />;
        if (errors.older) {
          return <LoadError text={`Older messages could not be loaded. ${errors.older}`} onRetry={() => void load('older')} />;
        }
        return <LoadingOlder />;
      case 'day':
        return <DayDivider label={row.label} />;
      case 'unread':
        return <UnreadDivider />;
      case 'message': {
        const id = row.item.kind === 'message' ? row.item.message.id : null;
        return (
          <MessageItem
            item={row.item}
            head={row.head}
            highlighted={id !== null && id === highlight}
            seen={seen && id === ownNewest}
          />
        );
      }
    }
  };

  const showJump = positioned && (!atPresent || edge.far);
  // History arriving (older pages, a jump) is not news to announce.
  const live = atPresent && atBottom && !loading?.older && !loading?.around;

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scrollRef}
        role="log"
        aria-label="Messages"
        aria-live={live ? 'polite' : 'off'}
        aria-relevant="additions"
        aria-busy={Boolean(loading?.older || loading?.newer || loading?.around) || undefined}
        tabIndex={0}
        onScroll={measureEdge}
        className="min-h-0 flex-1 overflow-y-auto overflow-x-hidden [overflow-anchor:none] focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus"
      >
        <div className="flex min-h-full flex-col justify-end">
          <div className="relative w-full shrink-0" style={{ height: virtualizer.getTotalSize() }}>
            {virtualItems.map((v) => {
              const row = rows[v.index];
              if (!row) return null;
              return (
                <div
                  key={v.key}
                  data-index={v.index}
                  ref={virtualizer.measureElement}
                  className={row.kind === 'message' && row.head ? 'pt-[17px]' : undefined}
                  style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start}px)` }}
                  data-row={row.kind}
                >
                  {renderRow(row)}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {showJump && (
        <div className="pointer-events-none absolute inset-x-0 bottom-2 flex justify-center px-4">
          <div className="pointer-events-auto flex w-full max-w-2xl items-center gap-3 rounded-md bg-accent px-3 py-1.5 text-sm text-on-accent shadow-elevated">
            <span className="min-w-0 flex-1 truncate">
              {timeline?.unseenNewerId ? 'There are new messages' : "You're viewing older messages"}
            </span>
            <button
              type="button"
              onClick={toPresent}
              className="shrink-0 cursor-pointer rounded-sm px-2 py-1 font-semibold text-on-accent hover:underline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-on-accent"
            >
              Jump to present
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
