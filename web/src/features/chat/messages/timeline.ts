// One conversation's loaded message list as an immutable value: REST history pages merged
// into one contiguous range of ids, live events applied on top, and the user's own messages
// shown while they are being sent. Every function returns the same object when nothing
// changed, so React can skip renders by reference.
import type {
  Attachment,
  Message,
  MessageAuthor,
  Reaction,
  ReactionEvent,
} from '@/lib/socket/protocol';

/** One answer of GET /chats/:chat_id/messages or /channels/:channel_id/messages. */
export interface HistoryPage {
  messages: Message[];
  has_more_before: boolean;
  has_more_after: boolean;
}

/** reaction:updated, and the `reaction` of a reaction:add / reaction:remove acknowledgement. */
export type { ReactionEvent } from '@/lib/socket/protocol';

export type PendingState = 'sending' | 'failed';

/** A message of this user not yet acknowledged by the server. */
export interface PendingMessage {
  nonce: string;
  content: string;
  author: MessageAuthor;
  reply: Message['reply'];
  attachments: Attachment[];
  createdAt: number;
  state: PendingState;
  /** Words for the user when state is 'failed'. */
  error: string | null;
}

export interface NewPending {
  nonce: string;
  content: string;
  author: MessageAuthor;
  reply?: Message['reply'];
  attachments?: Attachment[];
  createdAt: number;
}

export interface Timeline {
  /** Stored messages, ascending by id, contiguous (no live message between two of them). */
  readonly messages: readonly Message[];
  /** The user's unacknowledged messages, in the order they were sent; shown after `messages`. */
  readonly pending: readonly PendingMessage[];
  /** Live messages exist before the first loaded one. */
  readonly hasMoreBefore: boolean;
  /** Live messages exist after the last loaded one: the timeline is not at the present. */
  readonly hasMoreAfter: boolean;
  /**
   * The newest id announced by message:new (or a send acknowledgement) that was not added
   * because the timeline is away from the present; null when none. A "new messages" hint.
   */
  readonly unseenNewerId: string | null;
}

export type TimelineItem =
  | { kind: 'message'; key: string; message: Message }
  | { kind: 'pending'; key: string; pending: PendingMessage };

/** Orders 64-bit decimal ids without Number (which loses precision above 2^53). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function maxId(a: string | null, b: string): string {
  return a === null || compareIds(b, a) > 0 ? b : a;
}

export function emptyTimeline(): Timeline {
  return { messages: [], pending: [], hasMoreBefore: false, hasMoreAfter: false, unseenNewerId: null };
}

/** Stored messages first, then the pending ones: what the list shows, in order. */
export function timelineItems(tl: Timeline): TimelineItem[] {
  const items: TimelineItem[] = tl.messages.map((m) => ({ kind: 'message', key: m.id, message: m }));
  for (const p of tl.pending) items.push({ kind: 'pending', key: `pending:${p.nonce}`, pending: p });
  return items;
}

export function isAtPresent(tl: Timeline): boolean {
  return !tl.hasMoreAfter;
}

function first(tl: Timeline): Message | undefined {
  return tl.messages[0];
}

function last(tl: Timeline): Message | undefined {
  return tl.messages[tl.messages.length - 1];
}

/** Sorted union by id; on a duplicate id the version from `preferred` wins. */
function union(base: readonly Message[], preferred: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of base) byId.set(m.id, m);
  for (const m of preferred) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
}

/**
 * Page answers are a snapshot: a message:new that arrived while the timeline was away from
 * the present may be newer than a page that claims to reach it. Then one more page is
 * needed; an empty page settles it (the message was deleted meanwhile).
 */
function settle(tl: Timeline, page: HistoryPage): Timeline {
  if (tl.hasMoreAfter) return tl;
  const end = last(tl);
  const unseen = tl.unseenNewerId;
  if (unseen !== null && (end === undefined || compareIds(unseen, end.id) > 0)) {
    return { ...tl, hasMoreAfter: true, unseenNewerId: page.messages.length === 0 ? null : unseen };
  }
  return unseen === null ? tl : { ...tl, unseenNewerId: null };
}

/** A timeline of one page: the first load of a conversation. */
export function fromPage(page: HistoryPage): Timeline {
  return {
    messages: union([], page.messages),
    pending: [],
    hasMoreBefore: page.has_more_before,
    hasMoreAfter: page.has_more_after,
    unseenNewerId: null,
  };
}

/**
 * Adds the page of `before=<id of the first loaded message>`. With `cursor` (the `before`
 * the page was asked with), a page answering an older state of the timeline is ignored.
 */
export function prependOlder(tl: Timeline, page: HistoryPage, cursor?: string): Timeline {
  if (cursor !== undefined && cursor !== first(tl)?.id) return tl;
  if (tl.messages.length === 0) return mergePage(tl, page);
  return {
    ...tl,
    messages: union(tl.messages, page.messages),
    hasMoreBefore: page.has_more_before,
  };
}

