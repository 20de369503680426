// Wires the socket's server→client events (docs/PROTOCOL.md) to the client's state: message
// lists, typing, presence, "seen" receipts and the query cache. Lists the server changes
// without saying how are invalidated and fetched again; message events are applied in place.
import type { QueryClient } from '@tanstack/react-query';
import type { Self } from '@/features/auth/api';
import type { createTypingStore } from '@/features/chat/typing/store';
import type { createPresenceStore } from '@/features/presence/store';
import type { ZoneWithReadState } from '@/features/zones/types';
import type { createConnectionStore } from '@/lib/socket/connection';
import {
  conversationKey,
  type Message,
  type Presence,
  type ReactionEvent,
  type TypingEvent,
} from '@/lib/socket/protocol';
import type { ConversationsStore, DeletedRef } from './conversations';
import { queryKeys } from './queryKeys';
import { applyReadPosition, recordDeletedMessage, recordNewMessage } from './readState';
import type { SeenEvent, SeenStore } from './seen';

// Each event has its own payload (and the server appends its recovery offset).
type Handler = (...args: any[]) => void;

/** The part of a socket.io-client Socket this needs. */
export interface LiveSocket {
  on(event: string, handler: Handler): unknown;
  off(event: string, handler: Handler): unknown;
}

export interface LiveDeps {
  queryClient: QueryClient;
  conversations: ConversationsStore;
  presence: ReturnType<typeof createPresenceStore>;
  typing: ReturnType<typeof createTypingStore>;
  connection: ReturnType<typeof createConnectionStore>;
  seen: SeenStore;
  me: () => { id: string };
  /** Whether a conversation is on screen now: its new messages are read, not counted. */
  isOpen: (key: string) => boolean;
  now?: () => number;
}

export const TYPING_TICK_MS = 1_000;

interface ReadyEvent {
  user: Self;
  presence: Presence[];
}
interface ChatReadEvent {
  chat_id: string | null;
  channel_id: string | null;
  last_read_id: string;
}
interface FriendRequestEvent {
  id: string;
  user_id: string;
}
interface UserEvent {
  user_id: string;
}
interface DmOpenedEvent {
  chat_id: string;
  user_id: string;
}
interface ZoneEvent {
  zone_id: string;
}
interface ZoneUserEvent extends ZoneEvent {
  user_id: string;
  reason?: string;
  role?: string;
}
interface ChannelEvent extends ZoneEvent {
  channel_id: string;
}

