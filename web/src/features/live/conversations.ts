// The loaded message lists of every conversation the user opened, as Timelines keyed by
// conversationKey: history pages from the REST routes, the user's own actions over the
// socket (their acknowledgements applied here, since the acting socket gets no broadcast),
// and the live events bindLive feeds in.
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '@/lib/api/client';
import { type AckEmitter, emitWithAck } from '@/lib/socket/client';
import {
  type Attachment,
  conversationKey,
  type ConversationRef,
  type Message,
  type MessageAuthor,
  type ReactionEvent,
} from '@/lib/socket/protocol';
import { newNonce } from '@/features/chat/messages/nonce';
import {
  addPending,
  appendNewer,
  applyDeleted,
  applyNew,
  applyReaction,
  applyUpdated,
  compareIds,
  confirmPending,
  discardPending,
  emptyTimeline,
  failPending,
  type HistoryPage,
  mergePage,
  prependOlder,
  retryPending,
  type Timeline,
} from '@/features/chat/messages/timeline';

export type LoadKind = 'latest' | 'older' | 'newer' | 'around';

export interface SendInput {
  content: string;
  /** The id of the message replied to. */
  replyTo?: string;
  /** Uploads from POST /attachments, shown while sending and named by id in the event. */
  attachments?: Attachment[];
}

export interface DeletedRef {
  id: string;
  chat_id: string;
  channel_id: string | null;
}

export interface ConversationsDeps {
  api: ApiClient;
  socket: AckEmitter;
  me: () => MessageAuthor;
  /** My read position moved by my own chat:read (the badges live in the query cache). */
  onRead?: (ref: ConversationRef, lastReadId: string) => void;
  /** Messages per history page (1-50); the server's default (50) when absent. */
  pageSize?: number;
}

export interface ConversationsState {
  timelines: Record<string, Timeline>;
  /** conversation key -> the page loads under way */
  loading: Record<string, Partial<Record<LoadKind, boolean>>>;

  loadLatest(ref: ConversationRef): Promise<void>;
  loadOlder(ref: ConversationRef): Promise<void>;
  loadNewer(ref: ConversationRef): Promise<void>;
  jumpTo(ref: ConversationRef, messageId: string): Promise<void>;

  /** Resolves once the message is stored or refused (it is then kept as failed, never thrown). */
  send(ref: ConversationRef, input: SendInput): Promise<void>;
  retry(ref: ConversationRef, nonce: string): Promise<void>;
  discard(ref: ConversationRef, nonce: string): void;
  edit(ref: ConversationRef, messageId: string, content: string): Promise<Message>;
  remove(ref: ConversationRef, messageId: string): Promise<void>;
  pin(ref: ConversationRef, messageId: string): Promise<Message>;
  unpin(ref: ConversationRef, messageId: string): Promise<Message>;
  react(ref: ConversationRef, messageId: string, emoji: string): Promise<void>;
  unreact(ref: ConversationRef, messageId: string, emoji: string): Promise<void>;
  /** Returns the stored read position (it never moves back). */
  markRead(ref: ConversationRef, messageId: string): Promise<string>;

  // Live events (bindLive). Conversations never loaded are left alone: their history
  // comes with the first page.
  receiveNew(msg: Message): void;
  receiveUpdated(msg: Message): void;
  receiveDeleted(d: DeletedRef): void;
  receiveReaction(ev: ReactionEvent): void;
  /** Forgets a conversation (a deleted channel, a zone left); loads under way are ignored. */
  drop(key: string): void;
  clear(): void;
}

/** The socket payload naming a conversation: by channel for zone messages, else by chat. */
function target(ref: ConversationRef): { chat_id: string } | { channel_id: string } {
  if (ref.channel_id) return { channel_id: ref.channel_id };
  if (ref.chat_id) return { chat_id: ref.chat_id };
  throw new Error('a conversation needs chat_id or channel_id');
}

function historyPath(ref: ConversationRef): string {
  const t = target(ref);
  return 'channel_id' in t
    ? `/channels/${encodeURIComponent(t.channel_id)}/messages`
    : `/chats/${encodeURIComponent(t.chat_id)}/messages`;
}

function wordsOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'The message could not be sent.';
}

type SendPayload = {
  content: string;
  reply_to?: string;
  attachments?: string[];
  nonce: string;
} & ({ chat_id: string } | { channel_id: string });

