// Unread and mention badges kept current in the query cache between fetches: the DM list,
// each cached zone's text channels and the zone list's sums. Where the exact count cannot
// be known here (a read position short of the newest message, a capped sum), the query is
// invalidated instead and the server recounts.
import type { QueryClient } from '@tanstack/react-query';
import { compareIds } from '@/features/chat/messages/timeline';
import type { DmChat, ReadState } from '@/features/friends/types';
import type { ChannelWithReadState, ZoneSummary, ZoneWithReadState } from '@/features/zones/types';
import type { Message } from '@/lib/socket/protocol';
import { isZoneDetailKey, queryKeys } from './queryKeys';

/** The server stops both counts here (OC_UNREAD_CAP). */
export const UNREAD_CAP = 1000;

/** Names a conversation the way live events do: a DM chat, or a channel (chat_id its zone). */
export interface ReadRef {
  chat_id?: string | null;
  channel_id?: string | null;
}

function newer(a: string | null, b: string): string {
  return a === null || compareIds(b, a) > 0 ? b : a;
}

function bump(n: number): number {
  return Math.min(UNREAD_CAP, n + 1);
}

type NewKind = { unread: boolean; mention: boolean };

function withNew<T extends ReadState>(rs: T, messageId: string, kind: NewKind): T {
  return {
    ...rs,
    last_message_id: newer(rs.last_message_id, messageId),
    unread_count: kind.unread ? bump(rs.unread_count) : rs.unread_count,
    mention_count: kind.mention ? bump(rs.mention_count) : rs.mention_count,
  };
}

/** The read position moved to id: counts are 0 when it reaches the newest message. */
function withRead<T extends ReadState>(rs: T, id: string): { next: T; exact: boolean } {
  const last_read_id = newer(rs.last_read_id, id);
  const caughtUp = rs.last_message_id === null || compareIds(last_read_id, rs.last_message_id) >= 0;
  if (!caughtUp) return { next: { ...rs, last_read_id }, exact: false };
  return { next: { ...rs, last_read_id, unread_count: 0, mention_count: 0 }, exact: true };
}

function isTextWithState(c: ChannelWithReadState): c is Extract<ChannelWithReadState, ReadState> {
  return c.type === 'text';
}

/** The cached zone (detail) holding a channel, if any. */
export function findZoneOfChannel(qc: QueryClient, channelId: string): ZoneWithReadState | undefined {
  for (const [key, zone] of qc.getQueriesData<ZoneWithReadState>({ queryKey: ['zone'] })) {
    if (isZoneDetailKey(key) && zone?.channels.some((c) => c.id === channelId)) return zone;
  }
  return undefined;
}

/** Changes one text channel's read state in its cached zone; returns the state before. */
function updateChannel(
  qc: QueryClient,
  zoneId: string,
  channelId: string,
  change: <T extends ReadState>(rs: T) => T,
): ReadState | undefined {
  let before: ReadState | undefined;
  qc.setQueryData<ZoneWithReadState>(queryKeys.zone(zoneId), (zone) => {
    if (!zone) return zone;
    const channels = zone.channels.map((c) => {
      if (c.id !== channelId || !isTextWithState(c)) return c;
      before = c;
      return change(c);
    });
    return before ? { ...zone, channels } : zone;
  });
  return before;
}

function updateDm(qc: QueryClient, chatId: string, change: (rs: DmChat) => DmChat): DmChat | undefined {
  let before: DmChat | undefined;
  qc.setQueryData<DmChat[]>(queryKeys.dms, (chats) => {
    if (!chats) return chats;
    const next = chats.map((c) => {
      if (c.id !== chatId) return c;
      before = c;
      return change(c);
    });
    return before ? next : chats;
  });
  return before;
}

function updateZoneSummary(qc: QueryClient, zoneId: string, change: (z: ZoneSummary) => ZoneSummary) {
  qc.setQueryData<ZoneSummary[]>(queryKeys.zones, (zones) =>
    zones?.map((z) => (z.id === zoneId ? change(z) : z)),
  );
}

/**
 * message:new: the conversation's newest message moves; a message of someone else in a
 * conversation not on screen adds to its badges. My own message (from another tab) moved my
 * read position to it, as the server does on send.
 */
