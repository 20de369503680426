// One open conversation (DM or text channel): the message list, the composer and typing line,
// files dropped anywhere on it, the pins or search panel. While shown it counts as open (new
// messages are read, not badged) and moves the read position once the newest is seen.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useStore } from 'zustand';
import { Spinner, toast } from '@/components/ui';
import { paths } from '@/app/paths';
import { useSession } from '@/app/session';
import { DropOverlay, useFileDrop, useUploads } from '@/features/chat/attachments';
import { PinsPanel } from '@/features/chat/pins';
import type { ReadState } from '@/features/friends/types';
import { queryKeys } from '@/features/live/queryKeys';
import { applyReadPosition } from '@/features/live/readState';
import { zonesApi } from '@/features/zones/api';
import { conversationKey, type ConversationRef } from '@/lib/socket/protocol';
import { drafts } from '../hooks/drafts';
import type { ConversationKind } from '../hooks/permissions';
import { nameOf, type Person, useDirectory } from '../hooks/useDirectory';
import { useMessageActions, wordsOf } from '../hooks/useMessageActions';
import { usePinsSync } from '../hooks/usePinsSync';
import { useReadMarker, useUnreadDivider, useWindowActive } from '../hooks/useReadMarker';
import type { TypingEmit } from '../hooks/useTypingEmitter';
import { ChatContext, type ChatContextValue } from './ChatContext';
import { Composer, type ComposerHandle } from './Composer';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { type ListViewport, MessageList, type MessageListHandle } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

// Search loads with its first opening (the pins come with the pins sync anyway).
const SearchPanel = lazy(() => import('@/features/chat/search').then((m) => ({ default: m.SearchPanel })));

export type ConversationPanel = 'pins' | 'search';

export interface ConversationViewProps {
  conversation: ConversationRef;
  /** The channel's name (without #) or the other user's display name. */
  title: string;
  kind: ConversationKind;
  /** The other member of a DM. */
  peer?: Person | undefined;
  /** The zone of a channel. */
  zoneId?: string | undefined;
  /** My read state of it (from the DM list or the zone): the "New messages" divider. */
  readState?: Pick<ReadState, 'last_read_id' | 'unread_count'> | undefined;
  /** The right panel shown, if any; the screen's header buttons toggle it. */
  panel?: ConversationPanel | null;
  onPanelChange?: (panel: ConversationPanel | null) => void;
  /** A message to bring on screen once the list is ready (from a link or a search elsewhere). */
  jumpTo?: string | null;
}

const EMPTY_VIEWPORT: ListViewport & { ready: boolean } = { atBottom: false, atPresent: true, newestId: null, ready: false };

function isTypingTarget(el: Element | null): boolean {
  return !!el?.closest('input, textarea, select, button, a, [contenteditable="true"], [role="dialog"], [role="menu"]');
}