export function createConversationsStore(deps: ConversationsDeps) {
  const inFlight = new Map<string, Promise<void>>();
  // Dropping a conversation bumps its generation, so a page answering afterwards is ignored.
  const generation = new Map<string, number>();
  let epoch = 0; // bumped by clear(), which drops every conversation at once
  const genOf = (key: string) => `${epoch}/${generation.get(key) ?? 0}`;
  // What each unacknowledged message was sent with, for a retry with the same nonce.
  const payloads = new Map<string, SendPayload>();
  const lastMarked = new Map<string, string>();

  return createStore<ConversationsState>((set, get) => {
    function update(key: string, change: (tl: Timeline) => Timeline, create?: () => Timeline) {
      set((s) => {
        const old = s.timelines[key] ?? create?.();
        if (old === undefined) return s;
        const next = change(old);
        if (next === s.timelines[key]) return s;
        return { timelines: { ...s.timelines, [key]: next } };
      });
    }

    function setLoading(key: string, kind: LoadKind, on: boolean) {
      set((s) => ({ loading: { ...s.loading, [key]: { ...s.loading[key], [kind]: on } } }));
    }

    /** Fetches one page once per conversation and purpose, then merges it. */
    function load(
      ref: ConversationRef,
      kind: LoadKind,
      tag: string,
      query: Record<string, string | number | undefined>,
      merge: (tl: Timeline, page: HistoryPage) => Timeline,
    ): Promise<void> {
      const key = conversationKey(ref);
      const flightKey = `${key}|${tag}`;
      const running = inFlight.get(flightKey);
      if (running) return running;
      const gen = genOf(key);
      setLoading(key, kind, true);
      const p = deps.api
        .get<HistoryPage>(historyPath(ref), { query: { ...query, limit: deps.pageSize } })
        .then((page) => {
          if (genOf(key) !== gen) return;
          update(key, (tl) => merge(tl, page), emptyTimeline);
        })
        .finally(() => {
          if (inFlight.get(flightKey) === p) inFlight.delete(flightKey);
          if (genOf(key) === gen) setLoading(key, kind, false);
        });
      inFlight.set(flightKey, p);
      return p;
    }

    function emitSend(key: string, payload: SendPayload): Promise<void> {
      return emitWithAck<{ message: Message }>(deps.socket, 'message:send', payload).then(
        ({ message }) => {
          payloads.delete(payload.nonce);
          // A timeline dropped meanwhile stays dropped.
          update(key, (tl) => confirmPending(tl, payload.nonce, message));
        },
        (err: unknown) => update(key, (tl) => failPending(tl, payload.nonce, wordsOf(err))),
      );
    }

    return {
      timelines: {},
      loading: {},

      loadLatest: (ref) => load(ref, 'latest', 'latest', {}, mergePage),

      loadOlder: (ref) => {
        const tl = get().timelines[conversationKey(ref)];
        if (!tl) return get().loadLatest(ref);
        const cursor = tl.messages[0]?.id;
        if (cursor === undefined) return get().loadLatest(ref);
        if (!tl.hasMoreBefore) return Promise.resolve();
        return load(ref, 'older', 'older', { before: cursor }, (t, page) => prependOlder(t, page, cursor));
      },

      loadNewer: (ref) => {
        const tl = get().timelines[conversationKey(ref)];
        if (!tl) return get().loadLatest(ref);
        const cursor = tl.messages[tl.messages.length - 1]?.id;
        if (cursor === undefined) return get().loadLatest(ref);
        if (!tl.hasMoreAfter) return Promise.resolve();
        return load(ref, 'newer', 'newer', { after: cursor }, (t, page) => appendNewer(t, page, cursor));
      },

      jumpTo: (ref, messageId) => {
        const tl = get().timelines[conversationKey(ref)];
        // Already on screen: nothing to fetch.
        if (tl?.messages.some((m) => m.id === messageId)) return Promise.resolve();
        return load(ref, 'around', `around:${messageId}`, { around: messageId }, mergePage);
      },

      send: (ref, input) => {
        const key = conversationKey(ref);
        const nonce = newNonce();
        const replied = input.replyTo === undefined
          ? undefined
          : get().timelines[key]?.messages.find((m) => m.id === input.replyTo);
        const payload: SendPayload = {
          ...target(ref),
          content: input.content,
          nonce,
          ...(input.replyTo !== undefined ? { reply_to: input.replyTo } : {}),
          ...(input.attachments?.length ? { attachments: input.attachments.map((a) => a.id) } : {}),
        };
        payloads.set(nonce, payload);
        update(
          key,
          (tl) =>
            addPending(tl, {
              nonce,
              content: input.content,
              author: deps.me(),
              reply: replied
                ? { id: replied.id, author_id: replied.author?.id ?? null, content: replied.content, deleted: false }
                : null,
              attachments: input.attachments ?? [],
              createdAt: Date.now(),
            }),
          // Sent before any page was loaded: older history is unknown, not absent.
          () => ({ ...emptyTimeline(), hasMoreBefore: true }),
        );
        return emitSend(key, payload);
      },

      retry: (ref, nonce) => {
        const key = conversationKey(ref);
        const payload = payloads.get(nonce);
        const pending = get().timelines[key]?.pending.find((p) => p.nonce === nonce);
        if (!payload || !pending || pending.state !== 'failed') return Promise.resolve();
        update(key, (tl) => retryPending(tl, nonce));
        return emitSend(key, payload);
      },

      discard: (ref, nonce) => {
        payloads.delete(nonce);
        update(conversationKey(ref), (tl) => discardPending(tl, nonce));
      },

      edit: async (ref, messageId, content) => {
        const { message } = await emitWithAck<{ message: Message }>(deps.socket, 'message:edit', {
          message_id: messageId,
          content,
        });
        update(conversationKey(ref), (tl) => applyUpdated(tl, message));
        return message;
      },

      remove: async (ref, messageId) => {
        const { deleted } = await emitWithAck<{ deleted: DeletedRef }>(deps.socket, 'message:delete', {
          message_id: messageId,
        });
        update(conversationKey(ref), (tl) => applyDeleted(tl, deleted.id));
      },

      pin: async (ref, messageId) => {
        const { message } = await emitWithAck<{ message: Message }>(deps.socket, 'message:pin', {
          message_id: messageId,
        });
        update(conversationKey(ref), (tl) => applyUpdated(tl, message));
        return message;
      },

      unpin: async (ref, messageId) => {
        const { message } = await emitWithAck<{ message: Message }>(deps.socket, 'message:unpin', {
          message_id: messageId,
        });
        update(conversationKey(ref), (tl) => applyUpdated(tl, message));
        return message;
      },

      react: async (ref, messageId, emoji) => {
        const { reaction } = await emitWithAck<{ reaction: ReactionEvent }>(deps.socket, 'reaction:add', {
          message_id: messageId,
          emoji,
        });
        update(conversationKey(ref), (tl) => applyReaction(tl, reaction, deps.me().id));
      },

      unreact: async (ref, messageId, emoji) => {
        const { reaction } = await emitWithAck<{ reaction: ReactionEvent }>(
          deps.socket,
          'reaction:remove',
          { message_id: messageId, emoji },
        );
        update(conversationKey(ref), (tl) => applyReaction(tl, reaction, deps.me().id));
      },

      markRead: async (ref, messageId) => {
        const key = conversationKey(ref);
        const marked = lastMarked.get(key);
        // The position only moves forward: marking an older message again is a wasted event
        // (and counts against the "read" rate limit).
        if (marked !== undefined && compareIds(messageId, marked) <= 0) return marked;
        const { last_read_id } = await emitWithAck<{ last_read_id: string }>(deps.socket, 'chat:read', {
          ...target(ref),
          message_id: messageId,
        });
        const now = lastMarked.get(key);
        if (now === undefined || compareIds(last_read_id, now) > 0) lastMarked.set(key, last_read_id);
        deps.onRead?.(ref, last_read_id);
        return last_read_id;
      },

      receiveNew: (msg) => update(conversationKey(msg), (tl) => applyNew(tl, msg)),
      receiveUpdated: (msg) => update(conversationKey(msg), (tl) => applyUpdated(tl, msg)),
      receiveDeleted: (d) => update(conversationKey(d), (tl) => applyDeleted(tl, d.id)),
      receiveReaction: (ev) =>
        update(conversationKey(ev), (tl) => applyReaction(tl, ev, deps.me().id)),

      drop: (key) => {
        generation.set(key, (generation.get(key) ?? 0) + 1);
        for (const k of inFlight.keys()) if (k.startsWith(`${key}|`)) inFlight.delete(k);
        lastMarked.delete(key);
        set((s) => {
          if (!(key in s.timelines) && !(key in s.loading)) return s;
          const { [key]: _tl, ...timelines } = s.timelines;
          const { [key]: _ld, ...loading } = s.loading;
          return { timelines, loading };
        });
      },

      clear: () => {
        epoch++;
        inFlight.clear();
        payloads.clear();
        lastMarked.clear();
        set({ timelines: {}, loading: {} });
      },
    };
  });
}

export type ConversationsStore = ReturnType<typeof createConversationsStore>;
