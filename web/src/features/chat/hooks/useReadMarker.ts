// Read positions as the user sees them: where the "New messages" divider goes (the position
// when the conversation was opened), and moving the position to the newest message once it is
// on screen in a focused window, debounced so scrolling and bursts send one chat:read.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { compareIds } from '@/features/chat/messages/timeline';
import type { ConversationsStore } from '@/features/live/conversations';
import type { ReadState } from '@/features/friends/types';
import type { ConversationRef } from '@/lib/socket/protocol';
import type { ConversationKind } from './permissions';

export const MARK_READ_DELAY_MS = 400;

/**
 * The id after which the divider goes, or null for none. Only unread messages at open time
 * get a divider: what arrives while the user watches is read as it comes. A DM never marked
 * is unread from its start ("0"); a channel never marked counts from the join, unknown here.
 */
export function dividerAfter(rs: Pick<ReadState, 'last_read_id' | 'unread_count'>, kind: ConversationKind): string | null {
  if (rs.unread_count <= 0) return null;
  if (rs.last_read_id !== null) return rs.last_read_id;
  return kind === 'dm' ? '0' : null;
}

/** The divider position, frozen at the first read state known; dismiss() removes it. */
export function useUnreadDivider(
  readState: Pick<ReadState, 'last_read_id' | 'unread_count'> | undefined,
  kind: ConversationKind,
): { after: string | null; dismiss(): void } {
  const [snapshot, setSnapshot] = useState<string | null | undefined>(() =>
    readState ? dividerAfter(readState, kind) : undefined,
  );
  useEffect(() => {
    if (snapshot === undefined && readState) setSnapshot(dividerAfter(readState, kind));
  }, [snapshot, readState, kind]);
  const dismiss = useCallback(() => setSnapshot(null), []);
  const after = snapshot ?? null;
  return useMemo(() => ({ after, dismiss }), [after, dismiss]);
}

/**
 * Whether the page is shown and has the focus. Focus is taken as given until a blur says
 * otherwise: document.hasFocus() is false in some embedded and automated browsers that
 * still show the page.
 */
export function useWindowActive(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  const [focused, setFocused] = useState(true);
  useEffect(() => {
    const onVisibility = () => setVisible(document.visibilityState === 'visible');
    const onFocus = () => setFocused(true);
    const onBlur = () => setFocused(false);
    window.addEventListener('focus', onFocus);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return visible && focused;
}

export interface ReadMarkerInput {
  store: ConversationsStore;
  conversation: ConversationRef;
  /** The newest stored message loaded, when the list shows the present. */
  newestId: string | null;
  /** The newest message is on screen and the window is active. */
  visible: boolean;
  /** The stored position, to skip marking what is already read. */
  lastReadId: string | null | undefined;
  /** The server's answer: the badges follow it. */
  onRead?: (lastReadId: string) => void;
}

export function useReadMarker({ store, conversation, newestId, visible, lastReadId, onRead }: ReadMarkerInput): void {
  const ref = useRef(conversation);
  ref.current = conversation;
  const onReadRef = useRef(onRead);
  onReadRef.current = onRead;
  useEffect(() => {
    if (!visible || newestId === null) return;
    if (lastReadId && compareIds(newestId, lastReadId) <= 0) return;
    const timer = setTimeout(() => {
      // Background bookkeeping: a refused or lost chat:read (rate limit, offline) is tried
      // again with the next message or visit; the badge shows it meanwhile.
      store
        .getState()
        .markRead(ref.current, newestId)
        .then((id) => onReadRef.current?.(id))
        .catch(() => undefined);
    }, MARK_READ_DELAY_MS);
    return () => clearTimeout(timer);
  }, [store, newestId, visible, lastReadId]);
}