export function ConversationView({
  conversation,
  title,
  kind,
  peer,
  zoneId,
  readState,
  panel = null,
  onPanelChange,
  jumpTo = null,
}: ConversationViewProps) {
  const { me, api, socket, conversations, markOpen } = useSession();
  const key = conversationKey(conversation);
  const chatId = conversation.chat_id;
  const channelId = conversation.channel_id;
  const ref = useMemo<ConversationRef>(() => ({ chat_id: chatId, channel_id: channelId }), [chatId, channelId]);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Drafts of a previous account never reach this one (cheap when the owner is the same).
  if (drafts.getState().owner !== me.id) drafts.getState().claim(me.id);

  useEffect(() => markOpen(key), [markOpen, key]);

  const zone = useQuery({
    queryKey: queryKeys.zone(zoneId ?? ''),
    queryFn: () => zonesApi(api).getZone(zoneId ?? ''),
    enabled: kind === 'channel' && zoneId !== undefined,
  });
  const role = kind === 'channel' ? zone.data?.my_role : undefined;
  const lookup = useDirectory({ conversationKey: key, zoneId: kind === 'channel' ? zoneId : undefined, peer });
  const refreshPins = usePinsSync(ref);
  const actions = useMessageActions(conversations, ref, refreshPins);
  const divider = useUnreadDivider(readState, kind);

  const listRef = useRef<MessageListHandle>(null);
  const composerRef = useRef<ComposerHandle>(null);
  const [viewport, setViewport] = useState(EMPTY_VIEWPORT);
  const onViewport = useCallback((v: ListViewport) => setViewport({ ...v, ready: true }), []);

  const windowActive = useWindowActive();
  useReadMarker({
    store: conversations,
    conversation: ref,
    newestId: viewport.newestId,
    visible: viewport.ready && viewport.atBottom && viewport.atPresent && windowActive,
    lastReadId: readState?.last_read_id,
    // The session's store reports no read position of its own (no onRead): the badges
    // in the DM list and the zone are brought in line here.
    onRead: (id) => applyReadPosition(queryClient, ref, id),
  });

  const jump = useCallback(
    (messageId: string) => {
      conversations
        .getState()
        .jumpTo(ref, messageId)
        .then(
          () => listRef.current?.showMessage(messageId),
          (err: unknown) => toast.error(wordsOf(err), { title: 'The message could not be shown' }),
        );
    },
    [conversations, ref],
  );

  // A jump asked by the screen waits for the list's first positioning.
  const jumped = useRef<string | null>(null);
  useEffect(() => {
    if (!viewport.ready || !jumpTo || jumped.current === jumpTo) return;
    jumped.current = jumpTo;
    jump(jumpTo);
  }, [viewport.ready, jumpTo, jump]);

  const [deleting, setDeleting] = useState<string | null>(null);
  // Gone meanwhile (deleted by someone else): the question closes by itself.
  const deletingMessage = useStore(conversations, (s) =>
    deleting === null ? null : (s.timelines[key]?.messages.find((m) => m.id === deleting) ?? null),
  );

  const ctx = useMemo<ChatContextValue>(
    () => ({
      conversation: ref,
      conversationKey: key,
      kind,
      myId: me.id,
      role,
      lookup,
      actions,
      startReply: (id) => drafts.getState().update(key, { replyTo: id, editing: null }),
      startEdit: (id) => drafts.getState().update(key, { editing: id }),
      stopEdit: () => {
        drafts.getState().update(key, { editing: null });
        composerRef.current?.focus();
      },
      jump,
      confirmDelete: setDeleting,
    }),
    [ref, key, kind, me.id, role, lookup, actions, jump],
  );

  const uploads = useUploads(api);
  const { dragging, dropProps } = useFileDrop((files) => uploads.add(files));

  const emitTyping = useCallback<TypingEmit>(
    (event, payload) => {
      // Volatile: a typing note is worthless once late, so none is queued while offline.
      if (socket.connected === false) return;
      (socket.volatile ?? socket).emit(event, payload);
    },
    [socket],
  );

  const onSent = useCallback(() => {
    divider.dismiss();
    listRef.current?.toPresent();
  }, [divider]);

  // Typing anywhere in the conversation (not in a field or on a control) writes in the composer.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1 || e.key === ' ') return;
      const active = document.activeElement;
      if (active && active !== document.body && isTypingTarget(active)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"], [role="alertdialog"]')) return;
      composerRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const label = kind === 'dm' ? `Message @${peer ? nameOf(peer) : title}` : `Message #${title}`;

  const onSearchJump = useCallback(
    (target: ConversationRef, messageId: string) => {
      if (conversationKey(target) === key) {
        jump(messageId);
      } else if (target.channel_id && zoneId) {
        navigate(paths.channel(zoneId, target.channel_id), { state: { jumpTo: messageId } });
      } else if (target.chat_id) {
        navigate(paths.dm(target.chat_id), { state: { jumpTo: messageId } });
      }
    },
    [key, jump, zoneId, navigate],
  );

  const closePanel = useCallback(() => onPanelChange?.(null), [onPanelChange]);
  const mentionName = useCallback((id: string) => {
    const p = lookup(id);
    return p ? nameOf(p) : undefined;
  }, [lookup]);
  const renderMention = useCallback(
    (id: string) => <span className="rounded-xs bg-accent/25 px-0.5 font-medium text-heading">@{nameOf(lookup(id))}</span>,
    [lookup],
  );

  return (
    <ChatContext.Provider value={ctx}>
      <div className="relative flex min-h-0 min-w-0 flex-1">
        <section aria-label={kind === 'dm' ? `Conversation with ${title}` : `#${title}`} className="relative flex min-w-0 flex-1 flex-col bg-chat" {...dropProps}>
          <MessageList
            ref={listRef}
            conversation={ref}
            conversationKey={key}
            kind={kind}
            title={title}
            peer={peer}
            dividerAfter={divider.after}
            onViewport={onViewport}
          />
          <Composer ref={composerRef} label={label} uploads={uploads} emitTyping={emitTyping} onSent={onSent} />
          <TypingIndicator conversationKey={key} lookup={lookup} />
          <DropOverlay visible={dragging} target={kind === 'dm' ? title : `#${title}`} />
        </section>
        {panel && (
          <Suspense
            fallback={
              <div className="flex w-[360px] shrink-0 items-center justify-center border-l border-border bg-sidebar max-sm:hidden">
                <Spinner label="Loading…" />
              </div>
            }
          >
            {panel === 'pins' ? (
              <PinsPanel conversation={ref} onJump={jump} onClose={closePanel} renderMention={renderMention} />
            ) : (
              <SearchPanel
                scope={kind === 'dm' ? { chat_id: chatId ?? '' } : { zone_id: zoneId ?? '', channel_id: channelId ?? undefined }}
                onJump={onSearchJump}
                onClose={closePanel}
                mentionName={mentionName}
              />
            )}
          </Suspense>
        )}
      </div>
      <DeleteMessageDialog
        message={deletingMessage}
        onClose={() => setDeleting(null)}
        onDelete={async (id) => {
          const ok = await actions.remove(id);
          if (ok && drafts.getState().byKey[key]?.editing === id) drafts.getState().update(key, { editing: null });
          return ok;
        }}
      />
    </ChatContext.Provider>
  );
}