export function bindLive(socket: LiveSocket, deps: LiveDeps): () => void {
  const { queryClient: qc, conversations, presence, typing, connection, seen } = deps;
  const now = deps.now ?? Date.now;
  const invalidate = (queryKey: readonly unknown[]) => void qc.invalidateQueries({ queryKey });
  let readyBefore = false;

  /** Forgets every cached thing of a zone the user no longer sees, its channels' messages too. */
  function dropZone(zoneId: string) {
    const zone = qc.getQueryData<ZoneWithReadState>(queryKeys.zone(zoneId));
    for (const c of zone?.channels ?? []) conversations.getState().drop(conversationKey({ channel_id: c.id }));
    // Messages from a channel the zone cache never listed still name the zone as chat_id.
    const { timelines } = conversations.getState();
    for (const [key, tl] of Object.entries(timelines)) {
      if (tl.messages.some((m) => m.channel_id !== null && m.chat_id === zoneId)) conversations.getState().drop(key);
    }
    qc.removeQueries({ queryKey: queryKeys.zoneAll(zoneId) });
    invalidate(queryKeys.zones);
  }

  /** A reconnect without recovery missed events: everything shown may be out of date. */
  function resync() {
    invalidate([]);
    const state = conversations.getState();
    for (const [key, tl] of Object.entries(state.timelines)) {
      if (deps.isOpen(key) || tl.pending.length > 0) {
        const ref = key.startsWith('channel:') ? { channel_id: key.slice(8) } : { chat_id: key.slice(5) };
        state.loadLatest(ref).catch(() => undefined); // the screen offers its own reload
      } else {
        state.drop(key); // loaded again when opened
      }
    }
  }

  const handlers: Record<(typeof LIVE_EVENTS)[number], Handler> = {
    ready: (e: ReadyEvent) => {
      presence.getState().reset(e.presence);
      qc.setQueryData(queryKeys.me, e.user);
      if (readyBefore && !connection.getState().recovered) resync();
      readyBefore = true;
    },
    'session:ended': (e: { reason: string }) => {
      connection.setState({ state: 'signed-out', reason: e.reason });
      // Nothing of this account may stay in memory for whoever signs in next.
      conversations.getState().clear();
      presence.getState().reset([]);
      seen.getState().clear();
      typing.setState({ byConversation: {} });
      qc.clear();
    },

    'message:new': (msg: Message) => {
      const key = conversationKey(msg);
      conversations.getState().receiveNew(msg);
      if (msg.author) typing.getState().stop({ chat_id: msg.chat_id, channel_id: msg.channel_id, user_id: msg.author.id });
      recordNewMessage(qc, msg, { myId: deps.me().id, open: deps.isOpen(key) });
    },
    'message:updated': (msg: Message) => conversations.getState().receiveUpdated(msg),
    'message:deleted': (d: DeletedRef) => {
      conversations.getState().receiveDeleted(d);
      recordDeletedMessage(qc, d);
    },
    'reaction:updated': (ev: ReactionEvent) => conversations.getState().receiveReaction(ev),

    'typing:start': (e: TypingEvent) => typing.getState().start(e, now()),
    'typing:stop': (e: TypingEvent) => typing.getState().stop(e),

    'chat:read': (e: ChatReadEvent) => applyReadPosition(qc, e, e.last_read_id),
    'chat:seen': (e: SeenEvent) => seen.getState().seen(e),

    'presence:update': (p: Presence) => presence.getState().update(p),

    'friend:request': (_e: FriendRequestEvent) => invalidate(queryKeys.friendRequests),
    'friend:request_removed': (_e: FriendRequestEvent) => invalidate(queryKeys.friendRequests),
    'friend:added': (_e: UserEvent) => {
      invalidate(queryKeys.friends);
      invalidate(queryKeys.friendRequests); // the request became the friendship
      invalidate(queryKeys.dms); // the DM's user now carries presence
    },
    'friend:removed': (e: UserEvent) => {
      presence.getState().forget(e.user_id);
      invalidate(queryKeys.friends);
      invalidate(queryKeys.dms); // presence leaves the DM's user
      // A block (maybe from another tab) ends the friendship and deletes requests.
      invalidate(queryKeys.friendRequests);
      invalidate(queryKeys.blocks);
    },
    'dm:opened': (_e: DmOpenedEvent) => invalidate(queryKeys.dms),

    'zone:joined': (_e: ZoneUserEvent) => invalidate(queryKeys.zones),
    'zone:left': (e: ZoneUserEvent) => dropZone(e.zone_id),
    'zone:member_joined': (e: ZoneUserEvent) => {
      invalidate(queryKeys.zoneMembers(e.zone_id));
      invalidate(queryKeys.zoneInvites(e.zone_id)); // an invite's use count moved
    },
    'zone:member_left': (e: ZoneUserEvent) => {
      invalidate(queryKeys.zoneMembers(e.zone_id));
      if (e.reason === 'banned') invalidate(queryKeys.zoneBans(e.zone_id));
    },
    'zone:member_updated': (e: ZoneUserEvent) => {
      invalidate(queryKeys.zoneMembers(e.zone_id));
      // My role or the owner changed: the zone's my_role / owner_id with it.
      if (e.user_id === deps.me().id || e.role === 'owner') {
        invalidate(queryKeys.zone(e.zone_id));
        invalidate(queryKeys.zones);
      }
    },
    'zone:updated': (e: ZoneEvent) => {
      invalidate(queryKeys.zone(e.zone_id));
      invalidate(queryKeys.zones);
    },

    'channel:created': (e: ChannelEvent) => invalidate(queryKeys.zone(e.zone_id)),
    'channel:updated': (e: ChannelEvent) => invalidate(queryKeys.zone(e.zone_id)),
    'channel:reordered': (e: ZoneEvent) => invalidate(queryKeys.zone(e.zone_id)),
    'channel:deleted': (e: ChannelEvent) => {
      conversations.getState().drop(conversationKey({ channel_id: e.channel_id }));
      invalidate(queryKeys.zone(e.zone_id));
      invalidate(queryKeys.zones); // its unread messages leave the zone's sums
    },
  };

  for (const [event, handler] of Object.entries<Handler>(handlers)) socket.on(event, handler);
  const tick = setInterval(() => typing.getState().expire(now()), TYPING_TICK_MS);

  return function unbind() {
    clearInterval(tick);
    for (const [event, handler] of Object.entries<Handler>(handlers)) socket.off(event, handler);
  };
}

/** The server→client events bindLive handles (every one of PROTOCOL.md). */
export const LIVE_EVENTS = [
  'ready',
  'session:ended',
  'message:new',
  'message:updated',
  'message:deleted',
  'reaction:updated',
  'typing:start',
  'typing:stop',
  'chat:read',
  'chat:seen',
  'presence:update',
  'friend:request',
  'friend:request_removed',
  'friend:added',
  'friend:removed',
  'dm:opened',
  'zone:joined',
  'zone:left',
  'zone:member_joined',
  'zone:member_left',
  'zone:member_updated',
  'zone:updated',
  'channel:created',
  'channel:updated',
  'channel:deleted',
  'channel:reordered',
] as const;
