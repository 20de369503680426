// Stand-ins for the live tests: a socket whose acknowledgements and server events the test
// drives, a REST client whose answers the test decides, and message fixtures.
import { vi } from 'vitest';
import { createApiClient } from '@/lib/api/client';
import type { AckEmitter } from '@/lib/socket/client';
import type { Message, MessageAuthor } from '@/lib/socket/protocol';
import type { HistoryPage } from '@/features/chat/messages/timeline';
import type { LiveSocket } from './bind';

export interface Emitted {
  event: string;
  payload: Record<string, unknown>;
  answer(value: unknown): void;
  timeOut(): void;
}

export function fakeSocket() {
  const emitted: Emitted[] = [];
  const handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  const socket: AckEmitter & LiveSocket = {
    timeout: () => ({
      emit: (event, payload, cb) => {
        const ack = cb as (err: unknown, answer?: unknown) => void;
        emitted.push({
          event,
          payload: payload as Record<string, unknown>,
          answer: (value) => ack(null, value),
          timeOut: () => ack(new Error('operation has timed out')),
        });
        return undefined;
      },
    }),
    on: (event, handler) => {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
    },
    off: (event, handler) => {
      handlers.get(event)?.delete(handler);
    },
  };
  return {
    socket,
    emitted,
    /** The last emit of that event. */
    last(event: string): Emitted {
      const e = emitted.filter((x) => x.event === event).at(-1);
      if (!e) throw new Error(`nothing emitted as ${event}`);
      return e;
    },
    /** A server event, with the recovery offset socket.io appends. */
    fire(event: string, payload: unknown) {
      for (const h of handlers.get(event) ?? []) h(payload, 'offset-1');
    },
    listeners: (event: string) => handlers.get(event)?.size ?? 0,
    events: () => [...handlers].filter(([, s]) => s.size > 0).map(([e]) => e),
  };
}

interface Pending {
  url: URL;
  resolve(status: number, body: unknown): void;
}

/** A REST client whose every request waits until the test answers it. */
export function fakeApi() {
  const requests: Pending[] = [];
  const fetch = vi.fn(
    (input: RequestInfo | URL) =>
      new Promise<Response>((resolve) => {
        requests.push({
          url: new URL(String(input), 'http://chat.test'),
          resolve: (status, body) => resolve(new Response(JSON.stringify(body), { status })),
        });
      }),
  ) as unknown as typeof globalThis.fetch;
  return {
    api: createApiClient({ fetch }),
    requests,
    /** Answers the oldest unanswered request and lets the store apply it. */
    async reply(body: unknown, status = 200) {
      const r = requests.shift();
      if (!r) throw new Error('no request to answer');
      r.resolve(status, body);
      await flush();
    },
  };
}

/** Lets resolved promises run their continuations. */
export async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

export const ME: MessageAuthor = { id: '1', username: 'me', display_name: 'Me', avatar_url: null };
export const ADA: MessageAuthor = { id: '2', username: 'ada', display_name: 'Ada', avatar_url: null };

export function msg(id: string, over: Partial<Message> = {}): Message {
  return {
    id,
    chat_id: '50',
    channel_id: null,
    author: ADA,
    content: `message ${id}`,
    reply: null,
    attachments: [],
    reactions: [],
    mentions: [],
    pinned: false,
    nonce: null,
    created_at: 1750000000000 + Number(id),
    edited_at: null,
    ...over,
  };
}

export function page(ids: string[], before: boolean, after: boolean, over: Partial<Message> = {}): HistoryPage {
  return { messages: ids.map((id) => msg(id, over)), has_more_before: before, has_more_after: after };
}