/**
 * Adds the page of `after=<id of the last loaded message>`. With `cursor` (the `after` the
 * page was asked with), a page answering an older state of the timeline is ignored.
 */
export function appendNewer(tl: Timeline, page: HistoryPage, cursor?: string): Timeline {
  if (cursor !== undefined && cursor !== last(tl)?.id) return tl;
  if (tl.messages.length === 0) return mergePage(tl, page);
  return settle(
    { ...tl, messages: union(tl.messages, page.messages), hasMoreAfter: page.has_more_after },
    page,
  );
}

/**
 * Adds a page asked without a neighbouring cursor: `around=<id>` (jumping to a message) or
 * the newest page (a reload). It is merged when it meets the loaded range; otherwise the
 * ids between them are unknown, so the page replaces the stored messages (pending stay).
 */
export function mergePage(tl: Timeline, page: HistoryPage): Timeline {
  const sorted = union([], page.messages);
  const pFirst = sorted[0];
  const pLast = sorted[sorted.length - 1];
  const tFirst = first(tl);
  const tLast = last(tl);
  const keepUnseen = { unseenNewerId: tl.unseenNewerId };

  let touches = false;
  if (tFirst !== undefined && tLast !== undefined) {
    if (pFirst !== undefined && pLast !== undefined) {
      touches = compareIds(pFirst.id, tLast.id) <= 0 && compareIds(pLast.id, tFirst.id) >= 0;
    }
    // A page that reaches the present is followed only by messages written after it was
    // read, which came as message:new: the loaded ones after it continue it without a gap.
    if (!page.has_more_after && (pLast === undefined || compareIds(tLast.id, pLast.id) > 0)) {
      touches = true;
    }
  }
  if (!touches || tFirst === undefined || tLast === undefined) {
    return settle({ ...fromPage(page), pending: tl.pending, ...keepUnseen }, page);
  }

  const startsFirst = pFirst === undefined ? 1 : compareIds(pFirst.id, tFirst.id);
  const endsLast = pLast === undefined ? -1 : compareIds(pLast.id, tLast.id);
  // On equal ends either answer may be the older one; asking once more is harmless.
  const hasMoreBefore =
    startsFirst < 0 ? page.has_more_before
    : startsFirst > 0 ? tl.hasMoreBefore
    : page.has_more_before || tl.hasMoreBefore;
  const hasMoreAfter =
    endsLast > 0 ? page.has_more_after
    : endsLast < 0 ? tl.hasMoreAfter
    : page.has_more_after || tl.hasMoreAfter;
  return settle(
    { ...tl, messages: union(tl.messages, sorted), hasMoreBefore, hasMoreAfter },
    page,
  );
}

/** Inserts a stored message where it belongs, unless it lies outside the loaded range. */
function insert(tl: Timeline, msg: Message): Timeline {
  if (tl.messages.some((m) => m.id === msg.id)) return tl;
  const tFirst = first(tl);
  const tLast = last(tl);
  if (tl.hasMoreAfter && (tLast === undefined || compareIds(msg.id, tLast.id) > 0)) {
    const unseenNewerId = maxId(tl.unseenNewerId, msg.id);
    return unseenNewerId === tl.unseenNewerId ? tl : { ...tl, unseenNewerId };
  }
  // Older than the loaded range with history in between: paging back will bring it.
  if (tl.hasMoreBefore && tFirst !== undefined && compareIds(msg.id, tFirst.id) < 0) return tl;
  const messages = [...tl.messages];
  let i = messages.length;
  while (i > 0 && compareIds(messages[i - 1]!.id, msg.id) > 0) i--;
  messages.splice(i, 0, msg);
  return { ...tl, messages };
}

function withoutPending(tl: Timeline, nonce: string): Timeline {
  const pending = tl.pending.filter((p) => p.nonce !== nonce);
  return pending.length === tl.pending.length ? tl : { ...tl, pending };
}

/** message:new. Our own message seen here before its acknowledgement also settles its pending copy. */
export function applyNew(tl: Timeline, msg: Message): Timeline {
  let next = tl;
  if (msg.nonce !== null && msg.author !== null) {
    const authorId = msg.author.id;
    const mine = tl.pending.find((p) => p.nonce === msg.nonce && p.author.id === authorId);
    if (mine) next = withoutPending(next, mine.nonce);
  }
  return insert(next, msg);
}

/** Reply previews carry the first 200 code points of the replied-to text. */
const REPLY_PREVIEW_CHARS = 200;

function replyPreview(content: string): string {
  let out = '';
  let n = 0;
  for (const ch of content) {
    if (n++ === REPLY_PREVIEW_CHARS) break;
    out += ch;
  }
  return out;
}