export function recordNewMessage(
  qc: QueryClient,
  msg: Message,
  opts: { myId: string; open: boolean },
) {
  const mine = msg.author?.id === opts.myId;
  if (mine) {
    updateLastMessage(qc, msg);
    applyReadPosition(qc, msg, msg.id);
    return;
  }
  const kind: NewKind = {
    unread: !opts.open,
    mention: !opts.open && msg.mentions.includes(opts.myId),
  };
  if (msg.channel_id === null) {
    const chat = updateDm(qc, msg.chat_id, (c) => withNew(c, msg.id, kind));
    // A chat not listed yet (the list predates it): the server knows its counts.
    if (!chat && qc.getQueryData(queryKeys.dms) !== undefined) {
      void qc.invalidateQueries({ queryKey: queryKeys.dms });
    }
    return;
  }
  const channelId = msg.channel_id;
  const zoneId = findZoneOfChannel(qc, channelId)?.id ?? msg.chat_id;
  updateChannel(qc, zoneId, channelId, (c) => withNew(c, msg.id, kind));
  if (kind.unread || kind.mention) {
    updateZoneSummary(qc, zoneId, (z) => ({
      ...z,
      unread_count: kind.unread ? bump(z.unread_count) : z.unread_count,
      mention_count: kind.mention ? bump(z.mention_count) : z.mention_count,
    }));
  }
}

function updateLastMessage(qc: QueryClient, msg: Message) {
  const change = <T extends ReadState>(rs: T): T => withNew(rs, msg.id, { unread: false, mention: false });
  if (msg.channel_id === null) updateDm(qc, msg.chat_id, change);
  else updateChannel(qc, findZoneOfChannel(qc, msg.channel_id)?.id ?? msg.chat_id, msg.channel_id, change);
}

/**
 * My read position of a conversation is now lastReadId (chat:read from another tab, the
 * acknowledgement of my own chat:read, or my own message).
 */
export function applyReadPosition(qc: QueryClient, ref: ReadRef, lastReadId: string) {
  if (ref.channel_id) {
    const channelId = ref.channel_id;
    const zoneId = findZoneOfChannel(qc, channelId)?.id ?? ref.chat_id ?? null;
    if (zoneId === null) return;
    let exact = true;
    const before = updateChannel(qc, zoneId, channelId, (c) => {
      const r = withRead(c, lastReadId);
      exact = r.exact;
      return r.next;
    });
    if (!before) {
      // The zone is not cached: only its sums are, and by how much they fall is unknown.
      void qc.invalidateQueries({ queryKey: queryKeys.zones });
      return;
    }
    if (!exact) {
      void qc.invalidateQueries({ queryKey: queryKeys.zone(zoneId) });
      void qc.invalidateQueries({ queryKey: queryKeys.zones });
      return;
    }
    const zones = qc.getQueryData<ZoneSummary[]>(queryKeys.zones);
    const summary = zones?.find((z) => z.id === zoneId);
    if (!summary) return;
    // A capped sum hides how much the other channels hold: recount.
    if (summary.unread_count >= UNREAD_CAP || summary.mention_count >= UNREAD_CAP) {
      void qc.invalidateQueries({ queryKey: queryKeys.zones });
      return;
    }
    updateZoneSummary(qc, zoneId, (z) => ({
      ...z,
      unread_count: Math.max(0, z.unread_count - before.unread_count),
      mention_count: Math.max(0, z.mention_count - before.mention_count),
    }));
    return;
  }
  if (!ref.chat_id) return;
  let exact = true;
  updateDm(qc, ref.chat_id, (c) => {
    const r = withRead(c, lastReadId);
    exact = r.exact;
    return r.next;
  });
  if (!exact) void qc.invalidateQueries({ queryKey: queryKeys.dms });
}

/**
 * message:deleted: a deleted message may have been the newest or one of the unread ones;
 * which it was cannot be told from the event, so the affected counts are fetched again.
 */
export function recordDeletedMessage(qc: QueryClient, ref: ReadRef & { id: string }) {
  const affects = (rs: ReadState) =>
    rs.last_message_id === ref.id || rs.last_read_id === null || compareIds(ref.id, rs.last_read_id) > 0;
  if (ref.channel_id) {
    const zone = findZoneOfChannel(qc, ref.channel_id);
    const channel = zone?.channels.find((c) => c.id === ref.channel_id);
    if (zone && channel && isTextWithState(channel) && affects(channel)) {
      void qc.invalidateQueries({ queryKey: queryKeys.zone(zone.id) });
      void qc.invalidateQueries({ queryKey: queryKeys.zones });
    }
    return;
  }
  const chat = qc.getQueryData<DmChat[]>(queryKeys.dms)?.find((c) => c.id === ref.chat_id);
  if (chat && affects(chat)) void qc.invalidateQueries({ queryKey: queryKeys.dms });
}