function mapReplies(messages: readonly Message[], id: string, reply: (r: NonNullable<Message['reply']>) => Message['reply']): Message[] {
  return messages.map((m) => (m.reply !== null && m.reply.id === id ? { ...m, reply: reply(m.reply) } : m));
}

/** message:updated (an edit, a pin or an unpin), or the acknowledgement of one. */
export function applyUpdated(tl: Timeline, msg: Message): Timeline {
  const i = tl.messages.findIndex((m) => m.id === msg.id);
  if (i < 0) return tl;
  const old = tl.messages[i]!;
  // Broadcast updates leave reactions out; they are unchanged then.
  const merged: Message = msg.reactions === undefined ? { ...msg, reactions: old.reactions } : msg;
  let messages = [...tl.messages];
  messages[i] = merged;
  if (old.content !== msg.content) {
    const content = replyPreview(msg.content);
    messages = mapReplies(messages, msg.id, (r) => (r.deleted ? r : { ...r, content }));
  }
  return { ...tl, messages };
}

/** message:deleted, or the acknowledgement of message:delete. */
export function applyDeleted(tl: Timeline, id: string): Timeline {
  const messages = tl.messages.filter((m) => m.id !== id);
  const replied = tl.messages.some((m) => m.reply !== null && m.reply.id === id);
  if (messages.length === tl.messages.length && !replied) return tl;
  // The same shape a history page gives a reply to a deleted message.
  return { ...tl, messages: replied ? mapReplies(messages, id, (r) => ({ ...r, content: '', deleted: true })) : messages };
}

/** reaction:updated, or the `reaction` of a reaction:add / reaction:remove acknowledgement. */
export function applyReaction(tl: Timeline, ev: ReactionEvent, myUserId: string): Timeline {
  const i = tl.messages.findIndex((m) => m.id === ev.message_id);
  if (i < 0) return tl;
  const msg = tl.messages[i]!;
  const reactions: readonly Reaction[] = msg.reactions ?? [];
  const j = reactions.findIndex((r) => r.emoji === ev.emoji);
  const byMe = ev.user_id === myUserId;
  let next: Reaction[];
  if (ev.count <= 0) {
    if (j < 0) return tl;
    next = reactions.filter((_, k) => k !== j);
  } else if (j < 0) {
    next = [...reactions, { emoji: ev.emoji, count: ev.count, me: byMe && ev.added }];
  } else {
    const old = reactions[j]!;
    const me = byMe ? ev.added : old.me;
    if (old.count === ev.count && old.me === me) return tl;
    next = [...reactions];
    next[j] = { emoji: ev.emoji, count: ev.count, me };
  }
  const messages = [...tl.messages];
  messages[i] = { ...msg, reactions: next };
  return { ...tl, messages };
}

/** Shows a message being sent. A nonce already pending is left as it is. */
export function addPending(tl: Timeline, p: NewPending): Timeline {
  if (tl.pending.some((q) => q.nonce === p.nonce)) return tl;
  const pending: PendingMessage = {
    nonce: p.nonce,
    content: p.content,
    author: p.author,
    reply: p.reply ?? null,
    attachments: p.attachments ?? [],
    createdAt: p.createdAt,
    state: 'sending',
    error: null,
  };
  return { ...tl, pending: [...tl.pending, pending] };
}

/**
 * The message:send acknowledgement: the stored message takes the pending one's place (once,
 * even when message:new brought it first). Away from the present it is not added, like
 * any new message.
 */
export function confirmPending(tl: Timeline, nonce: string, msg: Message): Timeline {
  return insert(withoutPending(tl, nonce), msg);
}

function updatePending(tl: Timeline, nonce: string, change: (p: PendingMessage) => PendingMessage): Timeline {
  const i = tl.pending.findIndex((p) => p.nonce === nonce);
  if (i < 0) return tl;
  const old = tl.pending[i]!;
  const updated = change(old);
  if (updated.state === old.state && updated.error === old.error) return tl;
  const pending = [...tl.pending];
  pending[i] = updated;
  return { ...tl, pending };
}

/** The send was refused or timed out: keep the message with the reason, for a retry. */
export function failPending(tl: Timeline, nonce: string, error: string | { message: string }): Timeline {
  const words = typeof error === 'string' ? error : error.message;
  return updatePending(tl, nonce, (p) => ({ ...p, state: 'failed', error: words }));
}

/** Sending again (with the same nonce, so the server stores it at most once). */
export function retryPending(tl: Timeline, nonce: string): Timeline {
  return updatePending(tl, nonce, (p) => ({ ...p, state: 'sending', error: null }));
}

export function discardPending(tl: Timeline, nonce: string): Timeline {
  return withoutPending(tl, nonce);
}
